"""What editors need to see: questions the assistant could not answer, and feedback.

Questions answered by "did you mean" or as out of scope are appended, redacted
(bot/shared/redaction.py), to a JSON-lines file (`$PATHWAY_UNANSWERED_FILE`, default
var/unanswered.jsonl); the web widget's thumbs go to `$PATHWAY_FEEDBACK_FILE`
(var/feedback.jsonl, written by bot/rasa_server/channels/web.py). `python -m bot report`
reads both for a date range. `python -m bot purge` (bot/tools/purge.py) removes the records
older than the retention period from both files with `purge_before`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
import tempfile
from collections import Counter, defaultdict
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Dict, Iterator, List, NamedTuple, Optional

from bot.shared.redaction import redact

PROJECT_DIR = Path(__file__).resolve().parents[2]
logger = logging.getLogger(__name__)

def unanswered_file() -> Path:
    return Path(os.environ.get("PATHWAY_UNANSWERED_FILE") or PROJECT_DIR / "var" / "unanswered.jsonl")


def feedback_file() -> Path:
    return Path(os.environ.get("PATHWAY_FEEDBACK_FILE") or PROJECT_DIR / "var" / "feedback.jsonl")


def record_unanswered(text: str, topic: str, intent: str, confidence: float,
                      subject: Optional[str] = None) -> None:
    """Append one redacted record; a full disk must not cost the user their answer.
    `subject` is what a known-unknown question asked about (`pay`, `age` ...)."""
    record = {"timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "topic": topic, "intent": intent, "confidence": round(confidence, 4),
              "text": redact(text[:500])}
    if subject:
        record["subject"] = subject
    path = unanswered_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError as error:
        logger.error("could not record an unanswered question in %s: %s", path, error)


def read(path: Path, since: Optional[date] = None, until: Optional[date] = None) -> Iterator[dict]:
    """Records from a JSON-lines file within [since, until] (inclusive); bad lines skipped."""
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
            day = datetime.fromisoformat(record["timestamp"]).date()
        except (ValueError, KeyError, TypeError):
            continue
        if (since is None or day >= since) and (until is None or day <= until):
            yield record


def report(since: Optional[date] = None, until: Optional[date] = None, top: int = 20) -> str:
    """The text `python -m bot report` prints."""
    span = f"{since or 'the start'} to {until or 'today'}"
    lines = [f"Report for {span}", ""]
    unanswered = list(read(unanswered_file(), since, until))
    counts = Counter(" ".join(r["text"].lower().split()) for r in unanswered)
    kinds = Counter(r["topic"] for r in unanswered)
    lines.append(f"Unanswered questions: {len(unanswered)} "
                 f"({kinds['out_of_scope']} out of scope, {kinds['fallback']} did-you-mean, "
                 f"{kinds['unknown']} not in the sources)")
    for question, count in counts.most_common(top):
        lines.append(f"  {count:>4}  {question}")
    subjects = Counter(r.get("subject") or "(other)" for r in unanswered if r["topic"] == "unknown")
    if subjects:
        lines += ["", "Asked for but not in the sources, per subject:"]
        for subject, count in subjects.most_common():
            lines.append(f"  {count:>4}  {subject}")
    feedback: Dict[str, Counter] = defaultdict(Counter)
    for record in read(feedback_file(), since, until):
        feedback[record.get("topic") or "(unknown)"][record.get("value")] += 1
    lines += ["", "Feedback per topic:", f"  {'topic':<24} {'up':>4} {'down':>5}"]
    for topic in sorted(feedback, key=lambda t: -sum(feedback[t].values())):
        lines.append(f"  {topic:<24} {feedback[topic]['up']:>4} {feedback[topic]['down']:>5}")
    if not feedback:
        lines.append("  (none)")
    return "\n".join(lines)


class Purged(NamedTuple):
    """What `purge_before` removed from a file: records older than the cutoff, and lines that
    are not a record with a timestamp."""
    old: int = 0
    unreadable: int = 0


def _recorded_at(line: bytes) -> Optional[float]:
    """A line's record's timestamp in seconds since the epoch (UTC unless it says), or None."""
    try:
        moment = datetime.fromisoformat(json.loads(line.decode("utf-8"))["timestamp"])
    except (ValueError, KeyError, TypeError):  # UnicodeDecodeError and JSONDecodeError too
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()


def purge_before(path: Path, cutoff: float) -> Purged:
    """Remove from a JSON-lines file every record older than `cutoff` (seconds since the
    epoch) and every line that is not a record with a timestamp; records from `cutoff` on stay,
    byte for byte. The file is replaced atomically (a temporary file in the same folder, then
    os.replace) and only when something goes. Lines the servers append while it works are
    carried over, but for one appended in the instant between that copy and the replace (the
    servers open the file for each line). A missing file, or one that is not a regular file
    (os.devnull), is left alone."""
    if not path.is_file():
        return Purged()
    with path.open("rb") as source:
        data = source.read()
    data = data[:data.rfind(b"\n") + 1]  # a last line without its newline is still being written
    kept: List[bytes] = []
    old = unreadable = 0
    for line in data.splitlines(keepends=True):
        if not line.strip():
            continue
        at = _recorded_at(line)
        if at is None:
            unreadable += 1
        elif at < cutoff:
            old += 1
        else:
            kept.append(line)
    if not old and not unreadable:
        return Purged()
    status = path.stat()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".purge", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.writelines(kept)
            with path.open("rb") as source:  # written since it was read: newer, so kept
                source.seek(len(data))
                out.write(source.read())
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, stat.S_IMODE(status.st_mode))
        with contextlib.suppress(OSError):  # the servers' user must still be able to append
            os.chown(temporary, status.st_uid, status.st_gid)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return Purged(old, unreadable)
