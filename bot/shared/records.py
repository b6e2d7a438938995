"""What editors need to see, kept in the tracker store's database: questions the assistant
could not answer or answered unsure of itself, and the widget's thumbs up/down.

Three tables, created if missing when the Rasa server's tracker store starts
(bot/rasa_server/stores.py, `create_tables`), in the same database as Rasa's `events`: SQLite
by default (endpoints.yml), PostgreSQL with endpoints.scale.yml, so every replica writes to and
`python -m bot report` reads from the one place.

- `editor_records`: one row per answer the editors should look at, with its `reason`:
  `out_of_scope`, `did_you_mean` (the assistant asked back), `not_in_sources` (a known unknown,
  with its `subject`, e.g. `pay`) or `low_confidence` (answered, the model unsure). The action
  server marks such an answer in the bot message's metadata (`record`, actions/actions.py);
  the tracker store writes the row when it stores the turn (`rows_from_events`), with the
  question, the answer, the channel, the topic, and the intent and confidence the model gave.
- `feedback`: one row per thumbs up/down from the widget (bot/rasa_server/channels/web.py),
  with the question asked and the answer rated; unique per (conversation, answer), so a second
  vote for an answer is refused by the database whichever replica takes it.
- `editor_reviews`: what an editor decided about a record on the review page (bot/editors/).

Every text is redacted (bot/shared/redaction.py) and cut before it is written. Nothing is
written to a local file. `python -m bot purge` deletes rows older than the retention period
(`purge_before`), `python -m bot report` prints `report`, and `python -m bot import-records`
loads the JSON-lines files earlier versions wrote (`import_files`, once; run twice, it adds
nothing). Timestamps are seconds since the epoch (UTC), as in `events`.

This module needs SQLAlchemy: the Rasa server and the tools import it, never the action server
(its venv has no database packages).
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.shared.redaction import redact

#: Why an answer is in the editors' records (`reason`), as the action marks it.
OUT_OF_SCOPE, DID_YOU_MEAN, NOT_IN_SOURCES, LOW_CONFIDENCE = (
    "out_of_scope", "did_you_mean", "not_in_sources", "low_confidence")
REASONS = (OUT_OF_SCOPE, DID_YOU_MEAN, NOT_IN_SOURCES, LOW_CONFIDENCE)
UNANSWERED = (OUT_OF_SCOPE, DID_YOU_MEAN, NOT_IN_SOURCES)
#: The answer topics earlier versions recorded in var/unanswered.jsonl, and their reason.
REASON_OF_TOPIC = {"out_of_scope": OUT_OF_SCOPE, "fallback": DID_YOU_MEAN,
                   "unknown": NOT_IN_SOURCES}
#: The key of the bot message's metadata that marks an answer for the records.
MARK = "record"
VALUES = ("up", "down")
#: Characters kept of a question and of an answer (an answer of several paragraphs fits).
QUESTION_CHARS, ANSWER_CHARS = 500, 4000
#: Longer values (a broken import line) are cut to this before redaction, which takes time in
#: proportion to the length.
MAX_INPUT_CHARS = 100_000
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
                         "\ud800-\udfff]")

metadata = sa.MetaData()

editor_records = sa.Table(
    "editor_records", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    # One row per answer, whichever replica or import writes it (a hash, see `_key`).
    sa.Column("record_key", sa.String(64), nullable=False, unique=True),
    sa.Column("timestamp", sa.Float, nullable=False, index=True),
    sa.Column("conversation", sa.String(255)),
    sa.Column("channel", sa.String(64)),
    sa.Column("reason", sa.String(32), nullable=False),
    sa.Column("topic", sa.String(64)),
    sa.Column("subject", sa.String(64)),
    sa.Column("intent", sa.String(128)),
    sa.Column("confidence", sa.Float),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("answer", sa.Text),
)

feedback = sa.Table(
    "feedback", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("timestamp", sa.Float, nullable=False, index=True),
    sa.Column("conversation", sa.String(255), nullable=False),
    # Which answer of the conversation was rated: its bot event's timestamp (`answer_id`).
    sa.Column("answer_id", sa.String(64), nullable=False),
    sa.Column("message_id", sa.String(128)),
    sa.Column("channel", sa.String(64)),
    sa.Column("value", sa.String(8), nullable=False),
    sa.Column("topic", sa.String(64)),
    sa.Column("question", sa.Text),
    sa.Column("answer", sa.Text),
    sa.UniqueConstraint("conversation", "answer_id", name="feedback_one_vote_per_answer"),
)

#: What an editor decided about a record, on the review page (bot/editors/): one row per
#: record reviewed. `decision` is `about` (the question was about `intent`, with `role`; its
#: text went into data/nlu/reviewed.yml), `fine` (out of scope, and rightly declined) or `gap`
#: (the content should answer it: `gap` names the missing subject).
ABOUT, FINE, GAP = "about", "fine", "gap"
DECISIONS = (ABOUT, FINE, GAP)

reviews = sa.Table(
    "editor_reviews", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("record_key", sa.String(64), nullable=False, unique=True),
    sa.Column("timestamp", sa.Float, nullable=False, index=True),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("intent", sa.String(128)),
    sa.Column("role", sa.String(64)),
    sa.Column("gap", sa.String(200)),
)

TABLES = (editor_records, feedback, reviews)


# --- rows ------------------------------------------------------------------------------------

def _text(value: Any, chars: int) -> str:
    """A text as stored: redacted, then cut (so a cut never leaves half an email unredacted),
    without control characters, bidi overrides or lone surrogates (which a database refuses
    or a report would show wrongly)."""
    text = redact(str(value or "")[:MAX_INPUT_CHARS])[:chars]
    return _UNSTORABLE.sub("", text)


def _name(value: Any, chars: int) -> Optional[str]:
    """A short label (channel, topic, intent ...) as stored, or None."""
    if value is None or value == "":
        return None
    return _text(value, chars) or None


def _id(value: Any, chars: int) -> Optional[str]:
    """An identifier (conversation, message) as stored: as it is, never redacted (it would
    stop naming its conversation), only cut and stripped of what a database refuses."""
    if value is None:
        return None
    return _UNSTORABLE.sub("", str(value)[:chars]) or None


def _number(value: Any) -> Optional[float]:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and abs(number) != float("inf") else None


def _key(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join(map(repr, parts)).encode("utf-8", "replace")).hexdigest()


def answer_id(bot_event: Any) -> str:
    """What identifies an answer within its conversation: its bot event's timestamp."""
    return repr(float(bot_event.timestamp))


