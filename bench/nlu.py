"""Intent accuracy on the held-out set (tests/nlu_holdout.yml), and "answered right" per kind
of question on the blind visitor sets (tests/visitor_holdout*.yml); none is ever trained on.

Trains the project's config and Rasa's default config on the same data in this run and prints
the figures side by side: intent accuracy, macro F1, out-of-scope recall, share of in-scope
questions wrongly deflected (out of scope or "did you mean"), per-topic accuracy, training time,
and per kind of visitor question (become, fact, compare, unknown, safety ...) the share answered
right: the reply's topic is one the case accepts and it holds the words a right answer must.
The held-out set predates the report_crime and ask_unknown intents, so for its out-of-scope
questions those two count as deflections too; the visitor sets measure them properly.

    python bench/nlu.py [--configs config.yml other.yml] [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(PROJECT / "tests"))

import visitor_eval  # noqa: E402  (tests/visitor_eval.py: loading and grading the sets)
DEFAULT_CONFIG = "language: en\n"  # Rasa fills in its default pipeline and policies

DEFLECTED = {"out_of_scope", "nlu_fallback", "report_crime", "ask_unknown"}
#: Out-of-scope questions of the held-out set that the newer intents now take.
OUT_OF_SCOPE_NOW = {"out_of_scope", "report_crime", "ask_unknown"}


def holdout() -> List[Tuple[str, str]]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(PROJECT / "tests" / "nlu_holdout.yml"))
    return [(m.get("text"), m.get("intent")) for m in data.intent_examples]


def train(config: Path, out: Path, full: bool) -> Tuple[Path, float]:
    """Train NLU only, or (full) the whole assistant, which the follow-up replay needs."""
    from rasa.model_training import train as train_full, train_nlu

    started = time.perf_counter()
    if full:
        model = train_full(domain=str(PROJECT / "domain.yml"), config=str(config),
                           training_files=[str(PROJECT / "data")], output=str(out),
                           fixed_model_name=config.stem).model
    else:
        model = train_nlu(config=str(config), nlu_data=str(PROJECT / "data" / "nlu"),
                          output=str(out), fixed_model_name=config.stem)
    return Path(model), time.perf_counter() - started


async def predict(model: Path, texts: List[str]) -> List[Tuple[str, List[Tuple[str, float]]]]:
    """The intent each text gets, and the model's ranking without the fallback."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    results = []
    for text in texts:
        parsed = await agent.parse_message(text)
        ranking = [(i["name"], i["confidence"]) for i in parsed.get("intent_ranking", [])
                   if i["name"] != "nlu_fallback"]
        results.append((parsed["intent"]["name"], ranking))
    return results


def with_fallback(ranking: List[Tuple[str, float]], threshold: float, ambiguity: float) -> str:
    """What FallbackClassifier would decide at these thresholds."""
    top = ranking[0] if ranking else ("nlu_fallback", 0.0)
    second = ranking[1][1] if len(ranking) > 1 else 0.0
    if top[1] < threshold or top[1] - second < ambiguity:
        return "nlu_fallback"
    return top[0]


def sweep(gold: List[str], rankings: List[List[Tuple[str, float]]], ambiguity: float) -> None:
    """Print accuracy and deflection against the fallback threshold, to choose it from data."""
    print(f"\nFallback threshold sweep (ambiguity_threshold {ambiguity})")
    print(f"  {'threshold':>9} {'accuracy':>9} {'oos recall':>11} {'in-scope deflected':>19}")
    for step in range(0, 13):
        threshold = step * 0.05
        predicted = [with_fallback(r, threshold, ambiguity) for r in rankings]
        f = figures(gold, predicted)
        print(f"  {threshold:>9.2f} {f['accuracy']:>9.3f} {f['out-of-scope recall']:>11.3f} "
              f"{f['in-scope deflected']:>19.3f}")


def figures(gold: List[str], predicted: List[str]) -> Dict[str, object]:
    from sklearn.metrics import f1_score

    pairs = [(g, g if g == "out_of_scope" and p in OUT_OF_SCOPE_NOW else p)
             for g, p in zip(gold, predicted)]
    oos = [p for g, p in pairs if g == "out_of_scope"]
    in_scope = [p for g, p in pairs if g != "out_of_scope"]
    per_intent = defaultdict(list)
    for g, p in pairs:
        per_intent[g].append(g == p)
    return {
        "accuracy": sum(g == p for g, p in pairs) / len(pairs),
        "macro F1": f1_score(gold, predicted, average="macro", zero_division=0),
        "out-of-scope recall": sum(p == "out_of_scope" for p in oos) / max(len(oos), 1),
        "in-scope deflected": sum(p in DEFLECTED for p in in_scope) / max(len(in_scope), 1),
        "per intent": {k: sum(v) / len(v) for k, v in sorted(per_intent.items())},
    }


