"""Generate the files Rasa needs ids in from the content and the NLU data, so adding a topic
is: its YAML content (data/pathway/), its NLU examples (data/nlu/), `make`.

- data/nlu/synonyms.yml: role and programme names (bot/tools/synonyms.py);
- data/rules.yml: one rule per intent (and the low-confidence fallback) to `action_answer`;
- domain.yml: its `intents:` list, the rest of the file is kept as written.

The intents are the content's topic ids, then every other intent the NLU files train, each
group sorted (so moving a topic or an example between files changes nothing).
`python -m bot generate` writes the files; `--check` (run by `make test`) fails when one is
out of date.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List

import yaml

from bot.shared.content import Content
from bot.shared.intents import FALLBACK
from bot.tools.synonyms import SYNONYMS_FILE, render as render_synonyms

ROOT = Path(__file__).resolve().parents[2]
NLU_DIR = ROOT / "data" / "nlu"
RULES_FILE = ROOT / "data" / "rules.yml"
DOMAIN_FILE = ROOT / "domain.yml"
ACTION = "action_answer"
GENERATED = "Generated from data/pathway/ and data/nlu/ by `make generate`"
# The domain's intents block: from `intents:` to the next blank line or top-level key.
_INTENTS_BLOCK = re.compile(r"^(# [^\n]*make generate[^\n]*\n)?intents:\n(?:[ \t]+[^\n]*\n)*",
                            re.MULTILINE)


def nlu_intents(nlu_dir: Path = NLU_DIR) -> List[str]:
    """Intents with training examples, in the order they first appear (files sorted)."""
    intents: List[str] = []
    for path in sorted(nlu_dir.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" in block and block["intent"] not in intents:
                intents.append(block["intent"])
    return intents


def intents(content: Content, nlu_dir: Path = NLU_DIR) -> List[str]:
    """Every intent the model is trained on: the topics first, then the others."""
    topics = sorted(content.topics)
    return topics + sorted(set(nlu_intents(nlu_dir)) - set(topics))


def render_rules(names: List[str]) -> str:
    rules = "".join(f"- rule: answer {name}\n  steps:\n  - intent: {name}\n"
                    f"  - action: {ACTION}\n\n" for name in [*names, FALLBACK])
    return (f"# {GENERATED}: edit those, not this file.\n"
            "# Single-turn Q&A: every intent, and the low-confidence fallback, goes to "
            f"{ACTION}.\n"
            "# Follow-up context lives in the `topic` and `role` slots, not in the dialogue "
            "policy.\n"
            f'version: "3.1"\n\nrules:\n{rules}').rstrip("\n") + "\n"


def render_domain(names: List[str], domain_text: str) -> str:
    """domain.yml with its intents block replaced; everything else kept byte for byte."""
    block = (f"# {GENERATED}; the rest of the file is not.\nintents:\n"
             + "".join(f"  - {name}\n" for name in names))
    if not _INTENTS_BLOCK.search(domain_text):
        raise ValueError(f"{DOMAIN_FILE} has no `intents:` list to replace")
    return _INTENTS_BLOCK.sub(lambda _: block, domain_text, count=1)


def render_all(content: Content) -> Dict[Path, str]:
    """Each generated file and the text it should have."""
    names = intents(content)
    return {
        SYNONYMS_FILE: render_synonyms(content),
        RULES_FILE: render_rules(names),
        DOMAIN_FILE: render_domain(names, DOMAIN_FILE.read_text(encoding="utf-8")),
    }


def out_of_date(content: Content) -> List[Path]:
    """The generated files whose text is not what the content and NLU data give."""
    return [path for path, text in render_all(content).items()
            if not path.exists() or path.read_text(encoding="utf-8") != text]


def write(content: Content) -> List[Path]:
    """Write the files that changed; return them."""
    changed = out_of_date(content)
    texts = render_all(content)
    for path in changed:
        path.write_text(texts[path], encoding="utf-8")
    return changed