def question_text(user_event: Any) -> str:
    """The whole message the visitor sent (a long one's full text, bot/rasa_server/nlu)."""
    parse = getattr(user_event, "parse_data", None) or {}
    return str(parse.get("full_text") or getattr(user_event, "text", None) or "")


def marked(events: Sequence[Any], start: int = 0) -> bool:
    """Whether a bot message from `start` on is marked for the editors' records (cheap)."""
    return any(getattr(event, "type_name", "") == "bot"
               and isinstance((event.metadata or {}).get(MARK), dict)
               for event in events[start:])


def rows_from_events(conversation: str, events: Sequence[Any], start: int = 0,
                     channel: Optional[str] = None) -> List[Dict[str, Any]]:
    """The `editor_records` rows of the marked bot messages from `events[start]` on: each with
    the visitor's message before it. `channel` overrides the message's input channel."""
    rows: List[Dict[str, Any]] = []
    question = None
    for index, event in enumerate(events):
        kind = getattr(event, "type_name", "")
        if kind == "user":
            question = event
        elif kind == "bot" and index >= start and question is not None:
            mark = (event.metadata or {}).get(MARK)
            if not isinstance(mark, dict) or mark.get("reason") not in REASONS:
                continue
            parse = getattr(question, "parse_data", None) or {}
            intent = parse.get("intent") or {}
            text = _text(question_text(question), QUESTION_CHARS)
            if not text:
                continue
            rows.append({
                "record_key": _key(conversation, answer_id(event), mark["reason"]),
                "timestamp": float(event.timestamp),
                "conversation": _id(conversation, 255),
                "channel": _name(channel or getattr(question, "input_channel", None), 64),
                "reason": mark["reason"],
                "topic": _name((event.metadata or {}).get("topic"), 64),
                "subject": _name(mark.get("subject"), 64),
                "intent": _name(mark.get("intent") or intent.get("name"), 128),
                "confidence": _number(mark.get("confidence", intent.get("confidence"))),
                "question": text,
                "answer": _text(event.text, ANSWER_CHARS),
            })
    return rows


