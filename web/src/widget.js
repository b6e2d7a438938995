/*
 * Pathway chat widget: one <script> tag adds a chat launcher that talks to Rasa's `socketio`
 * channel. Built by build.mjs into dist/chat-widget.js, which also holds socket.io-client
 * (as `io`) and the stylesheet (as `WIDGET_CSS`).
 *
 * Config (data- attributes on the script tag, all optional):
 *   data-server-url      Rasa server (default: where this script was loaded from)
 *   data-socket-path     socket.io path (default /socket.io)
 *   data-feedback-url    thumbs up/down endpoint (default <server>/webhooks/web/feedback)
 *   data-title           panel title
 *   data-primary-color   #rgb or #rrggbb; text on it is picked black or white for contrast
 *   data-initial-message first bot message shown when the conversation is empty
 *
 * Set by the server that serves the script (SERVER_CONFIG, filled in by bot/rasa_server/channels/web.py):
 *   maxMessageChars      the longest message the server reads (bot/inputs.py); the input box
 *                        takes no more
 *   retentionDays        how long the conversation is kept in this browser (default 30): stored
 *                        messages older than that are dropped, and the whole stored state (the
 *                        session id too) once the last message is older than that
 *
 * Stored in the host page's localStorage (key "pathway-chat:<server>"): the session id (an opaque
 * token from the server's `session_confirm`), the last MAX_STORED messages, each with its time
 * (`ts`), the time of the last message (`lastActivity`), and whether the panel is open.
 * "Clear conversation" in the panel's header removes all of it and asks the server for a new
 * session on the same socket (`session_request` with `session_id: null`).
 *
 * Chat goes over Socket.IO on the websocket transport only (no long-polling), so a server with
 * several replicas needs no sticky sessions. An answer that has not arrived REPLY_TIMEOUT_MS
 * after a message was sent gets a short notice in the transcript (shown here only, sent
 * nowhere); an answer that comes later is shown as usual.
 *
 * An answer's sources arrive as `links` ([{title, url}]) on its last paragraph and are shown
 * under it as "Source: <title>" links (new tab); a URL already in the answer's text is not
 * repeated.
 *
 * Safety: every user and bot string goes into the page as a text node; links are <a>
 * elements built for http(s) URLs only. Nothing is ever assigned to innerHTML.
 */
