"""Answered right on the blind conversation sets (tests/conversations_*.yml), turn by turn.

Plays every conversation whole through the trained assistant (the model and the real custom
action, in this process) and, when given an NLU-only model of Rasa's default config trained on
the same data (`--default`), through that model and the same answer composition, carrying the
conversation's context the way the action does. Prints, side by side, the share of turns
answered right per kind of turn, for the first turn against later turns and for the turns that
refer back, the reports signposted (must be 1.000), the mixed messages whose question was
answered too, and the career questions with crime words that got no signpost
(tests/conversation_eval.py grades).

    python bench/conversations.py [--model models/pathway.tar.gz]
        [--default models/default/default-config.tar.gz] [--sets G H] [--errors]

The default config's NLU model: `rasa train nlu` with a config.yml of `language: en`
(bench/nlu.py trains it too; about 25 minutes here).
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

import conversation_eval  # noqa: E402
import visitor_eval  # noqa: E402


async def grade_all(answerer, sets):
    return {name: await conversation_eval.run(conversation_eval.load(conversation_eval.SETS[name]),
                                              answerer) for name in sets}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="the project's model (default: newest)")
    parser.add_argument("--default", default=None, help="an NLU-only model of Rasa's default config")
    parser.add_argument("--sets", nargs="*", default=list(conversation_eval.SETS))
    parser.add_argument("--errors", action="store_true", help="list the turns answered wrong")
    args = parser.parse_args()
    from bot.tools.runtime import load

    results = {"project": asyncio.run(grade_all(visitor_eval.in_process(
        load(Path(args.model) if args.model else None)), args.sets))}
    if args.default:
        from rasa.core.agent import Agent

        results["Rasa default"] = asyncio.run(grade_all(
            visitor_eval.nlu_only(Agent.load(args.default)), args.sets))
    for name in args.sets:
        by_config = {config: conversation_eval.figures(graded[name])
                     for config, graded in results.items()}
        rows = list(dict.fromkeys(row for figures in by_config.values() for row in figures))
        print(f"\nBlind conversation set {name} ({conversation_eval.SETS[name].name})")
        print(f"{'':40}" + "".join(f"{config:>22}" for config in by_config))
        for row in rows:
            print(f"{row:40}" + "".join(f"{figures.get(row, '-'):>22}"
                                        for figures in by_config.values()))
        if args.errors:
            for g in results["project"][name]:
                if not g.right:
                    print(f"  [{g.conversation} t{g.turn.position + 1} {g.turn.case.kind}] "
                          f"{g.turn.case.text!r}\n      -> {g.topic}: {g.text[:160]!r}\n"
                          f"      ({g.why})")


if __name__ == "__main__":
    main()
