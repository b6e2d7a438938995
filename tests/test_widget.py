"""The web chat widget in a real browser (Debian's chromium, driven by Playwright) against the
real servers: the action server and `rasa run` with the project's credentials.yml and model.

What a visitor does: opens the widget on the demo page, asks, follows an answer's source,
clicks suggestions, reloads, types HTML, uses only the keyboard, rates an answer, loses the
connection, uses a phone, embeds the widget on another site (an allowed origin), comes back
after the retention (the stored conversation is gone), clears the conversation, and waits for
an answer that does not come; axe-core audits what is on screen. Under the widget, its
Socket.IO channel (websocket only, from the widget): what a message over a websocket is stored
as, the size limit, and which origins may connect. Needs `make train` and the built widget
(web/dist) with web/node_modules (npm ci).
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import aiohttp
import pytest
import requests
import yaml
from playwright.sync_api import Page, expect

from axe import WCAG_A_AA, audit
from browser import chromium, read_feedback
from bot.action_server.citations import source_links
from servers import PROJECT, RASA, action_server, free_port, server_env, start, stop, wait_until_up
from socket_client import Closed, Refused, SocketIOClient

pytestmark = pytest.mark.model

RESULTS = PROJECT / "results"
ANSWER_WAIT_MS = 60_000  # an upper bound for a slow CI machine, not a speed requirement
IPP_ANSWER = "Intelligence Professionalisation Programme"
XSS = "<img src=x onerror=alert(1)>"
#: The server's message limit in these tests: not the default, so a widget that kept its own
#: number instead of the server's would be caught.
LIMIT = 600
#: The server's retention in these tests ($PATHWAY_RETENTION_DAYS, what `pathway purge` uses),
#: not the default of 30 for the same reason.
RETENTION_DAYS = 7
NO_REPLY = "Sorry, no answer arrived. Please try again."
GREETING = ("Hello! Ask me about careers in police intelligence: the roles, how to get in, and "
            "training such as the IPP.")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Action server + `rasa run` (socketio and the web connector) on free ports, with an SQLite
    tracker store to read what was stored, and one other site allowed as an origin."""
    widget = PROJECT / "web" / "dist" / "chat-widget.js"
    assert widget.is_file(), "build the widget first: cd web && npm ci && npm run build"
    channels = yaml.safe_load((PROJECT / "credentials.yml").read_text()) or {}
    web = {"bot.rasa_server.channels.web.SocketIO", "bot.rasa_server.channels.web.WebChat"}
    assert web <= set(channels), \
        "credentials.yml lacks the web chat channels"
    tmp = tmp_path_factory.mktemp("widget-servers")
    action_port, port, other_port = free_port(), free_port(), free_port()
    endpoints = tmp / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
                         "tracker_store:\n  type: bot.rasa_server.stores.RedactingSQLTrackerStore\n"
                         f"  dialect: sqlite\n  db: {tmp / 'tracker.db'}\n")
    env = server_env(PATHWAY_MAX_MESSAGE_CHARS=str(LIMIT),
                     PATHWAY_RETENTION_DAYS=str(RETENTION_DAYS))
    other_site = f"http://127.0.0.1:{other_port}"
    procs = [
        start(action_server(action_port), tmp / "actions.log", env),
        start([RASA, "run", "--model", "models/pathway.tar.gz",
               "--endpoints", str(endpoints), "--credentials", "credentials.yml",
               "--port", str(port), "--cors", other_site, "https://partner.example"],
              tmp / "rasa.log", env),
    ]
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", procs[0], tmp / "actions.log")
        wait_until_up(f"http://127.0.0.1:{port}/webhooks/web/", procs[1], tmp / "rasa.log")
        yield {"url": f"http://127.0.0.1:{port}",
               "tracker_db": tmp / "tracker.db", "other_port": other_port, "other_site": other_site}
    finally:
        stop(procs)

@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1100, "height": 780})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.dialogs = []  # any alert() a message might smuggle in
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    return page


def log_of(page: Page):
    return page.get_by_role("log", name="Conversation")


def ask(page: Page, text: str) -> None:
    box = page.get_by_label("Your question")
    box.fill(text)
    box.press("Enter")


