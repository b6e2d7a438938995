"""Training time and model size: a full train from an empty cache, then a retrain with
nothing changed (Rasa's cache in a temporary folder, so the project's own is untouched).

    python bench/train.py
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
RASA = Path(sys.executable).parent / "rasa"


def train(out: Path, cache: Path) -> float:
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(cache), "TF_CPP_MIN_LOG_LEVEL": "3",
           "RASA_TELEMETRY_ENABLED": "false"}
    started = time.perf_counter()
    subprocess.run([str(RASA), "train", "--fixed-model-name", "bench", "--out", str(out)],
                   cwd=PROJECT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out, cache = Path(tmp) / "models", Path(tmp) / "cache"
        cold = train(out, cache)
        warm = train(out, cache)
        size = (out / "bench.tar.gz").stat().st_size / 1e6
    print(f"full train, empty cache:   {cold:6.1f} s")
    print(f"retrain, nothing changed:  {warm:6.1f} s  (`make train` skips it: 0 s)")
    print(f"model size:                {size:6.1f} MB")


if __name__ == "__main__":
    main()
