"""The inbox: the editors' records (bot/shared/records.py) as rows an editor can act on.

Near-identical questions are one row with a count: their key is the set of their words'
lemmas without the small words ("How much does an analyst earn?" and "how much do analysts
earn" are one row), the same lemmas the safety net and fact matching use (bot/shared/words.py).
Rows are newest first and filtered by date, channel, reason and whether they are reviewed.
Plain Python over rows read from the database, so it is tested without a server.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Dict, Iterable, List, Optional

from bot.shared import records, words

#: Words that do not change what a question asks, for grouping only.
SMALL_WORDS = frozenset("""a an the be is are was were do does did i me my you your it its this
that to of in on for at and or but so can could would will should please hi hello hey ok okay
thanks thank just really""".split())
REASON_LABELS = {
    records.OUT_OF_SCOPE: "out of scope",
    records.DID_YOU_MEAN: "asked back (did you mean)",
    records.NOT_IN_SOURCES: "not in the sources",
    records.LOW_CONFIDENCE: "answered, unsure",
}
#: The different wordings of one row kept to show and to learn from.
MAX_WORDINGS = 5


def group_key(question: str) -> str:
    """What near-identical questions share: their sorted content lemmas."""
    lemmas = sorted({lemma for lemma in words.lemmas(question) if lemma not in SMALL_WORDS})
    return " ".join(lemmas) or " ".join(question.lower().split())


def row_id(key: str) -> str:
    """A short stable id for a row, for forms and links."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass
class Row:
    """One inbox row: near-identical questions with what the assistant did with them."""
    id: str
    key: str
    records: List[Dict[str, Any]] = field(default_factory=list)
    review: Optional[Dict[str, Any]] = None

    @property
    def newest(self) -> Dict[str, Any]:
        return self.records[0]

    @property
    def count(self) -> int:
        return len(self.records)

    @property
    def question(self) -> str:
        return self.newest["question"]

    @property
    def wordings(self) -> List[str]:
        """The row's distinct wordings, most asked first."""
        counts = Counter(" ".join(r["question"].split()) for r in self.records)
        return [text for text, _ in counts.most_common(MAX_WORDINGS)]

    @property
    def reasons(self) -> List[str]:
        return sorted({r["reason"] for r in self.records})

    @property
    def channels(self) -> List[str]:
        return sorted({r["channel"] or "?" for r in self.records})

    @property
    def last_seen(self) -> str:
        return when(self.newest["timestamp"])

    @property
    def record_keys(self) -> List[str]:
        return [r["record_key"] for r in self.records]


def when(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class Filters:
    """What the inbox shows: `status` is "open" (not reviewed) or "reviewed"."""
    since: Optional[date] = None
    until: Optional[date] = None
    channel: str = ""
    reason: str = ""
    status: str = "open"

    @classmethod
    def from_query(cls, args: Dict[str, str]) -> "Filters":
        """Filters from a query string; a value that makes no sense is ignored."""
        def day(name: str) -> Optional[date]:
            try:
                return date.fromisoformat(args.get(name, "").strip())
            except ValueError:
                return None
        reason = args.get("reason", "")
        status = args.get("status", "open")
        return cls(since=day("since"), until=day("until"),
                   channel=args.get("channel", "").strip()[:64],
                   reason=reason if reason in records.REASONS else "",
                   status=status if status in ("open", "reviewed") else "open")

    def query(self) -> Dict[str, str]:
        values = {"since": self.since.isoformat() if self.since else "",
                  "until": self.until.isoformat() if self.until else "",
                  "channel": self.channel, "reason": self.reason, "status": self.status}
        return {name: value for name, value in values.items() if value}


def rows(records_read: Iterable[Dict[str, Any]], reviews: Dict[str, Dict[str, Any]],
         filters: Filters = Filters()) -> List[Row]:
    """The inbox rows of `records_read` (newest first) under `filters`. A row is reviewed
    when all its records are; its review is the newest of theirs."""
    grouped: Dict[str, Row] = {}
    for record in records_read:
        if filters.channel and (record["channel"] or "") != filters.channel:
            continue
        if filters.reason and record["reason"] != filters.reason:
            continue
        key = group_key(record["question"])
        grouped.setdefault(key, Row(row_id(key), key)).records.append(record)
    found = []
    for row in grouped.values():
        done = [reviews[k] for k in row.record_keys if k in reviews]
        row.review = max(done, key=lambda r: r["timestamp"]) if done else None
        reviewed = len(done) == row.count
        if reviewed == (filters.status == "reviewed"):
            found.append(row)
    return sorted(found, key=lambda row: row.newest["timestamp"], reverse=True)


def channels(records_read: Iterable[Dict[str, Any]]) -> List[str]:
    return sorted({r["channel"] for r in records_read if r["channel"]})


CSV_FIELDS = ("last_seen", "count", "question", "wordings", "reasons", "channels", "intent",
              "confidence", "topic", "subject", "answer", "review")


def to_csv(inbox: List[Row]) -> str:
    """The inbox as CSV, one row per inbox row. Cells starting with = + - @ are prefixed with
    a quote so a spreadsheet never runs a visitor's text as a formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    for row in inbox:
        newest = row.newest
        review = row.review
        writer.writerow([_cell(value) for value in (
            row.last_seen, row.count, row.question, " | ".join(row.wordings),
            " ".join(row.reasons), " ".join(row.channels), newest["intent"] or "",
            "" if newest["confidence"] is None else f"{newest['confidence']:.2f}",
            newest["topic"] or "", newest["subject"] or "", newest["answer"] or "",
            describe(review) if review else "")])
    return out.getvalue()


def describe(review: Dict[str, Any]) -> str:
    """What an editor decided, in words."""
    if review["decision"] == records.ABOUT:
        about = review["intent"] + (f", {review['role']}" if review["role"] else "")
        return f"about {about}"
    if review["decision"] == records.GAP:
        return f"content gap: {review['gap'] or '?'}"
    return "out of scope, fine"


def _cell(value: Any) -> str:
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def gaps(records_read: Iterable[Dict[str, Any]],
         reviews: Dict[str, Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The content gaps editors marked, with how many questions each stands for."""
    by_key = {r["record_key"]: r for r in records_read}
    found: Dict[str, Dict[str, Any]] = {}
    for key, review in reviews.items():
        if review["decision"] != records.GAP:
            continue
        label = review["gap"] or "?"
        gap = found.setdefault(label, {"gap": label, "count": 0, "last": 0.0, "example": ""})
        gap["count"] += 1
        record = by_key.get(key)
        if record and record["timestamp"] >= gap["last"]:
            gap["last"], gap["example"] = record["timestamp"], record["question"]
    return sorted(found.values(), key=lambda g: (-g["count"], g["gap"]))
