"""Where the time goes for one message: the trained model and the real action, in-process.

Handles the same question many times and prints the functions with the most cumulative time
(cProfile), so the slow steps of the pipeline and the action stand out.

    python bench/profile_message.py ["what is the IPP?"] [--repeat 200]
"""

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("question", nargs="?", default="what is the IPP?")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()

    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    from bot.tools.runtime import load

    agent = load()

    async def handle(n: int) -> None:
        for i in range(n):
            await agent.handle_message(UserMessage(args.question, CollectingOutputChannel(), f"p{i}"))

    asyncio.run(handle(10))  # warm-up
    started = time.perf_counter()
    asyncio.run(handle(args.repeat))
    per_message = (time.perf_counter() - started) / args.repeat * 1000
    print(f"{args.repeat} x {args.question!r}: {per_message:.1f} ms per message in-process "
          f"(model + action, no HTTP)\n")
    profile = cProfile.Profile()
    profile.enable()
    asyncio.run(handle(args.repeat))
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(30)
    print(out.getvalue())


if __name__ == "__main__":
    main()
