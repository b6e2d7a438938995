"""The web chat widget in a real browser (Debian's chromium, driven by Playwright) against the
real servers: the action server and `rasa run` with the project's credentials.yml and model.

What a visitor does: opens the widget on the demo page, asks, clicks suggestions, reloads,
types HTML, uses only the keyboard, rates an answer, loses the connection, uses a phone, and
embeds the widget on another site. Needs `make train` and the built widget (web/dist).
"""

from __future__ import annotations

import json
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect, sync_playwright

from servers import PROJECT, RASA, action_server, free_port, server_env, start, stop, wait_until_up

pytestmark = pytest.mark.model

RESULTS = PROJECT / "results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ANSWER_WAIT_MS = 60_000  # an upper bound for a slow CI machine, not a speed requirement
IPP_ANSWER = "Intelligence Professionalisation Programme"
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """Action server + `rasa run` (socketio and the web connector) on free ports."""
    widget = PROJECT / "web" / "dist" / "chat-widget.js"
    assert widget.is_file(), "build the widget first: cd web && npm ci && npm run build"
    channels = yaml.safe_load((PROJECT / "credentials.yml").read_text()) or {}
    assert {"bot.channels.web.SocketIO", "bot.channels.web.WebChat"} <= set(channels), \
        "credentials.yml lacks the web chat channels"
    tmp = tmp_path_factory.mktemp("widget-servers")
    action_port, port = free_port(), free_port()
    endpoints = tmp / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n')
    env = server_env(PATHWAY_FEEDBACK_FILE=str(tmp / "feedback.jsonl"))
    procs = [
        start(action_server(action_port), tmp / "actions.log", env),
        start([RASA, "run", "--model", "models/pathway.tar.gz",
               "--endpoints", str(endpoints), "--credentials", "credentials.yml",
               "--port", str(port), "--cors", "*"], tmp / "rasa.log", env),
    ]
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", procs[0], tmp / "actions.log")
        wait_until_up(f"http://127.0.0.1:{port}/webhooks/web/", procs[1], tmp / "rasa.log")
        yield {"url": f"http://127.0.0.1:{port}", "feedback": tmp / "feedback.jsonl"}
    finally:
        stop(procs)

@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


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


def read_feedback(path: Path, limit: float = 20) -> list:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return [json.loads(line) for line in path.read_text().splitlines()]
        time.sleep(0.2)
    return []


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

    # thumbs up on the answer reaches the server, recorded with its topic
    page.get_by_role("button", name="Helpful", exact=True).click()
    expect(page.get_by_role("button", name="Helpful", exact=True)).to_have_attribute("aria-pressed", "true")
    records = read_feedback(server["feedback"])
    session_id = page.evaluate(
        "() => JSON.parse(localStorage.getItem('pathway-chat:' + location.origin)).sessionId")
    assert [(r["value"], r["topic"], r["session_id"]) for r in records] == [("up", "ipp", session_id)]
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

    context.set_offline(True)
    page.evaluate("() => PathwayChat.socket.io.engine.close()")  # the connection drops
    expect(page.get_by_role("status").filter(has_text="Connection lost")).to_be_visible()
    ask(page, "what is the IPP?")
    expect(log_of(page).get_by_text("Waiting to send")).to_be_visible()

    context.set_offline(False)
    expect(log_of(page)).to_contain_text(IPP_ANSWER, timeout=ANSWER_WAIT_MS)
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
  const sel = 'h2, .notice, .msg .text, .reply, .thumb, .send, .composer input, .launcher';
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
                        page.get_by_role("button", name="Close chat")):
            b = control.bounding_box()
            assert b["x"] >= 0 and b["x"] + b["width"] <= 360 and b["y"] + b["height"] <= 740
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        assert page.evaluate("() => { const l = document.getElementById('pathway-chat')"
                             ".shadowRoot.querySelector('.log'); return l.scrollWidth <= l.clientWidth; }")

        ratios = page.evaluate(CONTRAST_JS)
        RESULTS.mkdir(exist_ok=True)
        assert {r["what"] for r in ratios} >= {"notice", "text", "reply", "thumb", "send"}
        assert [r for r in ratios if r["ratio"] < 4.5] == []
        page.screenshot(path=str(RESULTS / "widget-phone.png"))
    finally:
        ctx.close()


def test_embeds_on_another_site(server, page, tmp_path):
    """The README's snippet on a page of another origin talks to the server across origins."""
    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang='en'><head><title>Another site</title></head><body>"
        "<h1>Another site</h1>"
        f"<script src='{server['url']}/webhooks/web/widget.js' data-title='Ask us' "
        "data-primary-color='#ffcc00' defer></script></body></html>")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(tmp_path)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/index.html")
        page.get_by_role("button", name="Ask about intelligence careers").click()
        expect(page.get_by_role("dialog", name="Ask us")).to_be_visible()
        ask(page, "what is the IPP?")
        expect(log_of(page)).to_contain_text(IPP_ANSWER, timeout=ANSWER_WAIT_MS)
        # a light brand colour gets dark text on it, to keep the contrast
        assert page.evaluate("() => getComputedStyle(document.getElementById('pathway-chat')"
                             ".shadowRoot.querySelector('.send')).color") == "rgb(27, 27, 27)"
    finally:
        httpd.shutdown()
        httpd.server_close()