def question_before(events: Sequence[Any], bot_event: Any) -> Any:
    """The visitor's message a bot message answered: the last user event before it."""
    question = None
    for event in events:
        if event is bot_event:
            return question
        if getattr(event, "type_name", "") == "user":
            question = event
    return None


def feedback_row(conversation: str, answer: Any, question: Any, value: str,
                 message_id: Optional[str] = None,
                 now: Optional[float] = None) -> Dict[str, Any]:
    """A `feedback` row: a thumbs `value` for the bot event `answer` of `conversation`, with
    the user event `question` it answered (None if not in the tracker)."""
    if value not in VALUES:
        raise ValueError(f"feedback is 'up' or 'down', not {value!r}")
    return {
        "timestamp": time.time() if now is None else now,
        "conversation": _id(conversation, 255),
        "answer_id": answer_id(answer),
        "message_id": _id(message_id, 128),
        "channel": _name(getattr(question, "input_channel", None), 64),
        "value": value,
        "topic": _name((answer.metadata or {}).get("topic"), 64),
        "question": _text(question_text(question), QUESTION_CHARS) if question else None,
        "answer": _text(answer.text, ANSWER_CHARS),
    }


# --- the database ----------------------------------------------------------------------------

def create_tables(engine: Any) -> None:
    """Create the tables that are missing. Two replicas starting at once may both try: the one
    that loses the race finds them made when it looks again. An SQLite file's folder is made
    too."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    try:
        metadata.create_all(engine)
    except SQLAlchemyError:
        metadata.create_all(engine)


def _insert_new(connection: Any, table: sa.Table, row: Dict[str, Any]) -> bool:
    """Insert `row` unless a row with its unique key is there: True if inserted."""
    dialect = connection.dialect.name
    if dialect in ("postgresql", "sqlite"):
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return connection.execute(insert(table).values(**row).on_conflict_do_nothing()
                                  ).rowcount == 1
    try:
        with connection.begin_nested():
            connection.execute(table.insert().values(**row))
        return True
    except IntegrityError:
        return False


def write_records(engine: Any, rows: Iterable[Dict[str, Any]]) -> int:
    """Insert `editor_records` rows, one transaction; a row already there is skipped. Returns
    how many were new."""
    with engine.begin() as connection:
        return sum(_insert_new(connection, editor_records, row) for row in rows)


def add_feedback(engine: Any, row: Dict[str, Any]) -> bool:
    """Insert one vote: False (nothing written) if that answer has a vote already."""
    with engine.begin() as connection:
        return _insert_new(connection, feedback, row)


def _missing(engine: Any, table: sa.Table) -> bool:
    """Whether `table` is not there to read (an SQLite file not made yet counts as empty, and
    is not created by reading it)."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") \
            and not Path(url.database).exists():
        return True
    return not sa.inspect(engine).has_table(table.name)


def _day_start(day: date) -> float:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp()


def _read(engine: Any, table: sa.Table, since: Optional[date],
          until: Optional[date]) -> List[Dict[str, Any]]:
    """The rows of the days since..until (inclusive, UTC days), newest first."""
    if _missing(engine, table):
        return []
    query = sa.select(table).order_by(table.c.timestamp.desc(), table.c.id.desc())
    if since is not None:
        query = query.where(table.c.timestamp >= _day_start(since))
    if until is not None:
        query = query.where(table.c.timestamp < _day_start(until + timedelta(days=1)))
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]


def read_records(engine: Any, since: Optional[date] = None,
                 until: Optional[date] = None) -> List[Dict[str, Any]]:
    """`editor_records` rows of the days since..until (inclusive, UTC), newest first."""
    return _read(engine, editor_records, since, until)


