// Builds dist/chat-widget.js: socket.io-client's browser bundle, the stylesheet and the widget
// in one self-contained script (one <script> tag on the host page, no global but PathwayChat).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const ioFile = join(dirname(require.resolve("socket.io-client/package.json")), "dist", "socket.io.min.js");
const ioVersion = require("socket.io-client/package.json").version;
const read = (file) => readFileSync(file, "utf8");

const bundle = [
  `/*! Pathway chat widget; includes socket.io-client ${ioVersion} (MIT). Built by web/build.mjs. */`,
  "(function () {",
  // socket.io-client's UMD wrapper exports into this local `module`, not into window.io
  "var module = { exports: {} }, exports = module.exports, define;",
  read(ioFile).replace(/\/\/# sourceMappingURL=.*$/m, ""),
  "var io = module.exports;",
  `var WIDGET_CSS = ${JSON.stringify(read(join(here, "src", "widget.css")))};`,
  // The server that serves this file fills in its settings here (bot/rasa_server/channels/web.py); served
  // from elsewhere, the widget uses none and the server still applies its own limits.
  "var SERVER_CONFIG = {} /* server config */;",
  read(join(here, "src", "widget.js")),
  "})();",
  "",
].join("\n");

mkdirSync(join(here, "dist"), { recursive: true });
writeFileSync(join(here, "dist", "chat-widget.js"), bundle);
console.log(`web/dist/chat-widget.js: ${bundle.length} bytes (socket.io-client ${ioVersion})`);
