"""Command line: `python -m bot chat|ask|report|generate|synonyms|purge`.

`chat` is the terminal chat (`make chat`); `ask` shows editors what the assistant answers and
why (intent, confidence, topic).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import uuid
from datetime import date
from typing import Any, AsyncIterator, Dict, Iterable, List

FIELDS = ("question", "text", "intent", "confidence", "topic", "role", "buttons")


async def ask(questions: Iterable[str], conversation: bool,
              agent: Any = None) -> AsyncIterator[Dict[str, Any]]:
    """Answer each question with the trained model and the real actions, as it comes."""
    from bot.tools.runtime import load

    agent = agent or load()
    sender = f"ask-{uuid.uuid4().hex}"
    for question in questions:
        if not conversation:
            sender = f"ask-{uuid.uuid4().hex}"
        yield await turn(agent, sender, question)


async def turn(agent: Any, sender: str, question: str) -> Dict[str, Any]:
    """One message of the conversation `sender`: the reply and what the model understood."""
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.shared.core.events import BotUttered

    output = CollectingOutputChannel()
    before = await agent.tracker_store.retrieve(sender)
    context = {name: before.get_slot(name) for name in ("topic", "role")} if before else {}
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
        "parts": [(p.get("text"), (p.get("intent") or {}).get("name"))
                  for p in latest.parse_data.get("parts") or []],
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
    report = commands.add_parser("report", help="top unanswered questions and feedback per topic")
    report.add_argument("--since", type=date.fromisoformat, help="first day, YYYY-MM-DD")
    report.add_argument("--until", type=date.fromisoformat, help="last day, YYYY-MM-DD")
    report.add_argument("--top", type=int, default=20, help="how many questions to list")
    generate = commands.add_parser(
        "generate", help="regenerate synonyms, rules and the domain's intents (bot/tools/generate.py)")
    generate.add_argument("--check", action="store_true", help="fail if a file is out of date")
    synonyms = commands.add_parser("synonyms", help="regenerate data/nlu/synonyms.yml from the content")
    synonyms.add_argument("--check", action="store_true", help="fail if the file is out of date")
    purge = commands.add_parser("purge", help="delete conversations idle for more than N days")
    purge.add_argument("--days", type=int, default=None,
                       help="retention in days (default $PATHWAY_RETENTION_DAYS, else 30)")
    purge.add_argument("--endpoints", default="endpoints.yml",
                       help="endpoints file naming the SQL tracker store (sqlite or postgresql)")
    args = parser.parse_args(argv)

    if args.command == "chat":
        from bot.tools.chat import main as chat_main

        return chat_main()
    logging.basicConfig(level=logging.ERROR)
    if args.command == "purge":
        from bot.tools.purge import PurgeError, main as purge_main

        try:
            print(purge_main(args.endpoints, args.days))
        except PurgeError as error:
            print(error, file=sys.stderr)
            return 1
        return 0
    from bot.shared.content import ContentError, default_content

    try:
        content = default_content()
    except ContentError as error:
        print(f"The pathway content has problems:\n{error}", file=sys.stderr)
        return 1

    if args.command == "report":
        from bot.shared.records import report

        print(report(args.since, args.until, args.top))
        return 0

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

    questions = args.questions or (line.rstrip("\n") for line in sys.stdin)
    asyncio.run(_print_answers(questions, args))
    return 0


async def _print_answers(questions: Iterable[str], args: argparse.Namespace) -> None:
    async for result in ask(questions, args.conversation):
        if args.json:
            print(json.dumps({key: result[key] for key in FIELDS}, ensure_ascii=False), flush=True)
        else:
            _print_human(result)