def read_feedback(engine: Any, since: Optional[date] = None,
                  until: Optional[date] = None) -> List[Dict[str, Any]]:
    """`feedback` rows of the days since..until (inclusive, UTC), newest first."""
    return _read(engine, feedback, since, until)


def read_reviews(engine: Any) -> Dict[str, Dict[str, Any]]:
    """Every review, by the `record_key` it reviewed."""
    return {row["record_key"]: row for row in _read(engine, reviews, None, None)}


def write_reviews(engine: Any, record_keys: Iterable[str], decision: str,
                  intent: Optional[str] = None, role: Optional[str] = None,
                  gap: Optional[str] = None, now: Optional[float] = None) -> int:
    """Mark records reviewed with one decision; a record reviewed before keeps its first
    review (two editors on one row: the first wins). Returns how many were marked now."""
    if decision not in DECISIONS:
        raise ValueError(f"a decision is one of {DECISIONS}, not {decision!r}")
    at = time.time() if now is None else now
    with engine.begin() as connection:
        return sum(_insert_new(connection, reviews, {
            "record_key": key, "timestamp": at, "decision": decision,
            "intent": _name(intent, 128), "role": _name(role, 64), "gap": _name(gap, 200)})
            for key in record_keys)


def questions_per_day(engine: Any, since: date, until: date) -> Dict[date, int]:
    """How many messages visitors sent each UTC day (the tracker store's `user` events)."""
    if not sa.inspect(engine).has_table("events"):
        return {}
    events = sa.Table("events", sa.MetaData(), autoload_with=engine)
    query = (sa.select(events.c.timestamp)
             .where(events.c.type_name == "user")
             .where(events.c.timestamp >= _day_start(since))
             .where(events.c.timestamp < _day_start(until + timedelta(days=1))))
    counts: Counter = Counter()
    with engine.connect() as connection:
        for (at,) in connection.execute(query):
            counts[datetime.fromtimestamp(at, timezone.utc).date()] += 1
    return dict(counts)


class Purged(NamedTuple):
    """What `purge_before` deleted."""
    records: int = 0
    feedback: int = 0
    reviews: int = 0


def purge_before(engine: Any, cutoff: float) -> Purged:
    """Delete every record and vote older than `cutoff` (seconds since the epoch), in one
    transaction; tables not made yet are left alone."""
    present = [table for table in TABLES if not _missing(engine, table)]
    deleted = {table.name: 0 for table in TABLES}
    if present:
        with engine.begin() as connection:
            for table in present:
                deleted[table.name] = connection.execute(
                    table.delete().where(table.c.timestamp < cutoff)).rowcount
    return Purged(deleted[editor_records.name], deleted[feedback.name], deleted[reviews.name])


# --- the report ------------------------------------------------------------------------------

def report(engine: Any, since: Optional[date] = None, until: Optional[date] = None,
           top: int = 20) -> str:
    """The text `python -m bot report` prints."""
    span = f"{since or 'the start'} to {until or 'today'}"
    lines = [f"Report for {span}", ""]
    rows = read_records(engine, since, until)
    unanswered = [r for r in rows if r["reason"] in UNANSWERED]
    reasons = Counter(r["reason"] for r in rows)
    counts = Counter(" ".join(r["question"].lower().split()) for r in unanswered)
    lines.append(f"Unanswered questions: {len(unanswered)} "
                 f"({reasons[OUT_OF_SCOPE]} out of scope, {reasons[DID_YOU_MEAN]} did-you-mean, "
                 f"{reasons[NOT_IN_SOURCES]} not in the sources)")
    for question, count in counts.most_common(top):
        lines.append(f"  {count:>4}  {question}")
    subjects = Counter(r["subject"] or "(other)" for r in unanswered
                       if r["reason"] == NOT_IN_SOURCES)
    if subjects:
        lines += ["", "Asked for but not in the sources, per subject:"]
        for subject, count in subjects.most_common():
            lines.append(f"  {count:>4}  {subject}")
    unsure = [r for r in rows if r["reason"] == LOW_CONFIDENCE]
    lines += ["", f"Answered with low confidence: {len(unsure)}"]
    unsure_counts = Counter((" ".join(r["question"].lower().split()), r["topic"] or "?")
                            for r in unsure)
    for (question, topic), count in unsure_counts.most_common(top):
        lines.append(f"  {count:>4}  {question}  -> {topic}")
    votes = read_feedback(engine, since, until)
    per_topic: Dict[str, Counter] = defaultdict(Counter)
    for vote in votes:
        per_topic[vote["topic"] or "(unknown)"][vote["value"]] += 1
    lines += ["", "Feedback per topic:", f"  {'topic':<24} {'up':>4} {'down':>5}"]
    for topic in sorted(per_topic, key=lambda t: (-sum(per_topic[t].values()), t)):
        lines.append(f"  {topic:<24} {per_topic[topic]['up']:>4} {per_topic[topic]['down']:>5}")
    if not per_topic:
        lines.append("  (none)")
    down = [v for v in votes if v["value"] == "down" and v["question"]]
    if down:
        lines += ["", "Marked not helpful (newest first): the question, and the topic answered"]
        for vote in down[:top]:
            lines.append(f"  {' '.join(vote['question'].split())}  -> {vote['topic'] or '?'}")
    return "\n".join(lines)


