"""Generate `data/nlu/synonyms.yml` from the content, so role and programme names live in
one place (the content) and the model's EntitySynonymMapper learns the same names.

`make synonyms` writes the file; a test fails when it is out of date.
"""

from pathlib import Path

from bot.content import Content

SYNONYMS_FILE = Path(__file__).resolve().parent.parent / "data" / "nlu" / "synonyms.yml"
HEADER = "# Generated from data/pathway/ by `make synonyms`: edit the content, not this file.\n"


def render(content: Content) -> str:
    blocks = []
    groups = [(role_id, [r.name, *r.synonyms]) for role_id, r in content.roles.items()]
    groups += [(topic_id, t.aliases) for topic_id, t in content.topics.items() if t.aliases]
    for value, names in groups:
        examples = "".join(f"    - {name}\n" for name in names if name.lower() != value)
        blocks.append(f"- synonym: {value}\n  examples: |\n{examples}")
    return f'{HEADER}version: "3.1"\nnlu:\n' + "".join(blocks)


def write(content: Content, target: Path = SYNONYMS_FILE) -> bool:
    """Write the synonyms file; True when it changed."""
    text = render(content)
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return False
    target.write_text(text, encoding="utf-8")
    return True
