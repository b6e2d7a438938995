"""Serve the content editors save, without restarting the action server.

The action asks for the content on every turn. At most every `PATHWAY_CONTENT_CHECK_SECONDS`
(default 2) that looks at the content files' names, sizes and modification times, a few
`stat` calls. When they changed, the whole content is loaded and validated (bot/shared/content.py)
before it replaces what is served; an edit that fails is logged once as an ERROR naming the
file and the line or path, and the last good content keeps being served until the files are
fixed. The first load has nothing to fall back on, so a broken start still fails loudly.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Callable, Optional, Tuple

from bot.shared.content import CONTENT_DIR, Content, load_content

log = logging.getLogger(__name__)

#: Seconds between looks at the files: an edit shows within this time, and a busy server
#: does not `stat` the files on every message.
CHECK_SECONDS = float(os.environ.get("PATHWAY_CONTENT_CHECK_SECONDS", "2"))

#: Each content file's name, modification time (ns) and size.
Stamp = Tuple[Tuple[str, int, int], ...]


def stamp(directory: Path) -> Stamp:
    """What changes when an editor saves, adds, renames or removes a content file."""
    files = []
    for path in sorted(Path(directory).glob("*.yml")):
        try:
            status = path.stat()
        except FileNotFoundError:  # removed between listing and looking
            continue
        files.append((path.name, status.st_mtime_ns, status.st_size))
    return tuple(files)


class LiveContent:
    """The last good content of `directory`, reloaded when its files change."""

    def __init__(self, directory: Path = CONTENT_DIR, check_seconds: float = CHECK_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.directory = Path(directory)
        self.check_seconds = check_seconds
        self._clock = clock
        self._stamp = stamp(self.directory)
        self._content = load_content(self.directory)
        self._checked = clock()
        self._rejected: Optional[Stamp] = None

    def get(self) -> Content:
        """The content to answer with; looks for edits when the last look is old enough."""
        now = self._clock()
        if now - self._checked >= self.check_seconds:
            self._checked = now
            self._reload_if_changed()
        return self._content

    def _reload_if_changed(self) -> None:
        current = stamp(self.directory)
        if current in (self._stamp, self._rejected):
            return  # unchanged, or the broken edit already logged
        try:
            content = load_content(self.directory)
        except (ValueError, OSError) as error:  # ContentError, undecodable or vanished file
            self._rejected = current
            log.error("Content edit in %s not served; still serving the last good content "
                      "until this is fixed:\n%s", self.directory, error)
            return
        self._content, self._stamp, self._rejected = content, current, None
        log.info("Content reloaded from %s", self.directory)


_live: Optional[LiveContent] = None


def current() -> Content:
    """The project's content as editors last saved it (and as it last validated)."""
    global _live
    if _live is None:
        _live = LiveContent(Path(os.environ.get("PATHWAY_CONTENT_DIR") or CONTENT_DIR))
    return _live.get()
