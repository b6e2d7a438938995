"""Real visitors' questions turned into training examples: `data/nlu/reviewed.yml`.

An editor says on the review page what a question was about (an intent, and a role or
programme); its text goes into `data/nlu/reviewed.yml` under that intent, where `make train`
picks it up with the other NLU files. Before it is written it is checked:

- the intent is one the domain has (else `rasa data validate` and training would fail);
- it is one clean line, short enough, with none of the characters Rasa's example syntax gives
  a meaning to (`[ ] ( ) { }` mark entities), so the file always loads;
- it is not already a training example under any intent (Rasa warns on an example under two
  intents, and a copy teaches nothing), compared without case, punctuation or spacing;
- it is never a question of the evaluation sets (`tests/`): an example copied from them would
  make their figures dishonest.

A role or programme named in the question is marked as that entity, as in the other NLU files.
The file is rewritten whole (the same layout as the hand-written ones), under a lock and through
a temporary file, so two editors saving at once lose nothing and a crash leaves the old file.

`make train` copies the file next to the model (`models/pathway.reviewed.yml`): what is in
reviewed.yml and not in that copy is what the running model does not know yet (`pending`).
"""

from __future__ import annotations

import fcntl
import os
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

import yaml

from bot.shared.inputs import clean_text

REVIEWED = Path("data") / "nlu" / "reviewed.yml"
#: libyaml's loader where PyYAML has it: the evaluation sets are over 4 MB, 25 s to read in pure
#: Python (on the click of an editor who adds an example) and 2 s with libyaml.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Where the evaluation sets are: every string in these files is off limits as an example.
EVALUATION_SETS = ("tests/*holdout*.yml", "tests/conversations_*.yml")
MAX_CHARS = 300
HEADER = ("# Visitors' questions an editor reviewed on the review page (bot/editors/), under the\n"
          "# intent the editor chose. Written by the page; checked against the other NLU files\n"
          "# and the evaluation sets. `make train` learns them.\n")
_MARKUP = re.compile(r"[\[\](){}]")
_ENTITY = re.compile(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}")
_WORDS = re.compile(r"[^\w]+")


def _unmarked(text: str) -> str:
    """`text` with entity markup ("[analysts](role)") reduced to the words it marks."""
    return _ENTITY.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), text)


def normalised(text: str) -> str:
    """A question as compared: entity markup dropped, lower case, words only."""
    return " ".join(_WORDS.sub(" ", _unmarked(text).lower()).split())


def example_text(question: str) -> str:
    """The question as an example: one clean line without entity syntax, or '' if nothing is
    left."""
    text = _unmarked(clean_text(question or ""))
    return " ".join(_MARKUP.sub(" ", text).split())


def _examples(block: str) -> List[str]:
    return [line.strip()[2:].strip() for line in block.splitlines()
            if line.strip().startswith("- ")]


def read_nlu(path: Path) -> Dict[str, List[str]]:
    """intent -> examples of one NLU file (in file order; empty if there is no file)."""
    if not path.is_file():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}  # noqa: S506 - safe
    found: Dict[str, List[str]] = {}
    for item in data.get("nlu") or []:
        if isinstance(item, dict) and "intent" in item:
            found.setdefault(item["intent"], []).extend(_examples(item.get("examples") or ""))
    return found


def _strings(node: object) -> Iterable[str]:
    if isinstance(node, str):
        yield node
        for line in _examples(node):
            yield line
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


@lru_cache(maxsize=4)
def _evaluation_questions(project: Path, stamp: Tuple[float, ...]) -> frozenset:
    found = set()
    for pattern in EVALUATION_SETS:
        for path in sorted(project.glob(pattern)):
            data = yaml.load(path.read_text("utf-8"), Loader=_LOADER)  # noqa: S506 - safe
            found.update(normalised(s) for s in _strings(data))
    return frozenset(found)


