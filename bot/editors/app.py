"""The review page's web app (Sanic, as Rasa's own server): routes, sign-in and the views.

Views (all under /editors/, all behind sign-in): the inbox of questions not answered or
answered unsure (`/editors/`), its CSV (`/editors/inbox.csv`), thumbs down and feedback per
topic (`/editors/feedback`), charts (`/editors/charts`) and the content gaps editors marked
(`/editors/gaps`). One form route acts on an inbox row (`POST /editors/review`). The database
is read and written off the event loop; the page reads what every replica of the Rasa server
wrote, as it shares their database.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import wraps
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlencode

import jinja2
from sanic import Sanic, response
from sanic.request import Request

from bot.editors import charts, inbox, training
from bot.editors.auth import COOKIE, SESSION_HOURS, WRONG_SECRET_DELAY, Keys, same_origin
from bot.shared import records
from bot.shared.content import Content, load_content

HERE = Path(__file__).parent
#: Form bodies are a few fields: anything larger is refused before it is read.
MAX_BODY = 64 * 1024
CHART_DAYS = 30
#: Rows shown at once; the CSV holds them all. A month of a busy site stays one quick page.
MAX_ROWS = 200
#: Labels for the kinds of question (the follow-up intents) in "this was about".
KIND_LABELS = {
    "ask_duration": "how long (a kind)", "ask_eligibility": "who can (a kind)",
    "ask_outcome": "what you get (a kind)", "ask_provider": "who provides it (a kind)",
    "ask_source": "where it comes from (a kind)", "more_details": "tell me more (a kind)",
    "ask_unknown": "something the sources do not hold", "report_crime": "reporting a crime",
    "out_of_scope": "out of scope (teach the model)",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; style-src 'self'; img-src 'self' data:; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}


@dataclass
class Settings:
    """What the page works on: the database, the project folder (data/nlu/reviewed.yml) and
    the model file the Rasa server runs (to count what it has not learnt yet)."""
    engine: Any
    project: Path
    model: Path
    secret: str


def create_app(settings: Settings, name: str = "pathway_editors") -> Sanic:
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = MAX_BODY
    app.config.KEEP_ALIVE_TIMEOUT = 5
    keys = Keys(settings.secret)
    templates = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    content: Content = load_content(settings.project / "data" / "pathway")
    intents = _intent_choices(settings.project, content)
    subjects = _subject_choices(content)

    async def db(function, *args, **kwargs):
        return await asyncio.to_thread(function, *args, **kwargs)

    records.create_tables(settings.engine)

    @app.listener("after_server_start")
    async def read_evaluation_sets(app: Sanic, _loop) -> None:
        """Read the evaluation sets now, in the background, not on an editor's first click."""
        app.add_task(db(training.evaluation_questions, settings.project))

    def render(request: Request, template: str, status: int = 200, **values: Any):
        cookie = request.cookies.get(COOKIE, "")
        values.setdefault("form_token", keys.form_token(cookie) if cookie else "")
        values.setdefault("notice", _notice(request, keys))
        values.setdefault("current", request.path)
        html = templates.get_template(template).render(**values)
        return response.html(html, status=status)

    def signed_in(request: Request) -> bool:
        return keys.valid_session(request.cookies.get(COOKIE))

    def sign_in_page(request: Request, status: int = 401, wrong: bool = False):
        return render(request, "sign_in.html", status=status, wrong=wrong, form_token="")

    def cross_site(request: Request) -> Optional[response.HTTPResponse]:
        """403 for a form the browser says another site sent."""
        if not same_origin(request.headers.get("origin"), request.headers.get("referer"),
                           request.headers.get("host", "")):
            return response.text("Refused: this form was not sent from this page.", status=403)
        return None

    def signed_in_only(view):
        """A view for signed-in editors: 401 and the sign-in form for anyone else."""
        @wraps(view)
        async def guarded(request: Request, *args, **kwargs):
            if not signed_in(request):
                return sign_in_page(request)
            return await view(request, *args, **kwargs)
        return guarded

    def form_only(view):
        """A signed-in editor's form: refused (403) from another site or without the form
        token of the session."""
        @signed_in_only
        @wraps(view)
        async def guarded(request: Request, *args, **kwargs):
            problem = cross_site(request)
            if problem:
                return problem
            if not keys.valid_form_token(request.cookies.get(COOKIE, ""),
                                         request.form.get("form_token")):
                return response.text("Refused: the form has expired. Reload the page and try "
                                     "again.", status=403)
            return await view(request, *args, **kwargs)
        return guarded

    @app.middleware("response")
    async def headers(request: Request, reply):
        for header, value in SECURITY_HEADERS.items():
            reply.headers.setdefault(header, value)

    @app.get("/editors/style.css")
    async def style(request: Request):
        return await response.file(HERE / "static" / "editors.css", mime_type="text/css")

    @app.get("/editors/sign-in")
    async def sign_in_form(request: Request):
        if signed_in(request):
            return response.redirect("/editors/", status=303)
        return sign_in_page(request, status=200)

    @app.post("/editors/sign-in")
    async def sign_in(request: Request):
        problem = cross_site(request)
        if problem:
            return problem
        if not keys.right_secret(request.form.get("secret") or ""):
            await asyncio.sleep(WRONG_SECRET_DELAY)
            return sign_in_page(request, wrong=True)
        reply = response.redirect("/editors/", status=303)
        reply.cookies[COOKIE] = keys.new_session()
        cookie = reply.cookies[COOKIE]
        cookie["httponly"] = True
        cookie["samesite"] = "Strict"
        cookie["path"] = "/editors/"
        cookie["max-age"] = SESSION_HOURS * 3600
        cookie["secure"] = _over_https(request)
        return reply

    @app.post("/editors/sign-out")
    @form_only
    async def sign_out(request: Request):
        reply = response.redirect("/editors/sign-in", status=303)
        del reply.cookies[COOKIE]
        reply.cookies[COOKIE]["path"] = "/editors/"
        return reply

    async def inbox_rows(filters: inbox.Filters) -> Tuple[List[inbox.Row], List[Dict], Dict]:
        read = await db(records.read_records, settings.engine, filters.since, filters.until)
        reviews = await db(records.read_reviews, settings.engine)
        return inbox.rows(read, reviews, filters), read, reviews

    @app.get("/editors/")
    @signed_in_only
    async def inbox_view(request: Request):
        filters = inbox.Filters.from_query(_args(request))
        rows, read, _ = await inbox_rows(filters)
        waiting = await db(training.pending, settings.project, settings.model)
        return render(request, "inbox.html", rows=rows[:MAX_ROWS], total=len(rows), filters=filters,
                      channels=inbox.channels(read), reasons=inbox.REASON_LABELS,
                      intents=intents, subjects=subjects, pending=waiting,
                      filter_query=urlencode(filters.query()), describe=inbox.describe)

    @app.get("/editors/inbox.csv")
    @signed_in_only
    async def inbox_csv(request: Request):
        rows, _, _ = await inbox_rows(inbox.Filters.from_query(_args(request)))
        return response.text(inbox.to_csv(rows), content_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition":
                                      'attachment; filename="pathway-inbox.csv"'})

    @app.post("/editors/review")
    @form_only
    async def review(request: Request):
        form = {name: (request.form.get(name) or "").strip() for name in
                ("row", "decision", "intent", "subject", "gap", "back")}
        back = inbox.Filters.from_query(dict(_parse_query(form["back"])))
        rows, _, _ = await inbox_rows(inbox.Filters(since=back.since, until=back.until))
        row = next((r for r in rows if r.id == form["row"]), None)
        if row is None:
            notice = "That row was reviewed already (or is gone): nothing changed."
        else:
            notice = await _decide(row, form)
        query = {**back.query(), "notice": notice, "sig": keys.notice_signature(notice)}
        return response.redirect("/editors/?" + urlencode(query), status=303)

    async def _decide(row: inbox.Row, form: Dict[str, str]) -> str:
        decision = form["decision"]
        if decision == records.ABOUT:
            if form["intent"] not in dict(intents):
                return "Choose what the question was about first."
            entity, value = _subject(form["subject"], subjects)
            added = await db(training.add_examples, settings.project, form["intent"],
                             row.wordings, entity, value, _names(content))
            await db(records.write_reviews, settings.engine, row.record_keys, records.ABOUT,
                     intent=form["intent"], role=value)
            learnt = [a for a in added if a.added]
            skipped = "; ".join(f"\u201c{a.text}\u201d: {a.reason}" for a in added if not a.added)
            message = (f"Added {len(learnt)} example(s) under {form['intent']} in "
                       f"{training.REVIEWED}. Retrain with `make train` to use them.")
            return message + (f" Not added: {skipped}." if skipped else "")
        if decision == records.FINE:
            await db(records.write_reviews, settings.engine, row.record_keys, records.FINE)
            return "Marked out of scope, fine."
        if decision == records.GAP:
            gap = " ".join(form["gap"].split())[:200] or row.newest["subject"] or row.question
            await db(records.write_reviews, settings.engine, row.record_keys, records.GAP, gap=gap)
            return f"Added to the content gaps: {gap}."
        return "Nothing changed: unknown action."

    @app.get("/editors/feedback")
    @signed_in_only
    async def feedback_view(request: Request):
        filters = inbox.Filters.from_query(_args(request))
        votes = await db(records.read_feedback, settings.engine, filters.since, filters.until)
        down = [v for v in votes if v["value"] == "down"]
        return render(request, "feedback.html", down=down, chart=charts.feedback_per_topic(votes),
                      when=inbox.when, filters=filters)

    @app.get("/editors/gaps")
    @signed_in_only
    async def gaps_view(request: Request):
        read = await db(records.read_records, settings.engine)
        reviews = await db(records.read_reviews, settings.engine)
        return render(request, "gaps.html", gaps=inbox.gaps(read, reviews), when=inbox.when)

    @app.get("/editors/charts")
    @signed_in_only
    async def charts_view(request: Request):
        filters = inbox.Filters.from_query(_args(request))
        until = filters.until or datetime.now(timezone.utc).date()
        since = filters.since or until - timedelta(days=CHART_DAYS - 1)
        if since > until:
            since = until
        read = await db(records.read_records, settings.engine, since, until)
        reviews = await db(records.read_reviews, settings.engine)
        asked = await db(records.questions_per_day, settings.engine, since, until)
        votes = await db(records.read_feedback, settings.engine, since, until)
        shown = [charts.per_day(read, asked, since, until),
                 charts.uncovered(read, inbox.gaps(read, reviews)),
                 charts.feedback_per_topic(votes)]
        return render(request, "charts.html", charts=shown, since=since, until=until)

    return app