# --- a one-off import of the JSON-lines files of earlier versions ---------------------------

class Imported(NamedTuple):
    """What `import_file` did with one file's lines."""
    added: int = 0
    present: int = 0  # already in the database (imported before)
    unreadable: int = 0  # not a record this command knows


def _moment(value: Any) -> Optional[float]:
    """An ISO timestamp's seconds since the epoch (UTC unless it says), or None."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()


def _imported_record(line: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """An `editor_records` row from a line of var/unanswered.jsonl, or None."""
    at, reason = _moment(line.get("timestamp")), REASON_OF_TOPIC.get(line.get("topic"))
    question = _text(line.get("text"), QUESTION_CHARS)
    if at is None or reason is None or not question:
        return None
    row = {"timestamp": at, "conversation": None, "channel": None, "reason": reason,
           "topic": _name(line.get("topic"), 64), "subject": _name(line.get("subject"), 64),
           "intent": _name(line.get("intent"), 128),
           "confidence": _number(line.get("confidence")), "question": question,
           "answer": None}
    row["record_key"] = _key("import", *(row[k] for k in sorted(row)))
    return row


def _imported_vote(line: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """A `feedback` row from a line of var/feedback.jsonl, or None."""
    at, conversation = _moment(line.get("timestamp")), line.get("session_id")
    if at is None or line.get("value") not in VALUES or not isinstance(conversation, str) \
            or not conversation.strip():
        return None
    message_id = line.get("message_id")
    text = _text(line.get("text"), ANSWER_CHARS)
    # Those files name the rated answer by the widget's message id, not the bot event.
    answer = f"message:{message_id}" if message_id is not None else f"text:{_key(text)[:32]}"
    return {"timestamp": at, "conversation": _id(conversation, 255),
            "answer_id": _id(answer, 64), "message_id": _id(message_id, 128),
            "channel": None, "value": line["value"], "topic": _name(line.get("topic"), 64),
            "question": None, "answer": text or None}


def import_file(engine: Any, path: Path, kind: str) -> Imported:
    """Load one JSON-lines file of earlier versions (`kind` "unanswered" or "feedback") into
    its table, redacted again on the way in; lines already imported are skipped."""
    build, table = ((_imported_record, editor_records) if kind == "unanswered"
                    else (_imported_vote, feedback))
    added = present = unreadable = 0
    with engine.begin() as connection:
        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
            except ValueError:
                line = None
            row = build(line) if isinstance(line, dict) else None
            if row is None:
                unreadable += 1
            elif _insert_new(connection, table, row):
                added += 1
            else:
                present += 1
    return Imported(added, present, unreadable)


def import_files(engine: Any, unanswered: Optional[Path],
                 votes: Optional[Path]) -> List[Tuple[Path, Optional[Imported]]]:
    """Import the files given (None for a file that is not there)."""
    create_tables(engine)
    done = []
    for path, kind in ((unanswered, "unanswered"), (votes, "feedback")):
        if path is not None:
            done.append((path, import_file(engine, path, kind) if path.is_file() else None))
    return done
