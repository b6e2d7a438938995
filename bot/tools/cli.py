"""Command line: `python -m bot chat|ask|report|import-records|generate|synonyms|purge`.

`chat` is the terminal chat (`make chat`); `ask` shows editors what the assistant answers and
why (intent, confidence, topic), and writes nothing into the editors' records unless given
`--record`. `report`, `import-records`, `purge` and `ask --record` use the database of the
tracker store in `--endpoints` (default `$ENDPOINTS`, else endpoints.yml), where the servers
keep the editors' records (bot/shared/records.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import uuid
from datetime import date
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Dict, Iterable, List, Optional

FIELDS = ("question", "text", "intent", "confidence", "topic", "role", "buttons")
#: The endpoints file the database commands read when not given one: as `make` does.
ENDPOINTS_ENV, DEFAULT_ENDPOINTS = "ENDPOINTS", "endpoints.yml"


def default_endpoints() -> str:
    return os.environ.get(ENDPOINTS_ENV) or DEFAULT_ENDPOINTS


async def ask(questions: Iterable[str], conversation: bool, agent: Any = None,
              record: Optional[Callable[[List[Dict[str, Any]]], Any]] = None
              ) -> AsyncIterator[Dict[str, Any]]:
    """Answer each question with the trained model and the real actions, as it comes. With
    `record`, each answer's editors' records (bot/shared/records.py) are passed to it; without,
    nothing is recorded (the conversations stay in memory)."""
    from bot.tools.runtime import load

    agent = agent or load()
    sender = f"ask-{uuid.uuid4().hex}"
    for question in questions:
        if not conversation:
            sender = f"ask-{uuid.uuid4().hex}"
        result = await turn(agent, sender, question)
        if record is not None:
            record(await latest_records(agent, sender))
        yield result


async def latest_records(agent: Any, sender: str) -> List[Dict[str, Any]]:
    """The editors' records of the conversation's latest turn (channel `ask`)."""
    from bot.shared import records

    tracker = await agent.tracker_store.retrieve(sender)
    events = list(tracker.events) if tracker else []
    users = [i for i, event in enumerate(events) if getattr(event, "type_name", "") == "user"]
    return records.rows_from_events(sender, events, users[-1] if users else 0, channel="ask")


async def turn(agent: Any, sender: str, question: str) -> Dict[str, Any]:
    """One message of the conversation `sender`: the reply and what the model understood."""
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.shared.core.events import BotUttered

    from bot.action_server import safety
    from bot.action_server.answers import Turn, safety_reading, said_for_safety, sure_of_danger

    output = CollectingOutputChannel()
    before = await agent.tracker_store.retrieve(sender)
    slots = ("topic", "role", "kind", "other_role", "programme")
    context = {name: before.get_slot(name) for name in slots} if before else {}
    earlier = [event.as_dict() for event in before.events] if before else []
    await agent.handle_message(UserMessage(question, output, sender))
    tracker = await agent.processor.fetch_tracker_with_initial_session(sender)
    latest = tracker.latest_message
    since_user = []
    for event in reversed(list(tracker.events_after_latest_restart())):
        if getattr(event, "type_name", "") == "user":
            break
        since_user.append(event)
    uttered = [e for e in reversed(since_user) if isinstance(e, BotUttered)]
    meta = uttered[-1].metadata if uttered else {}
    read = Turn.from_parse(latest.parse_data)  # as the action reads it, for /why
    return {
        "question": question,
        "text": "\n".join(m.get("text") or "" for m in output.messages if m.get("text")),
        "intent": latest.intent.get("name"),
        "confidence": round(float(latest.intent.get("confidence") or 0.0), 4),
        "topic": meta.get("topic"),
        "role": meta.get("role"),
        "buttons": [
            {"title": b.get("title"), "payload": b.get("payload")}
            for m in output.messages for b in m.get("buttons") or []
        ],
        # For the terminal chat's source line and /why (not in --json output).
        "sources": list(meta.get("sources") or []),
        "ranking": [(i.get("name"), float(i.get("confidence") or 0.0))
                    for i in latest.parse_data.get("intent_ranking") or []],
        "entities": [(e.get("entity"), e.get("value")) for e in latest.entities or []],
        # For /why: the conversation's subject before this turn, and the message's parts.
        "context": context,
        # For /why: whether a reply before this turn held the signpost, as the action reads it.
        "signposts": {"after_signpost": safety.follows_signpost(earlier),
                      "reported_earlier": safety.reported_in_session(earlier)},
        # For /why: each question's frame, and which of its parts came from the conversation.
        "frame": meta.get("frame") or "",
        "parts": [(p.get("text"), bool(p.get("asks")), (p.get("intent") or {}).get("name"),
                   float((p.get("intent") or {}).get("confidence") or 0.0))
                  for p in latest.parse_data.get("parts") or []],
        # For /why: in a message of one part that tells before it asks, its question alone.
        "alone": None if latest.parse_data.get("parts") or not isinstance(
            latest.parse_data.get("asked"), dict) else (
            latest.parse_data["asked"].get("text"),
            (latest.parse_data["asked"].get("intent") or {}).get("name")),
        # For /why: what the message tells, as the action hands it to the safety net.
        "said": said_for_safety(read),
        # For /why: the model's reading the safety net weighs (the intent's, or the danger
        # reader's when surer of a report).
        "safety_reading": safety_reading(read),
        "sure": sorted(sure_of_danger(read)),
        "danger": read.danger,
    }


def _print_human(result: Dict[str, Any]) -> None:
    print(f"> {result['question']}")
    print(result["text"])
    for button in result["buttons"]:
        print(f"  [{button['title']}] {button['payload']}")
    role = f", role {result['role']}" if result["role"] else ""
    print(f"  ({result['intent']} {result['confidence']:.2f} -> topic {result['topic']}{role})\n")


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("chat", help="chat in the terminal with the trained model and actions")
    ask_parser = commands.add_parser("ask", help="answer questions with the trained model")
    ask_parser.add_argument("questions", nargs="*", metavar="QUESTION",
                            help="questions to ask; one per line on stdin when none are given")
    ask_parser.add_argument("--json", action="store_true", help="one JSON object per line")
    ask_parser.add_argument("--conversation", action="store_true",
                            help="keep one conversation for all questions (follow-ups)")
    ask_parser.add_argument("--record", action="store_true",
                            help="write the editors' records of these answers (not answered, "
                                 "low confidence) into the database of --endpoints")
    ask_parser.add_argument("--endpoints", default=None,
                            help="with --record: endpoints file naming the tracker store "
                                 "(default $ENDPOINTS, else endpoints.yml)")
    report = commands.add_parser("report", help="top unanswered questions and feedback per topic")
    report.add_argument("--since", type=date.fromisoformat, help="first day, YYYY-MM-DD")
    report.add_argument("--until", type=date.fromisoformat, help="last day, YYYY-MM-DD")
    report.add_argument("--top", type=int, default=20, help="how many questions to list")
    report.add_argument("--endpoints", default=None,
                        help="endpoints file naming the tracker store whose database holds the "
                             "records (default $ENDPOINTS, else endpoints.yml)")
    imports = commands.add_parser(
        "import-records", help="load the JSON-lines records of earlier versions into the database")
    imports.add_argument("--endpoints", default=None,
                         help="endpoints file naming the tracker store (default $ENDPOINTS, "
                              "else endpoints.yml)")
    imports.add_argument("--unanswered", type=Path, default=Path("var/unanswered.jsonl"),
                         help="questions not answered (default var/unanswered.jsonl)")
    imports.add_argument("--feedback", type=Path, default=Path("var/feedback.jsonl"),
                         help="thumbs up/down (default var/feedback.jsonl)")
    generate = commands.add_parser(
        "generate", help="regenerate synonyms, rules and the domain's intents (bot/tools/generate.py)")
    generate.add_argument("--check", action="store_true", help="fail if a file is out of date")
    synonyms = commands.add_parser("synonyms", help="regenerate data/nlu/synonyms.yml from the content")
    synonyms.add_argument("--check", action="store_true", help="fail if the file is out of date")
    purge = commands.add_parser("purge", help="delete conversations idle for more than N days")
    purge.add_argument("--days", type=int, default=None,
                       help="retention in days (default $PATHWAY_RETENTION_DAYS, else 30)")
    purge.add_argument("--endpoints", default=None,
                       help="endpoints file naming the SQL tracker store (sqlite or postgresql; "
                            "default $ENDPOINTS, else endpoints.yml)")
    args = parser.parse_args(argv)
    if getattr(args, "endpoints", None) is None:
        args.endpoints = default_endpoints()

    if args.command == "chat":
        from bot.tools.chat import main as chat_main

        return chat_main()
    logging.basicConfig(level=logging.ERROR)
    if args.command in ("purge", "report", "import-records"):
        from sqlalchemy.exc import SQLAlchemyError

        from bot.tools.purge import PurgeError

        try:
            print(_database_command(args))
        except (PurgeError, SQLAlchemyError) as error:
            print(getattr(error, "orig", None) or error, file=sys.stderr)
            return 1
        return 0
    from bot.shared.content import ContentError, default_content

    try:
        content = default_content()
    except ContentError as error:
        print(f"The pathway content has problems:\n{error}", file=sys.stderr)
        return 1

    if args.command == "generate":
        from bot.tools.generate import out_of_date, write

        if args.check:
            stale = out_of_date(content)
            for path in stale:
                print(f"{path} is out of date: run `make generate`", file=sys.stderr)
            return 1 if stale else 0
        changed = write(content)
        print("updated: " + ", ".join(map(str, changed)) if changed else "generated files up to date")
        return 0

    if args.command == "synonyms":
        from bot.tools.synonyms import SYNONYMS_FILE, render, write

        if args.check:
            if SYNONYMS_FILE.read_text(encoding="utf-8") != render(content):
                print(f"{SYNONYMS_FILE} is out of date: run `make synonyms`", file=sys.stderr)
                return 1
            return 0
        print(f"{SYNONYMS_FILE}: {'updated' if write(content) else 'up to date'}")
        return 0

    record = None
    if args.record:
        from bot.shared import records
        from bot.tools.purge import PurgeError, engine_from_endpoints

        try:  # the path as given here: the model's loading moves to the project folder
            engine = engine_from_endpoints(Path(args.endpoints).resolve())
            records.create_tables(engine)
        except PurgeError as error:
            print(error, file=sys.stderr)
            return 1

        def record(rows: List[Dict[str, Any]]) -> None:
            records.write_records(engine, rows)

    questions = args.questions or (line.rstrip("\n") for line in sys.stdin)
    asyncio.run(_print_answers(questions, args, record))
    return 0


def _database_command(args: argparse.Namespace) -> str:
    """What `purge`, `report` and `import-records` print."""
    from bot.shared import records
    from bot.tools.purge import engine_from_endpoints, main as purge_main

    if args.command == "purge":
        return purge_main(args.endpoints, args.days)
    engine = engine_from_endpoints(args.endpoints)
    try:
        if args.command == "report":
            return records.report(engine, args.since, args.until, args.top)
        lines = [f"Imported into {engine.url!r}:"]
        for path, done in records.import_files(engine, args.unanswered, args.feedback):
            if done is None:
                lines.append(f"  {path}: no such file")
            else:
                unreadable = f", {done.unreadable} unreadable line(s)" if done.unreadable else ""
                lines.append(f"  {path}: {done.added} new record(s), {done.present} there "
                             f"already{unreadable}")
        return "\n".join(lines)
    finally:
        engine.dispose()


async def _print_answers(questions: Iterable[str], args: argparse.Namespace,
                         record: Optional[Callable[[List[Dict[str, Any]]], Any]] = None) -> None:
    async for result in ask(questions, args.conversation, record=record):
        if args.json:
            print(json.dumps({key: result[key] for key in FIELDS}, ensure_ascii=False), flush=True)
        else:
            _print_human(result)