def focused_in_widget(page: Page) -> dict:
    """What has focus inside the widget's shadow root: tag, class, text, label."""
    return page.evaluate("""() => {
        const host = document.activeElement;
        const el = host && host.shadowRoot && host.shadowRoot.activeElement;
        return el ? {tag: el.tagName, cls: el.className, text: el.textContent,
                     label: el.getAttribute('aria-label') || ''} : {};
    }""")


def focus_visible(page: Page) -> bool:
    """The focused widget control shows a focus indicator (an outline at least 2px wide)."""
    return page.evaluate("""() => {
        const el = document.activeElement.shadowRoot.activeElement;
        const style = getComputedStyle(el);
        return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    }""")


def test_ask_click_rate_reload_and_html_is_text(server, page):
    page.goto(server["url"] + "/webhooks/web/")
    page.get_by_role("button", name="Ask about intelligence careers").click()
    dialog = page.get_by_role("dialog", name="Police intelligence careers")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Automated assistant. Not an application form, and not for "
                                   "reporting crime: call 999 in an emergency, 101 otherwise.")

    ask(page, "what is the IPP?")
    log = log_of(page)
    expect(log).to_contain_text(IPP_ANSWER, timeout=ANSWER_WAIT_MS)
    expect(page.locator(".typing")).to_be_hidden()
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "widget.png"))

    # thumbs up on the answer reaches the server, recorded with its topic and conversation
    # (the session token's conversation id: what precedes its signature, if it has one)
    page.get_by_role("button", name="Helpful", exact=True).click()
    expect(page.get_by_role("button", name="Helpful", exact=True)).to_have_attribute("aria-pressed", "true")
    votes = read_feedback(server["tracker_db"])
    session_id = page.evaluate(
        "() => JSON.parse(localStorage.getItem('pathway-chat:' + location.origin)).sessionId")
    assert votes == [("up", "ipp", session_id.split(".")[0])]
    expect(page.get_by_role("status").filter(has_text="Thanks for your feedback")).to_be_visible()

    # a suggested button sends its payload and shows its title
    page.get_by_role("button", name="What about CPD?").click()
    expect(log.locator(".msg.user").last).to_have_text("You: What about CPD?")
    expect(log).to_contain_text("continuing professional development", timeout=ANSWER_WAIT_MS)

    # the conversation survives a reload, in the same session
    page.reload()
    expect(log_of(page)).to_contain_text(IPP_ANSWER)
    expect(log_of(page)).to_contain_text("continuing professional development")
    assert page.evaluate(
        "() => JSON.parse(localStorage.getItem('pathway-chat:' + location.origin)).sessionId"
    ) == session_id

    # HTML typed by the user is shown as text, and nothing runs
    ask(page, XSS)
    expect(log_of(page).locator(".msg.user").last).to_have_text("You: " + XSS)
    expect(log_of(page).locator(".msg.bot").last).not_to_contain_text("continuing professional",
                                                                       timeout=ANSWER_WAIT_MS)
    assert page.locator("#pathway-chat img").count() == 0
    assert page.dialogs == []


