"""The terminal chat: `make chat` (`python -m bot chat`).

For the recruitment team and content editors trying answers. It runs the trained model and the
real custom action in this process, as `bot ask` does (no action server needed), so what it
shows is what the servers answer. The prompt always takes free text; suggestions are numbered
and typing their number picks one; the source is shown under each answer; `/why` shows what
the model understood. Rasa's and TensorFlow's start-up noise goes to `var/chat.log`, never to
the screen.

With stdin not a terminal it reads one message a line and echoes each as `> message`, which is
how the README's example conversation is produced (and checked by tests/test_chat.py).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import textwrap
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, Optional, TextIO

from bot.action_server.citations import source_links
from bot.shared.inputs import clean_text

PROJECT_DIR = Path(__file__).resolve().parents[2]
LOG_FILE = PROJECT_DIR / "var" / "chat.log"
PROMPT = "> "
#: Width when the output is not a terminal (the README transcript).
PLAIN_WIDTH = 92
WELCOME = ("Ask me about careers in police intelligence. Type a number to pick a suggestion, "
           "/help for commands, /quit (or Ctrl-D) to leave.")
HELP = """Commands:
  1, 2, 3 ...  pick a numbered suggestion
  /why         what the assistant understood last turn: intent, confidence, runner-ups,
               entities, safety, the message's parts, the conversation's subject before
               the turn, and each question's frame (kind, subject, roles, fact asked),
               marking what came from the conversation
  /restart     start a new conversation
  /help        this list
  /quit        leave (Ctrl-D works too)"""


class Style:
    """ANSI styling, or none when the output is not a terminal or NO_COLOR is set."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def dim(self, text: str) -> str:
        return f"\033[2m{text}\033[0m" if self.colour else text

    def bold(self, text: str) -> str:
        return f"\033[1m{text}\033[0m" if self.colour else text


def wrap(text: str, width: int) -> str:
    """Wrap each line to `width`; bullets ("- ...") keep a hanging indent."""
    lines = []
    for line in text.splitlines() or [""]:
        indent = "  " if line.startswith("- ") else ""
        lines.append(textwrap.fill(line, width, subsequent_indent=indent, break_on_hyphens=False,
                                   break_long_words=False) if line else "")
    return "\n".join(lines)


def render(reply: Dict[str, Any], content: Any, style: Style, width: int) -> str:
    """The answer, its numbered suggestions and its source, as the terminal shows them."""
    parts = [wrap(reply["text"], width)]
    for number, button in enumerate(reply["buttons"], 1):
        parts.append(wrap(f"  {number}. {button['title']}", width))
    for link in source_links(content, reply["sources"]):
        parts.append(style.dim(f"Source: {link['title']}\n  {link['url']}"))
    return "\n".join(parts)


def why(reply: Optional[Dict[str, Any]], content: Any = None) -> str:
    """What the assistant understood last turn, for editors checking content: the model's
    reading, the safety net's verdict, the message's parts (each question read on its own),
    the conversation's subject before the turn, and each question's frame (its kind, subject,
    roles and the fact asked), each part the conversation filled in marked as such."""
    if reply is None:
        return "Nothing asked yet."
    ranking = [(name, confidence) for name, confidence in reply["ranking"]
               if name != reply["intent"]][:3]
    entities = ", ".join(f"{name}={value}" for name, value in reply["entities"]) or "none"
    runners = ", ".join(f"{name} {confidence:.2f}" for name, confidence in ranking) or "none"
    lines = [f"intent: {reply['intent']} ({reply['confidence']:.2f})",
             f"runner-up intents: {runners}",
             f"entities: {entities}",
             f"danger reader: {reply.get('danger') or 0.0:.2f}"]
    if content is not None:
        from bot.action_server import safety
        from bot.action_server.answers import safety_verdict

        said = [tuple(told) for told in reply.get("said") or []]
        intent, confidence = reply.get("safety_reading") or (reply["intent"], reply["confidence"])
        verdict = safety_verdict(content, reply["question"], intent, confidence,
                                 said=said, leaning=safety.leaning_of(reply.get("ranking") or []),
                                 sure=frozenset(reply.get("sure") or ()),
                                 **(reply.get("signposts") or {}))
        lines.append(f"safety: {'signpost' if verdict.signpost else 'none'}"
                     + (f" ({verdict.reason})" if verdict.reason else ""))
    for number, (text, asks, intent, confidence) in enumerate(reply.get("parts") or [], 1):
        lines.append(f"part {number}: {text!r} -> " + (
            intent if asks else f"says, does not ask (read as {intent} {confidence:.2f})"))
    if reply.get("alone"):
        text, intent = reply["alone"]
        lines.append(f"question alone: {text!r} -> {intent} (answers when the whole finds nothing)")
    context = reply.get("context") or {}
    subject = ", ".join(f"{k} {v}" for k, v in context.items() if v) or "none"
    lines.append(f"context before this turn: {subject}")
    for frame in (reply.get("frame") or "").split(" | "):
        if frame:
            lines.append(f"frame: {frame}")
    lines.append(f"answered as: topic {reply['topic']}"
                 + (f", role {reply['role']}" if reply["role"] else ""))
    return "\n".join(lines)


