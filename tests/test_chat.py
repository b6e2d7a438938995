"""The terminal chat (`make chat`) in a real pseudo-terminal, and the README's example
conversation, which must be what the chat really says."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from terminal import Terminal

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.model
TRANSCRIPT = re.compile(r"<!-- chat transcript[^>]*-->\n```\n(.*?)```", re.DOTALL)


def quiet_env(**extra):
    return {**os.environ, "PYTHONWARNINGS": "ignore", "TF_CPP_MIN_LOG_LEVEL": "3", **extra}


def test_make_chat_in_a_terminal():
    # Terminals answer prompt_toolkit's cursor-position request; this pseudo-terminal does not.
    chat = Terminal(["make", "--no-print-directory", "chat"], ROOT,
                    quiet_env(TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1", COLUMNS="100"))
    try:
        opening = chat.read_until(r"(?m)^>")
        assert "Warning" not in opening and "pip" not in opening, opening

        chat.type("what does an intelligence analyst do?\r")
        answer = chat.read_until(r"Source: .*\n\s+https://\S+\s*\n")
        assert "An intelligence analyst works out what stakeholders need" in answer
        assert re.search(r"^\s+1\. More on the intelligence analyst role$", answer, re.M), answer
        assert "/more_details" not in answer, "payloads are never shown"

        chat.type("1\r")
        more = chat.read_until(r"More on the intelligence analyst role:[\s\S]*?\n\n")
        assert "court" in more

        chat.type("what is CPD?\r")
        assert "continuing professional development" in chat.read_until(r"Source: ")

        chat.type("/why\r")
        why = chat.read_until(r"answered as: topic \w+")
        assert re.search(r"intent: cpd \(\d\.\d\d\)", why), why

        chat.read_until(r"(?m)^>")  # the next prompt: Ctrl-D on an empty line leaves
        chat.type("\x04")
        assert chat.wait() == 0
    finally:
        chat.kill()


def test_readme_example_conversation_is_what_the_chat_says():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = TRANSCRIPT.search(readme)
    assert found, "README.md has no chat transcript block"
    transcript = found.group(1)
    questions = [line[2:] for line in transcript.splitlines() if line.startswith("> ")]
    assert len(questions) >= 8
    done = subprocess.run([sys.executable, "-m", "bot", "chat"], input="\n".join(questions) + "\n",
                          cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env=quiet_env(NO_COLOR="1", COLUMNS="92", PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, (ROOT / "var" / "chat.log").read_text()[-3000:]
    assert done.stdout.strip() == transcript.strip(), (
        "The README's example conversation differs from what the chat says. Update it with:\n"
        "  grep '^> ' <transcript> | cut -c3- | NO_COLOR=1 COLUMNS=92 .venv/bin/python -m bot chat")
