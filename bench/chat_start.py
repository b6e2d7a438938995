"""Time from `make chat` to the first prompt, with the model already trained.

    python bench/chat_start.py [--runs 3]

Runs `make chat` in a pseudo-terminal, as a person would, and times until the prompt shows;
then leaves with Ctrl-D.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "tests"))

from terminal import Terminal  # noqa: E402


def once() -> float:
    env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}
    started = time.perf_counter()
    chat = Terminal(["make", "--no-print-directory", "chat"], PROJECT, env)
    try:
        chat.read_until(r"(?m)^>")
        seconds = time.perf_counter() - started
        chat.type("\x04")
        chat.wait()
        return seconds
    finally:
        chat.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times = [once() for _ in range(args.runs)]
    print(f"`make chat` to the first prompt: median {statistics.median(times):.1f} s "
          f"(runs: {', '.join(f'{t:.1f}' for t in times)})")


if __name__ == "__main__":
    main()