async def follow_ups(model: Path) -> Tuple[int, int, List[str]]:
    """Replay the held-out conversations; count follow-up turns whose answer is on topic."""
    import yaml

    from bot.tools.cli import ask
    from bot.tools.runtime import load

    agent = load(model)
    data = yaml.safe_load((PROJECT / "tests" / "followups_holdout.yml").read_text())
    right, total, wrong = 0, 0, []
    for conversation in data["conversations"]:
        results = [r async for r in ask([t["say"] for t in conversation], True, agent)]
        for turn, result in list(zip(conversation, results))[1:]:
            total += 1
            if (result["topic"], result["role"]) == (turn["topic"], turn.get("role")):
                right += 1
            else:
                wrong.append(f"{turn['say']!r}: {result['topic']}/{result['role']} "
                             f"(wanted {turn['topic']}/{turn.get('role')})")
    return right, total, wrong


async def visitor_sets(model: Path, full: bool) -> Dict[str, list]:
    """Grade every blind visitor set: the full model with the real action in process, or
    an NLU-only model with the same answer composition (Rasa's default config)."""
    from rasa.core.agent import Agent

    from bot.tools.runtime import load

    answerer = (visitor_eval.in_process(load(model)) if full
                else visitor_eval.nlu_only(Agent.load(str(model))))
    return {name: await visitor_eval.run(visitor_eval.load_cases(path), answerer)
            for name, path in visitor_eval.SETS.items()}


def cross_validation(config: str, folds: int) -> None:
    """Rasa's own k-fold cross-validation on the training data, intent figures only."""
    import json
    import subprocess

    with tempfile.TemporaryDirectory() as out:
        subprocess.run([str(Path(sys.executable).parent / "rasa"), "test", "nlu", "--nlu",
                        "data/nlu", "--config", config, "--cross-validation", "--folds",
                        str(folds), "--out", out, "--no-plot"],
                       cwd=PROJECT, check=True, capture_output=True)
        report = json.loads((Path(out) / "intent_report.json").read_text())
    print(f"\n{folds}-fold cross-validation on the training data ({config}): "
          f"accuracy {report['accuracy']:.3f}, macro F1 {report['macro avg']['f1-score']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--configs", nargs="*", default=["config.yml"])
    parser.add_argument("--no-default", action="store_true", help="skip Rasa's default config")
    parser.add_argument("--errors", action="store_true", help="list the misclassified questions")
    parser.add_argument("--folds", type=int, default=0,
                        help="also run k-fold cross-validation of the first config (e.g. 5)")
    parser.add_argument("--ambiguity", type=float, default=0.05,
                        help="ambiguity threshold used in the fallback sweep")
    args = parser.parse_args()
    os.chdir(PROJECT)
    from bot.rasa_server import patches
    from bot.tools.runtime import quiet

    quiet()
    patches.install()  # as `make train` trains (bot/rasa_server/faster_batches.py)
    examples = holdout()
    texts, gold = [t for t, _ in examples], [i for _, i in examples]
    results, visitors = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        configs = [Path(c) for c in args.configs]
        if not args.no_default:
            default = Path(tmp) / "rasa-default.yml"
            default.write_text(DEFAULT_CONFIG)
            configs.append(default)
        for config in configs:
            project = config.stem == Path(args.configs[0]).stem
            model, seconds = train(config, Path(tmp), full=project)
            parsed = asyncio.run(predict(model, texts))
            predicted = [intent for intent, _ in parsed]
            if project:
                project_rankings = [ranking for _, ranking in parsed]
                right, total, wrong = asyncio.run(follow_ups(model))
            visitors[config.stem] = asyncio.run(visitor_sets(model, full=project))
            results[config.stem] = {**figures(gold, predicted), "train seconds": seconds,
                                    "model MB": model.stat().st_size / 1e6}
            if args.errors:
                for text, g, p in zip(texts, gold, predicted):
                    if g != p:
                        print(f"  [{config.stem}] {g:>22} -> {p:<22} {text}")
    names = list(results)
    print(f"\nHeld-out set: {len(examples)} questions, {len(set(gold))} intents\n")
    print(f"{'':28}" + "".join(f"{n:>16}" for n in names))
    for key in ("accuracy", "macro F1", "out-of-scope recall", "in-scope deflected",
                "train seconds", "model MB"):
        print(f"{key:28}" + "".join(f"{results[n][key]:>16.3f}" for n in names))
    print("\nPer intent accuracy")
    for intent in sorted(set(gold)):
        print(f"  {intent:26}" + "".join(f"{results[n]['per intent'][intent]:>16.2f}" for n in names))
    print(f"\nFollow-up turns answered on topic ({args.configs[0]}, "
          f"tests/followups_holdout.yml): {right}/{total} = {right / total:.3f}")
    for line in wrong if args.errors else []:
        print(f"  {line}")
    from visitors import errors, table

    for name in visitor_eval.SETS:
        print(f"\nBlind visitor set {name} ({visitor_eval.SETS[name].name}): answered right per kind")
        print(table({config: by_set[name] for config, by_set in visitors.items()}))
        if args.errors:
            print(errors(visitors[names[0]][name]))
    sweep(gold, project_rankings, ambiguity=args.ambiguity)
    if args.folds:
        cross_validation(args.configs[0], args.folds)


if __name__ == "__main__":
    main()
