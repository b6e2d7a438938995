"""Generate `data/nlu/synonyms.yml` from the content, so role and programme names live in
one place (the content). Lookup tables let RegexEntityExtractor find the names people type
("intel analist", "fast track"); synonyms let EntitySynonymMapper turn them into ids.

`make synonyms` writes the file; a test fails when it is out of date.
"""

from pathlib import Path

from bot.shared.content import Content

SYNONYMS_FILE = Path(__file__).resolve().parents[2] / "data" / "nlu" / "synonyms.yml"
HEADER = "# Generated from data/pathway/ by `make synonyms`: edit the content, not this file.\n"


def _block(kind: str, name: str, examples) -> str:
    lines = "".join(f"    - {example}\n" for example in examples)
    return f"- {kind}: {name}\n  examples: |\n{lines}"


def render(content: Content) -> str:
    roles = {role_id: [r.name, *r.synonyms] for role_id, r in content.roles.items()}
    programmes = {t_id: t.aliases for t_id, t in content.topics.items() if t.aliases}
    blocks = [
        _block("lookup", "role", [n for names in roles.values() for n in names]),
        _block("lookup", "programme", [n for names in programmes.values() for n in names]),
    ]
    for value, names in {**roles, **programmes}.items():
        blocks.append(_block("synonym", value, [n for n in names if n.lower() != value]))
    return f'{HEADER}version: "3.1"\nnlu:\n' + "".join(blocks)


def write(content: Content, target: Path = SYNONYMS_FILE) -> bool:
    """Write the synonyms file; True when it changed."""
    text = render(content)
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return False
    target.write_text(text, encoding="utf-8")
    return True