def _args(request: Request) -> Dict[str, str]:
    return {name: values[0] for name, values in request.args.items() if values}


def _parse_query(query: str) -> List[Tuple[str, str]]:
    from urllib.parse import parse_qsl
    return parse_qsl(query[:1000])


def _notice(request: Request, keys: Keys) -> str:
    """The message of the last action, shown only when this page signed it (a link from
    elsewhere cannot make the page say something)."""
    notice, signature = request.args.get("notice", ""), request.args.get("sig", "")
    if notice and signature and len(notice) < 2000 and \
            keys.notice_signature(notice) == signature:
        return notice
    return ""


def _over_https(request: Request) -> bool:
    return request.scheme == "https" or \
        request.headers.get("x-forwarded-proto", "").lower() == "https"


def _intent_choices(project: Path, content: Content) -> List[Tuple[str, str]]:
    """(intent, label) for "this was about": the topics first, then the kinds and the rest."""
    choices = []
    for intent in training.domain_intents(project):
        if intent in content.topics:
            choices.append((intent, f"{content.topics[intent].title} (topic)"))
        elif intent in KIND_LABELS:
            choices.append((intent, KIND_LABELS[intent]))
    return choices


def _subject_choices(content: Content) -> List[Tuple[str, str]]:
    """("role:<id>" or "programme:<id>", label) for the role or programme asked about."""
    choices = [(f"role:{role_id}", role.name) for role_id, role in content.roles.items()]
    choices += [(f"programme:{topic_id}", topic.title) for topic_id, topic in
                content.topics.items() if topic.aliases]
    return choices


def _subject(value: str, choices: List[Tuple[str, str]]) -> Tuple[Optional[str], Optional[str]]:
    if value not in dict(choices):
        return None, None
    entity, _, name = value.partition(":")
    return entity, name


def _names(content: Content) -> Dict[str, List[str]]:
    """Every name of each role and programme, for marking it in an example."""
    names: Dict[str, List[str]] = {}
    for name, role_id in content.role_names().items():
        names.setdefault(role_id, []).append(name)
    for name, topic_id in content.topic_aliases().items():
        names.setdefault(topic_id, []).append(name)
    return names
