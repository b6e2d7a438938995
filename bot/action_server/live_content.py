"""Serve the content editors save, without restarting the action server.

The action asks for the content on every turn. At most every `PATHWAY_CONTENT_CHECK_SECONDS`
(default 2) that looks at the content files' names, sizes and modification times, a few
`stat` calls. When they changed, the whole content is loaded, validated (bot/shared/content.py)
and prepared (the indices answers are built from) in a background thread, and only then
replaces what is served: loading takes about half a second, and done on a visitor's turn it
could take that turn past the action deadline (1.5 s) on a slow machine. Until it is ready,
turns are answered from the content already served. An edit that fails is logged once as an
ERROR naming the file and the line or path, and the last good content keeps being served until
the files are fixed. The first load has nothing to fall back on, so a broken start still fails
loudly.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import Callable, Optional, Tuple

from bot.action_server.answers import Turn, answer
from bot.action_server.frames import programmes_own_words
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
                 clock: Callable[[], float] = time.monotonic,
                 prepare: Callable[[Content], object] = lambda content: None) -> None:
        self.directory = Path(directory)
        self.check_seconds = check_seconds
        self._clock = clock
        self._prepare = prepare
        self._stamp = stamp(self.directory)
        self._content = load_content(self.directory)
        prepare(self._content)
        self._checked = clock()
        self._rejected: Optional[Stamp] = None
        self._reloading: Optional[threading.Thread] = None

    def get(self) -> Content:
        """The content to answer with; looks for edits when the last look is old enough, and
        has a changed one loaded in the background (it is served once ready)."""
        now = self._clock()
        if now - self._checked >= self.check_seconds and not self.reloading():
            self._checked = now
            if stamp(self.directory) not in (self._stamp, self._rejected):
                self._reloading = threading.Thread(target=self._reload, daemon=True,
                                                   name="content-reload")
                self._reloading.start()
        return self._content

    def reloading(self) -> bool:
        return self._reloading is not None and self._reloading.is_alive()

    def settle(self, timeout: Optional[float] = None) -> None:
        """Wait for a reload under way to finish (tests and benchmarks)."""
        if self._reloading is not None:
            self._reloading.join(timeout)

    def _reload(self) -> None:
        current = stamp(self.directory)
        try:
            content = load_content(self.directory)
        except (ValueError, OSError) as error:  # ContentError, undecodable or vanished file
            self._rejected = current
            log.error("Content edit in %s not served; still serving the last good content "
                      "until this is fixed:\n%s", self.directory, error)
            return
        try:
            self._prepare(content)
        except Exception:  # a content the answers cannot use must not replace a good one
            self._rejected = current
            log.exception("Content edit in %s not served: answering from it failed; still "
                          "serving the last good content", self.directory)
            return
        self._content, self._stamp, self._rejected = content, current, None
        log.info("Content reloaded from %s", self.directory)


_live: Optional[LiveContent] = None


def current() -> Content:
    """The project's content as editors last saved it (and as it last validated)."""
    global _live
    if _live is None:
        _live = LiveContent(Path(os.environ.get("PATHWAY_CONTENT_DIR") or CONTENT_DIR),
                            prepare=prepare)
    return _live.get()


def prepare(content: Content) -> None:
    """Build the indices answers use from `content` (lemmas, phrases, facts: they are cached
    per content object) by answering one question with it, and the words only one programme
    uses, which read the English word frequencies (half a second, not on a visitor's turn)."""
    answer(content, Turn("what_is_intelligence", "what is intelligence work?"))
    programmes_own_words(content)