def test_keyboard_only(server, page):
    page.goto(server["url"] + "/webhooks/web/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if "launcher" in focused_in_widget(page).get("cls", ""):
            break
    assert "launcher" in focused_in_widget(page).get("cls", ""), "Tab never reached the launcher"
    assert focus_visible(page), "the launcher has focus but no visible focus indicator"
    page.keyboard.press("Enter")
    expect(page.get_by_label("Your question")).to_be_focused()

    page.keyboard.type("what is the IPP?")
    page.keyboard.press("Enter")
    expect(log_of(page)).to_contain_text(IPP_ANSWER, timeout=ANSWER_WAIT_MS)

    # back from the input to the answer's suggestions (Shift+Tab), then Enter on one
    for _ in range(8):
        page.keyboard.press("Shift+Tab")
        if focused_in_widget(page).get("cls") == "reply":
            break
    focused = focused_in_widget(page)
    assert focused.get("cls") == "reply", f"no suggestion reached by keyboard, focus on {focused}"
    assert focus_visible(page), "the suggestion has focus but no visible focus indicator"
    page.keyboard.press("Enter")
    expect(log_of(page).locator(".msg.user").last).to_have_text("You: " + focused["text"])
    expect(log_of(page).locator(".msg.bot")).to_have_count(3, timeout=ANSWER_WAIT_MS)

    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    assert "launcher" in focused_in_widget(page).get("cls", "")


def test_message_typed_while_disconnected_is_sent_on_reconnect(server, context, page):
    page.goto(server["url"] + "/webhooks/web/")
    page.get_by_role("button", name="Ask about intelligence careers").click()
    ask(page, "hello")
    expect(log_of(page).locator(".msg.bot")).to_have_count(2, timeout=ANSWER_WAIT_MS)
    # The server acknowledges a message once it has answered it, so the answer can show before
    # the acknowledgement arrives: "hello" is sent only when its note is gone.
    expect(log_of(page).get_by_text("Waiting to send")).to_have_count(0)

    context.set_offline(True)
    page.evaluate("() => PathwayChat.socket.io.engine.close()")  # the connection drops
    expect(page.get_by_role("status").filter(has_text="Connection lost")).to_be_visible()
    ask(page, "what is the IPP?")
    expect(log_of(page).get_by_text("Waiting to send")).to_be_visible()

    context.set_offline(False)
    expect(log_of(page)).to_contain_text(IPP_ANSWER, timeout=ANSWER_WAIT_MS)
    expect(log_of(page).get_by_text("Waiting to send")).to_have_count(0)


def test_answered_message_is_not_sent_again_when_its_acknowledgement_is_lost(server, context, page):
    page.goto(server["url"] + "/webhooks/web/")
    page.get_by_role("button", name="Ask about intelligence careers").click()
    expect(log_of(page).locator(".msg.bot")).to_have_count(1, timeout=ANSWER_WAIT_MS)
    # The connection drops between the answer and the server's acknowledgement of the question.
    page.evaluate("""() => {
      const socket = PathwayChat.socket, emit = socket.emit;
      socket.emit = function (event, data, ack) {
        if (event === "user_uttered") return emit.call(this, event, data, () => {});
        return emit.apply(this, arguments);
      };
    }""")
    ask(page, "what is the IPP?")
    expect(log_of(page)).to_contain_text(IPP_ANSWER, timeout=ANSWER_WAIT_MS)
    context.set_offline(True)
    page.evaluate("() => PathwayChat.socket.io.engine.close()")
    expect(page.get_by_role("status").filter(has_text="Connection lost")).to_be_visible()
    context.set_offline(False)
    ask(page, "thanks")
    # Answers come in order: had the question been sent again, its answer would come first.
    expect(log_of(page)).to_contain_text("You're welcome", timeout=ANSWER_WAIT_MS)
    expect(log_of(page).locator(".msg.bot").filter(has_text=IPP_ANSWER)).to_have_count(1)
    expect(log_of(page).get_by_text("Waiting to send")).to_have_count(0)


CONTRAST_JS = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
      .map(v => v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4))
      .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const background = el => {
    for (let n = el; n; n = n.parentElement || (n.getRootNode() && n.getRootNode().host)) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const root = document.getElementById('pathway-chat').shadowRoot;
  const sel = 'h2, .clear, .notice, .msg .text, .reply, .thumb, .send, .composer input, .launcher';
  return [...root.querySelectorAll(sel)].filter(e => e.offsetParent !== null || e.matches('.launcher'))
    .map(e => {
      const f = lum(rgb(getComputedStyle(e).color)), b = lum(background(e));
      return {what: e.className || e.tagName, ratio: (Math.max(f, b) + 0.05) / (Math.min(f, b) + 0.05)};
    });
}"""


def test_fits_a_phone_and_meets_contrast(server, browser):
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        page.goto(server["url"] + "/webhooks/web/")
        page.get_by_role("button", name="Ask about intelligence careers").click()
        ask(page, "what is the IPP?")
        expect(log_of(page)).to_contain_text(IPP_ANSWER, timeout=ANSWER_WAIT_MS)
        page.get_by_label("Your question").blur()

        box = page.get_by_role("dialog").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        for control in (page.get_by_label("Your question"), page.get_by_role("button", name="Send"),
                        page.get_by_role("button", name="Clear conversation"),
                        page.get_by_role("button", name="Close chat")):
            b = control.bounding_box()
            assert b["x"] >= 0 and b["x"] + b["width"] <= 360 and b["y"] + b["height"] <= 740
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        assert page.evaluate("() => { const l = document.getElementById('pathway-chat')"
                             ".shadowRoot.querySelector('.log'); return l.scrollWidth <= l.clientWidth; }")

        ratios = page.evaluate(CONTRAST_JS)
        RESULTS.mkdir(exist_ok=True)
        assert {r["what"] for r in ratios} >= {"clear", "notice", "text", "reply", "thumb", "send"}
        assert [r for r in ratios if r["ratio"] < 4.5] == []
        page.screenshot(path=str(RESULTS / "widget-phone.png"))
    finally:
        ctx.close()



@contextmanager
def other_site(server, folder, script):
    """A page holding `script` (a script tag), served from `folder` on the other origin (one
    given to --cors) while in use; yields the page's URL."""
    (folder / "index.html").write_text(
        "<!doctype html><html lang='en'><head><title>Another site</title></head><body>"
        f"<h1>Another site</h1>{script}</body></html>")
    httpd = ThreadingHTTPServer(("127.0.0.1", server["other_port"]),
                                partial(SimpleHTTPRequestHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_embeds_on_another_site(server, page, tmp_path):
    """The README's snippet on a page of another origin, one given to --cors, talks to the
    server across origins (over the websocket that origin checks guard)."""
    script = (f"<script src='{server['url']}/webhooks/web/widget.js' data-title='Ask us' "
              "data-primary-color='#ffcc00' defer></script>")
    with other_site(server, tmp_path, script) as url:
        page.goto(url)
        page.get_by_role("button", name="Ask about intelligence careers").click()
        expect(page.get_by_role("dialog", name="Ask us")).to_be_visible()
        ask(page, "what is the IPP?")
        expect(log_of(page)).to_contain_text(IPP_ANSWER, timeout=ANSWER_WAIT_MS)
        # a light brand colour gets dark text on it, to keep the contrast
        assert page.evaluate("() => getComputedStyle(document.getElementById('pathway-chat')"
                             ".shadowRoot.querySelector('.send')).color") == "rgb(27, 27, 27)"


# ---- sources under answers ------------------------------------------------------------------

def test_an_answer_shows_its_sources_and_chit_chat_none(server, page, content):
    page.goto(server["url"] + "/webhooks/web/")
    page.get_by_role("button", name="Ask about intelligence careers").click()
    ask(page, "hello")
    log = log_of(page)
    expect(log.locator(".msg.bot")).to_have_count(2, timeout=ANSWER_WAIT_MS)
    assert log.locator(".msg.bot").last.get_by_role("link").count() == 0, "chit-chat shows no source"

    ask(page, "what is the IPP?")
    answer = log.locator(".msg.bot").filter(has_text=IPP_ANSWER).last
    expect(answer).to_be_visible(timeout=ANSWER_WAIT_MS)
    expected = source_links(content, content.topics["ipp"].sources)
    # in the answer's own entry of the live log, so it is read out with the answer
    expect(answer.locator(".source")).to_have_text(
        [f"Source: {link['title']} (opens in a new tab)" for link in expected])
    assert log.get_attribute("aria-live") == "polite"
    for link in expected:
        shown = answer.get_by_role("link", name=f"{link['title']} (opens in a new tab)")
        expect(shown).to_have_attribute("href", link["url"])
        expect(shown).to_have_attribute("target", "_blank")
        assert "noopener" in shown.get_attribute("rel").split()
    hrefs = answer.get_by_role("link").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == len(set(hrefs)), "the same URL twice under one answer"

    # keyboard reachable: Shift+Tab from the input passes the suggestions, thumbs, then the link
    page.get_by_label("Your question").focus()
    for _ in range(12):
        page.keyboard.press("Shift+Tab")
        if focused_in_widget(page).get("tag") == "A":
            break
    assert focused_in_widget(page).get("text", "").startswith("College of Policing")
    assert focus_visible(page), "the source link has focus but no visible focus indicator"

    # the sources survive a reload with the rest of the conversation
    page.reload()
    expect(log_of(page).locator(".msg.bot").filter(has_text=IPP_ANSWER).last
           .get_by_role("link")).to_have_count(len(expected))


def test_where_is_that_from_lists_each_url_once(server, page):
    page.goto(server["url"] + "/webhooks/web/")
    page.get_by_role("button", name="Ask about intelligence careers").click()
    ask(page, "how do I get into police intelligence?")
    log = log_of(page)
    expect(log.locator(".msg.bot")).to_have_count(2, timeout=ANSWER_WAIT_MS)
    ask(page, "where is that from?")
    expect(log.locator(".msg.user").last).to_have_text("You: where is that from?")
    reply = log.locator(".msg.bot").last
    expect(reply).to_contain_text("https://", timeout=ANSWER_WAIT_MS)
    hrefs = reply.get_by_role("link").evaluate_all("links => links.map(a => a.href)")
    assert hrefs and len(hrefs) == len(set(hrefs)), hrefs
    text = reply.locator(".text").inner_text()
    assert all(text.count(href) == 1 for href in hrefs), text


# ---- the connection, the stored conversation, clearing it, an answer that does not come ------

def test_the_widget_talks_over_a_websocket_only(server, page):
    """No long-polling: replicas then need no sticky sessions."""
    http = []
    sockets = []
    page.on("request", lambda request: "/socket.io/" in request.url and http.append(request.url))
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.goto(server["url"] + "/webhooks/web/")
    page.get_by_role("button", name="Ask about intelligence careers").click()
    ask(page, "what is the IPP?")
    expect(log_of(page)).to_contain_text(IPP_ANSWER, timeout=ANSWER_WAIT_MS)
    assert page.evaluate("() => PathwayChat.socket.io.engine.transport.name") == "websocket"
    assert http == [], "the widget made Socket.IO requests over HTTP (long-polling)"
    assert sockets and all("transport=websocket" in url for url in sockets), sockets


def stored(page: Page):
    """The widget's stored state (None when there is none)."""
    return page.evaluate("() => JSON.parse(localStorage.getItem(PathwayChat.config.storageKey))")


SEED_JS = """([sessionId, lastActivityDays, messages]) => {
  PathwayChat.socket.disconnect();  // so that the page's widget writes nothing over this
  const day = 24 * 60 * 60 * 1000, now = Date.now();
  localStorage.setItem(PathwayChat.config.storageKey, JSON.stringify({
    sessionId, open: true, nextId: messages.length + 1, lastActivity: now - lastActivityDays * day,
    messages: messages.map(([from, text, days], i) => ({id: i + 1, from, text, ts: now - days * day})),
  }));
}"""


def seed(page: Page, session_id: str, last_activity_days: float, messages: list) -> None:
    """Store a conversation as the widget does: messages as (from, text, age in days)."""
    page.evaluate(SEED_JS, [session_id, last_activity_days, messages])


def test_stored_messages_older_than_the_servers_retention_are_gone_after_reload(server, page):
    """The retention is the server's (its config in the served widget), and applies per
    message and to the whole stored state."""
    page.goto(server["url"] + "/webhooks/web/")
    assert page.evaluate("() => PathwayChat.config.retentionDays") == RETENTION_DAYS
    old, recent = RETENTION_DAYS + 3, RETENTION_DAYS - 3
    seed(page, "seeded-session", 1, [
        ("user", "an old question", old), ("bot", "an old answer", old),
        ("user", "a recent question", recent), ("bot", "a recent answer", 1)])
    page.reload()
    log = log_of(page)
    expect(log).to_contain_text("a recent answer")
    expect(log).not_to_contain_text("an old")
    kept = stored(page)
    assert [m["text"] for m in kept["messages"]] == ["a recent question", "a recent answer"]
    assert all(isinstance(m["ts"], (int, float)) for m in kept["messages"])

    # nothing said for longer than the retention: the whole stored state goes, session id too
    seed(page, "seeded-session", old, [("user", "a question", old), ("bot", "an answer", old)])
    page.reload()
    assert stored(page) is None
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.get_by_role("button", name="Ask about intelligence careers").click()
    expect(log_of(page).locator(".msg")).to_have_count(1)
    expect(log_of(page)).to_contain_text(GREETING)
    page.wait_for_function("() => { const s = JSON.parse(localStorage.getItem(PathwayChat.config"
                           ".storageKey)); return s && typeof s.sessionId === 'string'; }")
    assert stored(page)["sessionId"] != "seeded-session"


def test_without_the_servers_config_the_retention_is_30_days(server, page, tmp_path):
    """The built widget served as it is (no server config in it), on an allowed site."""
    (tmp_path / "chat-widget.js").write_bytes(
        (PROJECT / "web" / "dist" / "chat-widget.js").read_bytes())
    script = f"<script src='/chat-widget.js' data-server-url='{server['url']}' defer></script>"
    with other_site(server, tmp_path, script) as url:
        page.goto(url)
        assert page.evaluate("() => PathwayChat.config.retentionDays") == 30
        seed(page, "seeded-session", 29, [("user", "an old question", 31), ("bot", "an old answer", 31),
                                          ("user", "a question", 29), ("bot", "an answer", 29)])
        page.reload()
        expect(log_of(page)).to_contain_text("an answer")
        expect(log_of(page)).not_to_contain_text("an old")
        assert [m["text"] for m in stored(page)["messages"]] == ["a question", "an answer"]

        seed(page, "seeded-session", 31, [("user", "a question", 31), ("bot", "an answer", 31)])
        page.reload()
        assert stored(page) is None
        expect(page.get_by_role("dialog")).to_be_hidden()


def wait_for_new_session(page: Page, old: str) -> str:
    page.wait_for_function("""old => {
        const s = JSON.parse(localStorage.getItem(PathwayChat.config.storageKey));
        return s && typeof s.sessionId === 'string' && s.sessionId !== '' && s.sessionId !== old;
    }""", arg=old)
    return stored(page)["sessionId"]


def test_clear_conversation_forgets_it_and_starts_a_new_session(server, page):
    page.goto(server["url"] + "/webhooks/web/")
    page.get_by_role("button", name="Ask about intelligence careers").click()
    ask(page, "what is the IPP?")
    log = log_of(page)
    expect(log).to_contain_text(IPP_ANSWER, timeout=ANSWER_WAIT_MS)
    old = stored(page)["sessionId"]

    # a real button in the header, by keyboard
    clear = page.get_by_role("dialog").locator("header").get_by_role("button", name="Clear conversation")
    expect(clear).to_be_visible()
    clear.focus()
    assert focus_visible(page), "Clear conversation has focus but no visible focus indicator"
    page.keyboard.press("Enter")

    expect(log.locator(".msg")).to_have_count(1)
    expect(log).to_contain_text(GREETING)
    expect(page.get_by_role("status").filter(has_text="Conversation cleared")).to_be_visible()
    raw = page.evaluate("() => localStorage.getItem(PathwayChat.config.storageKey) || ''")
    assert "IPP?" not in raw and IPP_ANSWER not in raw and old not in raw, raw

    new = wait_for_new_session(page, old)
    ask(page, "what is the IPP?")
    expect(log).to_contain_text(IPP_ANSWER, timeout=ANSWER_WAIT_MS)
    page.wait_for_function("() => JSON.parse(localStorage.getItem(PathwayChat.config.storageKey))"
                           ".messages.every(m => m.status !== 'pending')")  # the turn is over
    kept = stored(page)
    assert kept["sessionId"] == new
    assert [m["text"] for m in kept["messages"]][:2] == [GREETING, "what is the IPP?"]
    assert [m["text"] for m in kept["messages"] if m["from"] == "user"] == ["what is the IPP?"]
    # the stored conversation, after a reload, is the new one only, in the new session
    page.reload()
    expect(log_of(page).locator(".msg.user")).to_have_text(["You: what is the IPP?"])
    expect(log_of(page).locator(".msg")).to_have_count(len(kept["messages"]))
    assert stored(page)["sessionId"] == new


def test_after_clearing_the_old_conversation_no_longer_reaches_the_page(server, page):
    """The server moves the socket to the new session: what is said in the old one (here by
    another client holding its session id) is not shown."""
    page.goto(server["url"] + "/webhooks/web/")
    page.get_by_role("button", name="Ask about intelligence careers").click()
    ask(page, "hello")
    expect(log_of(page).locator(".msg.bot")).to_have_count(2, timeout=ANSWER_WAIT_MS)
    old = stored(page)["sessionId"]
    page.get_by_role("button", name="Clear conversation").click()
    wait_for_new_session(page, old)

    conversation, replies = in_thread(converse(server["url"], old, "what is the IPP?", server["url"]))
    assert conversation == conversation_of(old) and replies, "the old session was not resumed"
    page.wait_for_timeout(1000)  # the replies went to the old session's room before the ack
    expect(log_of(page).locator(".msg")).to_have_count(1)
    expect(log_of(page)).not_to_contain_text(IPP_ANSWER)


def test_no_answer_in_20_s_gets_a_local_notice_and_a_late_answer_still_shows(server, page):
    """The answer is held back between the server and the page (the acknowledgement is not),
    then let through once the notice is shown."""
    held, sent, routes = [], [], []

    def route(ws):
        to_server = ws.connect_to_server()
        routes.append(ws)

        def from_server(message):
            if isinstance(message, str) and message.startswith("42") and '"bot_uttered"' in message:
                held.append(message)
            else:
                ws.send(message)

        def from_page(message):
            sent.append(message)
            to_server.send(message)

        to_server.on_message(from_server)
        ws.on_message(from_page)

    page.route_web_socket(re.compile(r"/socket\.io/"), route)
    page.goto(server["url"] + "/webhooks/web/")
    page.get_by_role("button", name="Ask about intelligence careers").click()
    asked = time.monotonic()
    ask(page, "what is the IPP?")
    expect(page.locator(".typing")).to_be_visible()

    log = log_of(page)
    notice = log.locator(".msg").filter(has_text=NO_REPLY)
    expect(notice).to_be_visible(timeout=ANSWER_WAIT_MS)
    assert time.monotonic() - asked >= 20, "the notice came before 20 s"
    assert held, "the server's answer never reached the test's proxy"
    expect(page.locator(".typing")).to_be_hidden()
    expect(notice.get_by_role("button")).to_have_count(0)  # no thumbs: not the assistant's answer
    assert not any(NO_REPLY in str(message) for message in sent), "the notice was sent"

    for message in held:  # the late answer
        routes[0].send(message)
    expect(log.locator(".msg.bot").filter(has_text=IPP_ANSWER)).to_be_visible()
    expect(log.locator(".msg").last.get_by_role("button", name="Helpful", exact=True)).to_be_visible()
    expect(notice).to_be_visible()


def test_feedback_is_thanked_on_2xx_and_fails_quietly_on_429(server, page):
    """What the server answers (204 without a body, 409 for a second vote on an answer, 429
    when rating too fast, an error)."""
    answers = [204, 409, 429, 500]
    page.route("**/webhooks/web/feedback",
               lambda route: route.fulfill(status=answers.pop(0), body=b""))
    page.goto(server["url"] + "/webhooks/web/")
    seed(page, "seeded-session", 0, [("user", "what is the IPP?", 0), ("bot", "An answer.", 0)])
    page.reload()
    status = page.locator(".status")
    page.get_by_role("button", name="Helpful", exact=True).click()
    expect(status).to_have_text("Thanks for your feedback.")
    page.get_by_role("button", name="Not helpful", exact=True).click()  # a change of mind
    expect(status).to_have_text("You have already rated this answer.")
    expect(page.get_by_role("button", name="Helpful", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Not helpful", exact=True)).to_have_attribute(
        "aria-pressed", "false")
    page.get_by_role("button", name="Not helpful", exact=True).click()
    expect(status).to_have_text("")
    assert answers == [500]
    page.get_by_role("button", name="Helpful", exact=True).click()
    expect(status).to_have_text("Sorry, your feedback could not be sent.")


# ---- accessibility audit --------------------------------------------------------------------

@pytest.mark.parametrize("viewport", [
    {"viewport": {"width": 1100, "height": 780}},
    {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
], ids=["desktop", "phone"])
def test_axe_finds_no_wcag_a_or_aa_violation(server, browser, viewport):
    """The widget open with what a conversation puts on screen: messages, suggestions, a source,
    pressed feedback and its status, the typing indicator's place; checked at A and AA."""
    ctx = browser.new_context(**viewport)
    try:
        page = ctx.new_page()
        page.goto(server["url"] + "/webhooks/web/")
        violations = audit(page)
        assert not violations, "the demo page, widget closed:\n" + "\n".join(violations)
        page.get_by_role("button", name="Ask about intelligence careers").click()
        ask(page, "what is the IPP?")
        answer = log_of(page).locator(".msg.bot").filter(has_text=IPP_ANSWER).last
        expect(answer.locator(".source").first).to_be_visible(timeout=ANSWER_WAIT_MS)
        page.get_by_role("button", name="Helpful", exact=True).click()
        expect(page.get_by_role("status").filter(has_text="feedback")).to_be_visible()
        expect(page.locator(".reply").first).to_be_visible()
        violations = audit(page, WCAG_A_AA)
        assert not violations, "\n".join(violations)

        page.get_by_role("button", name="Clear conversation").click()
        expect(page.get_by_role("status").filter(has_text="Conversation cleared")).to_be_visible()
        violations = audit(page, WCAG_A_AA)
        assert not violations, "after clearing:\n" + "\n".join(violations)
    finally:
        ctx.close()


def test_input_takes_no_more_than_the_servers_limit(server, page):
    page.goto(server["url"] + "/webhooks/web/")
    page.get_by_role("button", name="Ask about intelligence careers").click()
    box = page.get_by_label("Your question")
    box.press_sequentially("a" * (LIMIT + 20))
    assert len(box.input_value()) == LIMIT


# ---- the Socket.IO channel under the widget -------------------------------------------------

def stored_user_texts(db: Path, session_id: str) -> list:
    """What the tracker store holds as the visitor's messages in `session_id`."""
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' "
                           "ORDER BY id", (session_id,)).fetchall()
    return [json.loads(data)["text"] for (data,) in rows]


def in_thread(coroutine):
    """Run `coroutine` to its end in a thread of its own: Playwright's loop runs in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def conversation_of(session_id: str) -> str:
    """The tracker's conversation id for a session id the server confirmed: a signed token's
    part before its signature, else the id itself."""
    return session_id.split(".")[0]


async def converse(url: str, session_id, message: str, origin: str, transport="websocket"):
    """Send `message` as the widget does, in the session the server confirms for `session_id`:
    that session's conversation id, and the bot's replies once the server has handled the
    message (acknowledged it), or None when the server closed the connection instead."""
    conversation = None
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=ANSWER_WAIT_MS / 1000)) as http:
        client = SocketIOClient(http, url, transport, origin)
        await client.connect()
        try:
            await client.emit("session_request", {"session_id": session_id})
            confirmed = (await client.events_until("session_confirm"))[-1][1]
            conversation = conversation_of(confirmed)
            ack = await client.emit("user_uttered", {"message": message, "session_id": confirmed},
                                    ack=True)
            events = await client.events_until(ack_id=ack)
        except Closed:
            return conversation, None
        finally:
            await client.close()
    return conversation, [data for name, data in events if name == "bot_uttered"]


def test_a_huge_message_with_nul_is_stored_cleaned_and_cut(server, content):
    message = "what is the IPP?\x00 " + "a" * 30_000
    session, replies = in_thread(converse(server["url"], None, message, server["url"]))
    assert replies and replies[0]["text"] == content.reply("too_long").answer.split("\n\n")[0]
    assert stored_user_texts(server["tracker_db"], session) == [
        ("what is the IPP? " + "a" * 30_000)[:LIMIT + 1]]


def test_a_message_over_the_socket_limit_closes_the_connection_unread(server):
    from bot.rasa_server.channels.web_socket import MAX_SOCKET_BYTES

    session, replies = in_thread(converse(server["url"], None, "a" * (MAX_SOCKET_BYTES + 1),
                                          server["url"]))
    assert session and replies is None
    assert stored_user_texts(server["tracker_db"], session) == []


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_an_allowed_origin_is_answered(server, transport):
    _, replies = in_thread(converse(server["url"], None, "what is the IPP?",
                                    "https://partner.example", transport))
    assert replies and IPP_ANSWER in " ".join(r["text"] for r in replies)


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_another_origin_is_refused(server, transport):
    with pytest.raises(Refused):
        in_thread(converse(server["url"], None, "what is the IPP?", "https://evil.example",
                           transport))
    # what a browser's polling request from that page gets
    refused = requests.get(server["url"] + "/socket.io/?EIO=4&transport=polling",
                           headers={"Origin": "https://evil.example"}, timeout=10)
    allowed = requests.get(server["url"] + "/socket.io/?EIO=4&transport=polling",
                           headers={"Origin": server["other_site"]}, timeout=10)
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == server["other_site"]
