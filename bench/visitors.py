"""Answer quality on the blind visitor sets, per kind of question, for one trained model.

    python bench/visitors.py [--model models/pathway.tar.gz] [--set A|B] [--errors]

Runs every case through the real model and the real custom action in this process (as `bot ask`
does) and prints "answered right" per kind. `bench/nlu.py` prints the same beside Rasa's
default config, trained on the same data.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "tests"))

import visitor_eval  # noqa: E402


def table(results: dict) -> str:
    """Per-kind rates of several runs side by side: {name: [Graded]}."""
    names = list(results)
    lines = [f"{'kind':14}{'cases':>6}" + "".join(f"{n:>18}" for n in names)]
    counts = visitor_eval.counts(next(iter(results.values())))
    rates = {n: visitor_eval.per_kind(g) for n, g in results.items()}
    for kind in [*visitor_eval.KINDS, "all"]:
        if kind in counts:
            lines.append(f"{kind:14}{counts[kind]:>6}" + "".join(f"{rates[n][kind]:>18.3f}" for n in names))
    return "\n".join(lines)


def errors(graded) -> str:
    return "\n".join(f"  [{g.case.kind}] {g.case.text!r}\n      -> {g.topic}/{g.role}: {g.why}"
                     f" | {g.text[:100]!r}" for g in graded if not g.right)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--set", choices=sorted(visitor_eval.SETS), default="A")
    parser.add_argument("--nlu-only", action="store_true",
                        help="the model is NLU only: compose answers the way the action does")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    os.chdir(PROJECT)
    from bot.tools.runtime import load, quiet

    quiet()
    cases = visitor_eval.load_cases(visitor_eval.SETS[args.set])
    if args.nlu_only:
        from rasa.core.agent import Agent

        answerer = visitor_eval.nlu_only(Agent.load(str(args.model)))
    else:
        answerer = visitor_eval.in_process(load(args.model))
    graded = asyncio.run(visitor_eval.run(cases, answerer))
    print(f"Visitor set {args.set}: {visitor_eval.SETS[args.set].name}, {len(cases)} cases\n")
    print(table({"answered right": graded}))
    if args.errors:
        print("\nAnswered wrong:\n" + errors(graded))


if __name__ == "__main__":
    main()
