"""What the longest message the assistant reads costs, against a short question: the model, the
safety net and every part answered, in process (no HTTP), as `bench/conversations.py` answers.

A message is read up to `PATHWAY_MAX_MESSAGE_CHARS` characters (bot/shared/inputs.py); its
parts are read by the model one by one, at most `MAX_PARTS` of them. Prints the median and the
slowest of `--repeat` runs for each shape of message, cut to the limit:

- a short question;
- a visitor's story before one question (blind set BE's archivist, 800 characters);
- the same story twice over, to the limit;
- one question asked again and again, to the limit (the most parts the splitter makes);
- a report told again and again, to the limit;
- "a. " again and again, to the limit (the most sentences);
- one word with no spaces, to the limit.

    python bench/long_messages.py [--model models/pathway.tar.gz] [--repeat 5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "tests"))

import visitor_eval  # noqa: E402
from bot.shared.inputs import MAX_MESSAGE_CHARS  # noqa: E402
from bot.tools.runtime import load  # noqa: E402

STORY = (
    "Forgive the length of this. I have been an archivist for nearly thirty years, the last "
    "twelve in a parliamentary archive, where I catalogue committee papers, handle requests "
    "from researchers and look after some very old and very fragile records. I have no police "
    "background at all, although a great deal of my work involves establishing provenance, "
    "checking one source against another and noticing when a document is not what it claims "
    "to be. I am fifty-eight and I would like one more substantial chapter in my working life. "
    "I have read that people in intelligence are expected to keep their knowledge current. "
    "What does continuing professional development mean in police intelligence, and is it "
    "actually required of people?")


def shapes() -> dict:
    limit = MAX_MESSAGE_CHARS
    return {
        "short question": "what is the IPP?",
        f"story and a question ({len(STORY)} chars)": STORY,
        "story twice, to the limit": (STORY + " " + STORY)[:limit],
        "one question again and again": ("what is the ipp and how long is it, " * 100)[:limit],
        "a report again and again": ("my neighbour stole a bike. " * 100)[:limit],
        '"a. " again and again': ("a. " * 1000)[:limit],
        "one word, no spaces": "x" * limit,
    }


async def main(model: Path | None, repeat: int) -> None:
    answer = visitor_eval.in_process(load(model))
    print(f"longest message read: {MAX_MESSAGE_CHARS} characters; {repeat} runs each, in process")
    print(f"{'message':<36}{'chars':>7}{'median':>10}{'slowest':>10}")
    for name, text in shapes().items():
        await answer([text])  # warm the caches
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            await answer([text])
            times.append((time.perf_counter() - start) * 1000)
        print(f"{name:<36}{len(text):>7}{statistics.median(times):>8.0f} ms{max(times):>7.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(main(args.model, args.repeat))