class Chat:
    """One terminal conversation: messages, numbered suggestions and commands."""

    def __init__(self, agent: Any, content: Any, style: Style, width: int, out: TextIO) -> None:
        self.agent, self.content, self.style, self.width, self.out = agent, content, style, width, out
        self.sender = f"chat-{uuid.uuid4().hex}"
        self.last: Optional[Dict[str, Any]] = None

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    async def handle(self, line: str) -> bool:
        """Act on one line; False when the user leaves. The line is cleaned as every channel
        cleans a message (bot/shared/inputs.py)."""
        text = clean_text(line).strip()
        command = text.lower()
        if command in ("/quit", "/exit"):
            return False
        if command == "/help":
            self.say(HELP)
        elif command == "/why":
            self.say(self.style.dim(why(self.last, self.content)))
        elif command == "/restart":
            self.sender, self.last = f"chat-{uuid.uuid4().hex}", None
            self.say(self.style.dim("New conversation."))
        elif command.startswith("/"):
            self.say(f"Unknown command {text}: /help lists the commands.")
        else:
            await self.send(self._payload(text))
        return True

    def _payload(self, text: str) -> str:
        """A suggestion's number ("1", "the second one") stands for its button, as on every
        channel (bot/action_server/choices.py); anything else is the message."""
        from bot.action_server.choices import chosen

        return chosen(text, self.last["buttons"] if self.last else []) or text

    async def send(self, message: str) -> None:
        from bot.tools.cli import turn

        self.last = await turn(self.agent, self.sender, message)
        self.say(render(self.last, self.content, self.style, self.width))
        self.say("")


@contextmanager
def _stderr_to(log: Path) -> Iterator[int]:
    """Send this process's stderr (Python warnings, TensorFlow's C++ logging, Rasa's log
    lines) to `log` for as long as the chat runs; yield a copy of the real stderr."""
    log.parent.mkdir(parents=True, exist_ok=True)
    saved = os.dup(2)
    with open(log, "a", encoding="utf-8") as handle:
        sys.stderr.flush()
        os.dup2(handle.fileno(), 2)
        try:
            yield saved
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def _load() -> Any:
    import logging
    import warnings

    warnings.simplefilter("ignore")
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    from bot.tools.runtime import load

    return load()


async def _interactive(chat: Chat) -> None:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import InMemoryHistory

    session = PromptSession(history=InMemoryHistory())
    while True:
        try:
            line = await session.prompt_async(PROMPT)
        except KeyboardInterrupt:
            continue
        except EOFError:
            return
        if not await chat.handle(line):
            return


async def _from_stdin(chat: Chat) -> None:
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line.strip():
            continue
        chat.say(f"{PROMPT}{line}")
        if not await chat.handle(line):
            return


def main() -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    style = Style(sys.stdout.isatty() and not os.environ.get("NO_COLOR"))
    if interactive:
        width = max(40, min(shutil.get_terminal_size().columns - 1, 100))
    else:
        width = int(os.environ.get("COLUMNS") or PLAIN_WIDTH)
    with _stderr_to(LOG_FILE) as real_stderr:
        try:
            from bot.shared.content import default_content

            agent, content = _load(), default_content()
        except (Exception, SystemExit) as error:  # noqa: BLE001 - shown once, details in the log
            import traceback

            traceback.print_exc()
            os.write(real_stderr, f"Could not start the assistant: {error}\n"
                                  f"Details are in {LOG_FILE}.\n".encode())
            return 1
        chat = Chat(agent, content, style, width, sys.stdout)
        if interactive:
            chat.say(style.dim(WELCOME))
            asyncio.run(_interactive(chat))
        else:
            asyncio.run(_from_stdin(chat))
    return 0
