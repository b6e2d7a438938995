"""The content's sources against the fact sheet: each section cites only the sources the sheet
gives for it, and each source links to the address the sheet gives.

The sheet is the project's brief (../shared/pathway-facts.md, beside the project); a copy is
kept in docs/pathway-facts.md so that these checks run on any clone, and the copy must equal
the brief wherever the brief is there to compare."""

import re
from pathlib import Path
from typing import Dict, List, Set
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
FACT_SHEET = ROOT / "docs" / "pathway-facts.md"
BRIEF = ROOT.parent / "shared" / "pathway-facts.md"


def test_the_copy_of_the_fact_sheet_is_the_brief_s():
    assert FACT_SHEET.exists()
    if BRIEF.exists():  # beside the project (not on every CI machine)
        assert FACT_SHEET.read_text(encoding="utf-8") == BRIEF.read_text(encoding="utf-8"), \
            "docs/pathway-facts.md differs from ../shared/pathway-facts.md: copy it again"


def sections() -> Dict[str, Set[str]]:
    """Each `## ` section's name, and the source ids its heading and lines give."""
    found: Dict[str, Set[str]] = {}
    name = None
    for line in FACT_SHEET.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            name = re.split(r" \(|:", line[3:], maxsplit=1)[0].strip()
            found[name] = set()
        if name:
            found[name] |= set(re.findall(r"\bS[1-6]\b", line))
    return found


def source_entries() -> Dict[str, str]:
    """The text of each "- S1: ..." entry in the sheet's list of sources (with its continuation
    lines)."""
    entries: Dict[str, str] = {}
    current = None
    for line in FACT_SHEET.read_text(encoding="utf-8").split("## ", 1)[0].splitlines():
        start = re.match(r"- (S[1-6]): (.*)", line)
        if start:
            current = start.group(1)
            entries[current] = start.group(2)
        elif current and line.startswith("  "):
            entries[current] += " " + line.strip()
        else:
            current = None
    return entries


def addresses(entry: str) -> List[str]:
    """Web addresses in an entry, without scheme or "www." ("college.police.uk/...")."""
    return [a.rstrip(".").lower() for a in
            re.findall(r"\b(?:[a-z0-9-]+\.)+(?:uk|org|com)(?:/[^\s),;]*)?", entry)]


def bare(url: str) -> str:
    parsed = urlparse(url)
    return (parsed.netloc.lower().removeprefix("www.") + parsed.path.rstrip("/")).lower()


def test_the_content_s_sections_give_the_sources_the_fact_sheet_gives(content):
    sheet = sections()
    for name, source_ids in content.fact_sheet.items():
        assert name in sheet, f"fact_sheet in sources.yml names '{name}', not a section of the sheet"
        assert set(source_ids) == sheet[name], f"{name}: the sheet gives {sorted(sheet[name])}"


def test_the_safety_reply_cites_the_safety_section_s_source(content):
    assert content.safety.source in sections()["Safety signposting"]


def test_each_source_links_to_the_address_the_fact_sheet_gives(content):
    """Where the sheet gives a page's address, the link is that page; where it names only
    sites, the link is on one of them. "Same address" means the entry before's."""
    entries, previous = source_entries(), []
    for source_id in sorted(entries):
        given = addresses(entries[source_id])
        if "same address" in entries[source_id]:
            given = previous
        previous = given
        pages = [a for a in given if "/" in a]
        link = bare(content.sources[source_id].url)
        if pages:
            assert link in pages, f"{source_id}: {link} is not the page the sheet gives ({pages})"
        else:
            host = link.split("/", 1)[0]
            assert any(host == a or host.endswith("." + a) for a in given), \
                f"{source_id}: {link} is on none of the sites the sheet names ({given})"


def test_every_source_a_reply_shows_links_to_a_page_not_a_site_s_front_page(content):
    shown = {s for item in [*content.topics.values(), *content.roles.values()] for s in item.sources}
    shown |= {s for t in content.topics.values() for f in t.follow_ups.values() for s in f.sources}
    for source_id in sorted(shown):
        assert urlparse(content.sources[source_id].url).path.strip("/"), \
            f"{source_id} links to a site's front page: {content.sources[source_id].url}"
