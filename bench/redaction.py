"""Time to redact hostile text: 32 KB and 1 MB of each shape tests/test_redaction.py guards.

    .venv/bin/python bench/redaction.py [--runs 3]

Prints the best of `--runs` for each size; time in proportion to the length means 1 MB takes
about 32 times as long as 32 KB (the email pattern before took 21 s on 32,000 letters).
"""

import argparse
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(PROJECT), str(PROJECT / "tests")]

from bot.shared.redaction import redact  # noqa: E402
from test_redaction import SHAPES  # noqa: E402

SIZES = {"32 KB": 32_000, "1 MB": 1_000_000}


def seconds(text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        redact(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    print(f"{'shape':<14}" + "".join(f"{size:>10}" for size in SIZES) + f"{'ratio':>8}")
    for name, unit in SHAPES.items():
        times = [seconds(unit * (size // len(unit)), runs) for size in SIZES.values()]
        print(f"{name:<14}" + "".join(f"{t:>9.3f}s" for t in times)
              + f"{times[-1] / max(times[0], 1e-9):>8.1f}")


if __name__ == "__main__":
    main()
