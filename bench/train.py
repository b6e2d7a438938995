"""Training time and model size, for the project's config and Rasa's default config.

For each config: a full train from an empty cache, then a retrain with nothing changed (Rasa's
cache in a temporary folder, so the project's own is untouched). Both are trained on the same
data in the same run. Then the project's own `make train` after its inputs were touched but not
changed (a checkout, an editor's save), which compares checksums before starting Rasa. The
models are kept in results/bench/ (<name>.tar.gz) so that bench/latency.py can serve them side
by side.

    python bench/train.py [--no-default]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
#: Rasa's command line with the project's patches, as `make train` runs it.
RASA = [sys.executable, "-m", "bot.rasa_server.patches"]
OUT = PROJECT / "results" / "bench"
DEFAULT_CONFIG = "language: en\n"  # Rasa fills in its default pipeline and policies


def train(config: Path, out: Path, cache: Path) -> float:
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(cache), "TF_CPP_MIN_LOG_LEVEL": "3",
           "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(PROJECT)}
    started = time.perf_counter()
    # As `make train` runs it: the data is validated by `make test` before, not on every train.
    subprocess.run([*RASA, "train", "--skip-validation", "--config", str(config),
                    "--fixed-model-name", "bench", "--out", str(out)],
                   cwd=PROJECT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def make_train_touched() -> float:
    """`make train` with every input newer than the model but unchanged."""
    subprocess.run(["make", "-s", "train"], cwd=PROJECT, check=True, capture_output=True)
    inputs = [PROJECT / "config.yml", PROJECT / "domain.yml", *(PROJECT / "data").glob("*.yml"),
              *(PROJECT / "data" / "nlu").glob("*.yml")]
    for path in inputs:
        path.touch()
    started = time.perf_counter()
    done = subprocess.run(["make", "-s", "train"], cwd=PROJECT, check=True, capture_output=True,
                          text=True)
    seconds = time.perf_counter() - started
    if "Nothing changed" not in done.stdout:
        raise SystemExit(f"`make train` retrained:\n{done.stdout[-2000:]}")
    return seconds


def measure(name: str, config: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out, cache = Path(tmp) / "models", Path(tmp) / "cache"
        cold = train(config, out, cache)
        warm = train(config, out, cache)
        model = out / "bench.tar.gz"
        size = model.stat().st_size / 1e6
        OUT.mkdir(parents=True, exist_ok=True)
        shutil.copy(model, OUT / f"{name}.tar.gz")
    print(f"{name:<8} {cold:>10.1f} {warm:>10.1f} {size:>10.1f}   results/bench/{name}.tar.gz",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-default", action="store_true", help="skip Rasa's default config")
    args = parser.parse_args()
    print(f"{'config':<8} {'full s':>10} {'retrain s':>10} {'model MB':>10}   model")
    measure("project", PROJECT / "config.yml")
    if not args.no_default:
        with tempfile.TemporaryDirectory() as tmp:
            default = Path(tmp) / "rasa-default.yml"
            default.write_text(DEFAULT_CONFIG)
            measure("default", default)
    print(f"\n`make train`, inputs touched but unchanged: {make_train_touched():.2f} s")
    print("full: empty cache; retrain: `rasa train` again with nothing changed")


if __name__ == "__main__":
    main()
