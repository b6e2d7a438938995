"""An answer's sources as every channel shows them: one titled link per URL.

Two sources of an answer can share a page (the same URL, two sections of it): the visitor sees
that page once, under the first source's title. Unknown source ids are skipped (a reply is never
lost over a missing source).
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List


def source_links(content: Any, source_ids: Iterable[str]) -> List[Dict[str, str]]:
    """[{"title", "url"}] for `source_ids`, in order, each URL once."""
    links: Dict[str, str] = {}
    for source in content.sources_of([s for s in source_ids if s in content.sources]):
        links.setdefault(source.url, source.title)
    return [{"title": title, "url": url} for url, title in links.items()]