/* global io, WIDGET_CSS, SERVER_CONFIG */
(function () {
  "use strict";

  var script = document.currentScript;
  var ds = (script && script.dataset) || {};
  var scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var serverUrl = (ds.serverUrl || scriptOrigin).replace(/\/+$/, "");
  var config = {
    serverUrl: serverUrl,
    socketPath: ds.socketPath || "/socket.io",
    feedbackUrl: ds.feedbackUrl || serverUrl + "/webhooks/web/feedback",
    title: ds.title || "Police intelligence careers",
    primary: hexColour(ds.primaryColor) || "#003087",
    initialMessage: ds.initialMessage ||
      "Hello! Ask me about careers in police intelligence: the roles, how to get in, and training such as the IPP.",
    storageKey: "pathway-chat:" + serverUrl,
    maxMessageChars: positiveInt(SERVER_CONFIG && SERVER_CONFIG.maxMessageChars),
    retentionDays: nonNegativeInt(SERVER_CONFIG && SERVER_CONFIG.retentionDays, 30),
  };
  var NOTICE = "Automated assistant. Not an application form, and not for reporting crime: " +
    "call 999 in an emergency, 101 otherwise.";
  var MAX_STORED = 200;
  var REPLY_TIMEOUT_MS = 20000;
  var NO_REPLY = "Sorry, no answer arrived. Please try again.";
  var DAY_MS = 24 * 60 * 60 * 1000;
  var RETENTION_MS = config.retentionDays * DAY_MS;

  function positiveInt(value) {
    return typeof value === "number" && value > 0 && Math.floor(value) === value ? value : null;
  }
  function nonNegativeInt(value, fallback) {
    return typeof value === "number" && value >= 0 && Math.floor(value) === value ? value : fallback;
  }

  // ---- colours -----------------------------------------------------------------------------
  function hexColour(value) {
    var m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value || "").trim());
    if (!m) return null;
    var h = m[1].length === 3 ? m[1].replace(/(.)/g, "$1$1") : m[1];
    return "#" + h.toLowerCase();
  }
  function luminance(hex) {
    var c = [1, 3, 5].map(function (i) {
      var v = parseInt(hex.substr(i, 2), 16) / 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  function contrast(a, b) {
    var x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  var DARK = "#1b1b1b";
  var onPrimary = contrast(config.primary, "#ffffff") >= contrast(config.primary, DARK) ? "#ffffff" : DARK;
  var accentText = contrast(config.primary, "#ffffff") >= 4.5 ? config.primary : DARK;

  // ---- stored state: session id, transcript, open or closed --------------------------------
  /** Whether a time (ms since the epoch) is within the retention. A time more than a day in
   *  the future (a clock set wrong, or a hand-edited store) is not trusted either. */
  function withinRetention(time, now) {
    return typeof time === "number" && now - time <= RETENTION_MS && time - now <= DAY_MS;
  }
  function freshState(nextId) {
    return { sessionId: null, open: false, messages: [], nextId: nextId || 1, lastActivity: null };
  }
  function removeStored() {
    try { localStorage.removeItem(config.storageKey); } catch (e) { /* storage blocked */ }
  }
  /** The stored state, without the messages older than the retention; nothing (a new
   *  conversation) when its last message is older than that, or when it has no times (stored
   *  by an older widget: its age is unknown). */
  function loadState() {
    var s = null, now = Date.now();
    try {
      s = JSON.parse(localStorage.getItem(config.storageKey) || "null");
    } catch (e) { /* storage blocked or corrupt: start afresh */ }
    if (s && typeof s === "object" && Array.isArray(s.messages) && withinRetention(s.lastActivity, now)) {
      s.messages = s.messages.filter(function (m) { return m && withinRetention(m.ts, now); });
      s.sessionId = typeof s.sessionId === "string" && s.sessionId ? s.sessionId : null;
      s.nextId = positiveInt(s.nextId) || 1;
      save(s);
      return s;
    }
    if (s !== null) removeStored();
    return freshState();
  }
  function save(s) {
    s = s || state;
    s.messages = s.messages.slice(-MAX_STORED);
    var now = Date.now();
    var stored = {
      sessionId: s.sessionId, open: s.open, nextId: s.nextId, lastActivity: s.lastActivity,
      messages: s.messages.filter(function (m) { return withinRetention(m.ts, now); }),
    };
    try { localStorage.setItem(config.storageKey, JSON.stringify(stored)); } catch (e) { /* private mode */ }
  }
  var state = loadState();

  // ---- DOM helpers -------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  // Icons (Material Icons paths, Apache-2.0): inline SVG, so no emoji font is needed.
  var ICONS = {
    chat: "M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2z",
    up: "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 " +
      "7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23" +
      ".14-.47.14-.73v-2z",
    down: "M15 3H6c-.83 0-1.54.5-1.84 1.22l-3.02 7.05c-.09.23-.14.47-.14.73v2c0 1.1.9 2 2 2h6.31l-.95 " +
      "4.57-.03.32c0 .41.17.79.44 1.06L9.83 23l6.59-6.59c.36-.36.58-.86.58-1.41V5c0-1.1-.9-2-2-2zm4 " +
      "0v12h4V3h-4z",
  };
  function icon(name) {
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "icon");
    var path = document.createElementNS(NS, "path");
    path.setAttribute("d", ICONS[name]);
    path.setAttribute("fill", "currentColor");
    svg.appendChild(path);
    return svg;
  }

  /** A link that opens in a new tab, and says so to screen readers. */
  function newTabLink(url, text) {
    return el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, [
      document.createTextNode(text), el("span", { className: "sr-only", text: " (opens in a new tab)" }),
    ]);
  }

  var URL_RE = /\bhttps?:\/\/[^\s<>"']+/g;
  var TRAILING = /[.,;:!?)\]]+$/;
  /** The URLs that `linkified` makes links of. */
  function urlsIn(text) {
    return (text.match(URL_RE) || []).map(function (u) { return u.replace(TRAILING, ""); });
  }
  /** Text as nodes, with http(s) URLs as links; trailing punctuation stays outside the link. */
  function linkified(text) {
    var frag = document.createDocumentFragment();
    var last = 0, m;
    URL_RE.lastIndex = 0;
    while ((m = URL_RE.exec(text))) {
      var url = m[0].replace(TRAILING, "");
      frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      frag.appendChild(newTabLink(url, url));
      last = m.index + url.length;
      URL_RE.lastIndex = last;
    }
    frag.appendChild(document.createTextNode(text.slice(last)));
    return frag;
  }

  // ---- build the widget in a shadow root (styles isolated from the host page) ------------
  var host = el("div", { id: "pathway-chat" });
  var root = host.attachShadow({ mode: "open" });
  var style = el("style", { text: WIDGET_CSS });
  host.style.setProperty("--pc-primary", config.primary);
  host.style.setProperty("--pc-on-primary", onPrimary);
  host.style.setProperty("--pc-accent-text", accentText);

  var launcher = el("button", {
    type: "button", className: "launcher", "aria-expanded": "false", "aria-controls": "pc-panel",
  }, [icon("chat"),
    el("span", { text: "Ask about intelligence careers" })]);
  var titleEl = el("h2", { id: "pc-title", text: config.title });
  var clearBtn = el("button", { type: "button", className: "clear" }, [
    document.createTextNode("Clear"), el("span", { className: "sr-only", text: " conversation" })]);
  var closeBtn = el("button", { type: "button", className: "close", "aria-label": "Close chat" },
    [el("span", { "aria-hidden": "true", text: "\u00D7" })]);
  var status = el("p", { className: "status", role: "status" });
  var log = el("div", {
    className: "log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0",
  });
  var typing = el("div", { className: "typing", role: "status", hidden: "" }, [
    el("span", { className: "dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
    el("span", { className: "sr-only", text: "The assistant is typing" }),
  ]);
  var input = el("input", {
    id: "pc-input", type: "text", autocomplete: "off", enterkeyhint: "send",
  });
  if (config.maxMessageChars) input.setAttribute("maxlength", String(config.maxMessageChars));
  var form = el("form", { className: "composer" }, [
    el("label", { "for": "pc-input", className: "sr-only", text: "Your question" }),
    input,
    el("button", { type: "submit", className: "send", text: "Send" }),
  ]);
  var panel = el("section", {
    id: "pc-panel", className: "panel", role: "dialog", "aria-labelledby": "pc-title", hidden: "",
  }, [
    el("header", {}, [titleEl, clearBtn, closeBtn]),
    el("p", { className: "notice", text: NOTICE }),
    status, log, typing, form,
  ]);
  input.setAttribute("placeholder", "Type your question");
  root.appendChild(style);
  root.appendChild(launcher);
  root.appendChild(panel);

  // ---- rendering messages ----------------------------------------------------------------
  function renderMessage(m) {
    var who = m.from === "user" ? "You" : m.noReply ? "Notice" : "Assistant";
    var body = el("p", { className: "text" }, [el("span", { className: "sr-only", text: who + ": " })]);
    body.appendChild(linkified(m.text || ""));
    var node = el("div", { className: "msg " + m.from + (m.noReply ? " no-reply" : ""), "data-id": String(m.id) },
      [body]);
    if (m.from === "user" && m.status === "pending") {
      node.appendChild(el("p", { className: "pending", text: "Waiting to send\u2026" }));
    }
    (m.links || []).forEach(function (link) {
      node.appendChild(el("p", { className: "source" }, [
        document.createTextNode("Source: "), newTabLink(link.url, link.title)]));
    });
    if (m.from === "bot" && !m.local) node.appendChild(feedbackRow(m));
    if (m.buttons && m.buttons.length) {
      var list = el("ul", { className: "replies", "aria-label": "Suggested questions" });
      m.buttons.forEach(function (b) {
        var btn = el("button", { type: "button", className: "reply", text: b.title });
        btn.addEventListener("click", function () { sendUser(b.title, b.payload); });
        list.appendChild(el("li", {}, [btn]));
      });
      node.appendChild(list);
    }
    return node;
  }

  /** Thumbs for one answer; a multi-paragraph answer keeps them only on its last paragraph. */
  function feedbackRow(m) {
    var row = el("div", { className: "feedback", role: "group", "aria-label": "Was this answer helpful?" });
    [["up", "Helpful"], ["down", "Not helpful"]].forEach(function (f) {
      var btn = el("button", {
        type: "button", className: "thumb", "data-value": f[0], "aria-label": f[1],
        "aria-pressed": m.feedback === f[0] ? "true" : "false",
      }, [icon(f[0])]);
      btn.addEventListener("click", function () { sendFeedback(m, f[0], row); });
      row.appendChild(btn);
    });
    return row;
  }

  function answerText(m) {
    var i = state.messages.indexOf(m), parts = [];
    while (i >= 0 && state.messages[i].from === "bot" && !state.messages[i].local) {
      parts.unshift(state.messages[i].text);
      i -= 1;
    }
    return parts.join("\n\n");
  }

  function pressFeedback(m, value, row) {
    m.feedback = value;
    save();
    row.querySelectorAll("button").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-value") === value ? "true" : "false");
    });
  }

  function sendFeedback(m, value, row) {
    var before = m.feedback;
    pressFeedback(m, value, row);
    fetch(config.feedbackUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session_id: state.sessionId || "", message_id: String(m.id), value: value, text: answerText(m) }),
    }).then(function (r) {
      // Success is the status alone (the server answers 204, no body; the body is not read).
      // Too many ratings (429) fail quietly: nothing to tell the visitor they can act on.
      // An answer takes one vote (409 for another): the one counted stays pressed.
      if (r.status >= 200 && r.status < 300) setStatus("Thanks for your feedback.");
      else if (r.status === 409) {
        pressFeedback(m, before, row);
        setStatus("You have already rated this answer.");
      } else setStatus(r.status === 429 ? "" : "Sorry, your feedback could not be sent.");
    }, function () { setStatus("Sorry, your feedback could not be sent."); });
  }

  function append(m) {
    var prev = state.messages[state.messages.length - 1];
    m.ts = Date.now();
    state.lastActivity = m.ts;
    state.messages.push(m);
    save();
    if (m.from === "bot" && !m.local && prev && prev.from === "bot" && !prev.local && !prev.feedback) {
      var prevRow = log.querySelector('[data-id="' + prev.id + '"] .feedback');
      if (prevRow) prevRow.remove();
    }
    log.appendChild(renderMessage(m));
    log.scrollTop = log.scrollHeight;
    return m;
  }

  function renderAll() {
    while (log.firstChild) log.removeChild(log.firstChild);
    state.messages.forEach(function (m, i) {
      var node = renderMessage(m);
      var next = state.messages[i + 1];
      if (next && next.from === "bot" && !next.local && m.from === "bot" && !m.feedback) {
        var row = node.querySelector(".feedback");
        if (row) row.remove();
      }
      log.appendChild(node);
    });
    log.scrollTop = log.scrollHeight;
  }

  // ---- status, typing, an answer that does not come ---------------------------------------
  function setTyping(on) { typing.hidden = !on; }
  // The status region stays in the page (empty collapses to nothing) so that screen readers
  // announce what is put in it. `connection` marks a message about the connection, which goes
  // once the session is confirmed; others stay until replaced.
  var statusIsConnection = false;
  function setStatus(text, connection) {
    status.textContent = text;
    statusIsConnection = !!connection;
  }
  setStatus("");

  var replyTimer = null;
  /** Wait REPLY_TIMEOUT_MS for an answer to what was just sent. */
  function awaitReply() {
    clearTimeout(replyTimer);
    setTyping(true);
    replyTimer = setTimeout(function () {
      replyTimer = null;
      setTyping(false);
      append({ id: state.nextId++, from: "bot", text: NO_REPLY, local: true, noReply: true });
    }, REPLY_TIMEOUT_MS);
  }
  function stopAwaitingReply() {
    clearTimeout(replyTimer);
    replyTimer = null;
    setTyping(false);
  }

  // ---- the socket: session, queue of outgoing messages, incoming answers -------------------
  var socket = io(config.serverUrl, {
    path: config.socketPath, transports: ["websocket"], autoConnect: false, reconnectionDelayMax: 10000,
  });
  var ready = false;      // connected and the session room joined
  var inflight = {};      // message ids emitted on this connection and not yet acknowledged
  var sessionRequests = 0;  // session_request sent on this connection and not yet confirmed
  var everConnected = false;
  var LOST = "Connection lost. Reconnecting\u2026 Your messages will be sent when it is back.";

  function flush() {
    if (!ready) return;
    state.messages.forEach(function (m) {
      if (m.from !== "user" || m.status !== "pending" || inflight[m.id]) return;
      inflight[m.id] = true;
      awaitReply();
      socket.emit("user_uttered", {
        message: m.payload || m.text,
        session_id: state.sessionId,
        customData: { source: "web-widget", page: location.origin + location.pathname },
      }, function () {  // the server acknowledges once it has handled the message (answered it)
        if (!inflight[m.id]) return;  // from before a reconnection or "Clear conversation"
        delete inflight[m.id];
        markSent(m);
        if (Object.keys(inflight).length) awaitReply();  // the next one's answer is still to come
      });
    });
  }

  /** A message the server has answered is never sent again, even when the connection drops
   *  before its acknowledgement arrives (a resend would give the visitor the answer twice). */
  function markSent(m) {
    if (m.status === "sent") return;
    m.status = "sent";
    save();
    var note = log.querySelector('[data-id="' + m.id + '"] .pending');
    if (note) note.remove();
  }

  /** The message an answer belongs to: the oldest one still in flight. The server answers a
   *  conversation's messages in order and acknowledges each after its last answer. */
  function answeredMessage() {
    var oldest = null;
    state.messages.forEach(function (m) {
      if (inflight[m.id] && (!oldest || m.id < oldest.id)) oldest = m;
    });
    return oldest;
  }

  /** Join the stored session (or, with none, a new one); messages wait until it is confirmed. */
  function requestSession() {
    setReady(false);
    sessionRequests += 1;
    socket.emit("session_request", { session_id: state.sessionId });
  }
  socket.on("connect", function () {
    everConnected = true;
    sessionRequests = 0;
    requestSession();
  });
  function setReady(on) {
    ready = on;
    panel.classList.toggle("offline", !on);
  }
  setReady(false);
  socket.on("session_confirm", function (sessionId) {
    // An opaque token (signed by the server): stored as it is and sent back on reconnection.
    var token = typeof sessionId === "string" ? sessionId
      : sessionId && typeof sessionId.session_id === "string" ? sessionId.session_id : "";
    sessionRequests = Math.max(0, sessionRequests - 1);
    if (sessionRequests > 0) return;  // a newer request (a new conversation) is on its way
    if (token) {
      state.sessionId = token;
      save();
    }
    setReady(true);
    if (statusIsConnection) setStatus("");
    flush();
  });
  socket.on("disconnect", function (reason) {
    setReady(false);
    inflight = {};
    sessionRequests = 0;
    stopAwaitingReply();
    if (reason !== "io client disconnect") setStatus(LOST, true);
  });
  socket.on("connect_error", function () {
    setReady(false);
    setStatus(everConnected ? LOST : "Cannot reach the assistant yet. Trying again\u2026", true);
  });
  socket.on("bot_uttered", function (msg) {
    if (!msg || typeof msg !== "object") return;
    var buttons = (msg.quick_replies || msg.buttons || []).filter(function (b) {
      return b && typeof b.title === "string";
    }).map(function (b) { return { title: b.title, payload: String(b.payload || b.title) }; });
    if (typeof msg.text !== "string" && !buttons.length) return;
    var text = typeof msg.text === "string" ? msg.text : "";
    var answered = answeredMessage();
    if (answered) markSent(answered);
    stopAwaitingReply();
    append({ id: state.nextId++, from: "bot", text: text, buttons: buttons, links: sourceLinks(msg.links, text) });
  });

  /** The answer's source links worth showing: http(s), titled, each URL once, and not one
   *  the answer's text already links. */
  function sourceLinks(links, text) {
    var seen = {};
    urlsIn(text).forEach(function (url) { seen[url] = true; });
    return (Array.isArray(links) ? links : []).filter(function (l) {
      if (!l || typeof l.title !== "string" || typeof l.url !== "string") return false;
      if (!/^https?:\/\//.test(l.url) || seen[l.url]) return false;
      seen[l.url] = true;
      return true;
    }).map(function (l) { return { title: l.title, url: l.url }; });
  }

  function sendUser(text, payload) {
    text = (text || "").trim();
    if (!text) return;
    if (ready) setStatus("");
    append({ id: state.nextId++, from: "user", text: text, payload: payload || null, status: "pending" });
    flush();
  }

  /** "Clear conversation": forget everything stored, show the greeting again, and start a new
   *  session on the same socket (the server moves the socket to it). Unsent messages go too. */
  function clearConversation() {
    removeStored();
    stopAwaitingReply();
    inflight = {};
    state = freshState(state.nextId);  // ids keep counting, so a late acknowledgement matches none
    state.open = !panel.hidden;
    renderAll();
    if (state.open) showGreeting();
    setStatus("Conversation cleared.");
    if (socket.connected) requestSession();  // { session_id: null }
  }

  // ---- open, close, keyboard -------------------------------------------------------------
  function showGreeting() {
    append({ id: state.nextId++, from: "bot", text: config.initialMessage, local: true });
  }
  function open(moveFocus) {
    if (!state.messages.length) showGreeting();
    panel.hidden = false;
    host.classList.add("open");
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    save();
    if (!socket.connected) socket.connect();
    log.scrollTop = log.scrollHeight;
    if (moveFocus !== false) input.focus();
  }
  function close() {
    panel.hidden = true;
    host.classList.remove("open");
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    save();
    launcher.focus();
  }
  launcher.addEventListener("click", function () { if (panel.hidden) open(); else close(); });
  closeBtn.addEventListener("click", close);
  clearBtn.addEventListener("click", clearConversation);
  panel.addEventListener("keydown", function (e) { if (e.key === "Escape") close(); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    sendUser(input.value);
    input.value = "";
    input.focus();
  });

  function mount() {
    document.body.appendChild(host);
    renderAll();
    if (state.open) open(false);
    else if (state.messages.some(function (m) { return m.status === "pending"; })) socket.connect();
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);

  // A small handle for host pages (and tests): open, close or clear from a page's own button.
  window.PathwayChat = { open: open, close: close, clear: clearConversation, socket: socket, config: config };
})();