def evaluation_questions(project: Path) -> frozenset:
    """Every string of the evaluation sets, normalised (re-read when a set changes)."""
    paths = sorted(p for pattern in EVALUATION_SETS for p in project.glob(pattern))
    return _evaluation_questions(project, tuple(p.stat().st_mtime for p in paths))


def training_examples(project: Path) -> Dict[str, str]:
    """Every example of data/nlu/, normalised -> its intent."""
    found: Dict[str, str] = {}
    for path in sorted((project / "data" / "nlu").glob("*.yml")):
        for intent, examples in read_nlu(path).items():
            for example in examples:
                found.setdefault(normalised(example), intent)
    return found


def domain_intents(project: Path) -> List[str]:
    data = yaml.safe_load((project / "domain.yml").read_text(encoding="utf-8")) or {}
    return [i if isinstance(i, str) else next(iter(i)) for i in data.get("intents") or []]


@dataclass(frozen=True)
class Added:
    """What became of one question: `added` True, or why not in `reason`."""
    text: str
    added: bool
    reason: str = ""


def _with_entity(text: str, entity: Optional[str], value: Optional[str],
                 names: Dict[str, Sequence[str]]) -> str:
    """`text` with the first mention of `value` (one of its `names`) marked as `entity`."""
    if not entity or not value:
        return text
    for name in sorted(names.get(value, ()), key=len, reverse=True):
        match = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)
        if match:
            found = match.group(0)
            mark = f'{{"entity": "{entity}", "value": "{value}"}}'
            return f"{text[:match.start()]}[{found}]{mark}{text[match.end():]}"
    return text


def add_examples(project: Path, intent: str, questions: Sequence[str],
                 entity: Optional[str] = None, value: Optional[str] = None,
                 names: Optional[Dict[str, Sequence[str]]] = None) -> List[Added]:
    """Add each question to data/nlu/reviewed.yml under `intent` after the checks above."""
    if intent not in domain_intents(project):
        raise ValueError(f"no intent {intent!r} in domain.yml")
    path = project / REVIEWED
    path.parent.mkdir(parents=True, exist_ok=True)
    results: List[Added] = []
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        reviewed = read_nlu(path)
        known = training_examples(project)
        held_out = evaluation_questions(project)
        for question in questions:
            text = example_text(question)[:MAX_CHARS].strip()
            key = normalised(text)
            if not key:
                results.append(Added(text, False, "nothing left to learn from"))
            elif key in held_out:
                results.append(Added(text, False, "a question of the evaluation sets"))
            elif key in known:
                results.append(Added(text, False, f"already an example of {known[key]}"))
            else:
                reviewed.setdefault(intent, []).append(
                    _with_entity(text, entity, value, names or {}))
                known[key] = intent
                results.append(Added(text, True))
        if any(result.added for result in results):
            _write(path, reviewed)
    return results


def render(reviewed: Dict[str, List[str]]) -> str:
    """The file's text: the header, then each intent's examples in a literal block."""
    lines = [HEADER.rstrip("\n"), 'version: "3.1"']
    if not any(reviewed.values()):
        return "\n".join(lines + ["nlu: []"]) + "\n"
    lines.append("nlu:")
    for intent in sorted(reviewed):
        if reviewed[intent]:
            lines += [f"- intent: {intent}", "  examples: |"]
            lines += [f"    - {example}" for example in reviewed[intent]]
    return "\n".join(lines) + "\n"


def _write(path: Path, reviewed: Dict[str, List[str]]) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".reviewed-", suffix=".yml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(render(reviewed))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def snapshot_path(model: Path) -> Path:
    """Where `make train` keeps the reviewed examples the model was trained with."""
    name = model.name[:-len(".tar.gz")] if model.name.endswith(".tar.gz") else model.stem
    return model.with_name(f"{name}.reviewed.yml")


def pending(project: Path, model: Path) -> int:
    """How many reviewed examples the model at `model` was not trained with."""
    trained = {normalised(e) for examples in read_nlu(snapshot_path(model)).values()
               for e in examples}
    return sum(normalised(example) not in trained
               for examples in read_nlu(project / REVIEWED).values() for example in examples)
