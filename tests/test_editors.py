"""The editors' review page at its HTTP boundary (the real `python -m bot.editors` process over a
copy of the project and a test database), and its plain-Python parts: grouping, the CSV, the
checks before a question becomes a training example. No model needed; the browser, the widget
and the review-retrain loop are in tests/test_editors_browser.py."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
import requests
import sqlalchemy as sa
import yaml

from bot.editors import inbox, training
from bot.shared import records
from editors_page import SECRET, EditorsPage, examples, form_token, project_copy, review, row_ids
from servers import PROJECT, server_env

NOW = time.time()
PAY = "How much does an intelligence analyst earn?"
PAY_AGAIN = "how much do intelligence analysts earn"
PIZZA = "best pizza near me?"
HOLDOUT = yaml.safe_load((PROJECT / "tests" / "visitor_holdout.yml").read_text())


def record(key: str, question: str, reason: str = records.NOT_IN_SOURCES, ago: float = 0,
           channel: str = "web", subject=None, answer: str = "I don't hold that.") -> dict:
    return {"record_key": key, "timestamp": NOW - ago, "conversation": f"c-{key}",
            "channel": channel, "reason": reason, "topic": "unknown", "subject": subject,
            "intent": "ask_unknown", "confidence": 0.41, "question": question, "answer": answer}


def holdout_question() -> str:
    """A question of blind set A: never to become a training example."""
    return HOLDOUT["cases"][0]["text"]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The page over a project copy and a database holding a few records and votes."""
    folder = tmp_path_factory.mktemp("editors")
    project = project_copy(folder / "project")
    endpoints = folder / "endpoints.yml"
    endpoints.write_text("tracker_store:\n  type: bot.rasa_server.stores.RedactingSQLTrackerStore\n"
                         f"  dialect: sqlite\n  db: {folder / 'tracker.db'}\n")
    engine = sa.create_engine(f"sqlite:///{folder / 'tracker.db'}")
    records.create_tables(engine)
    records.write_records(engine, [
        record("pay1", PAY, subject="pay", ago=60),
        record("pay2", PAY_AGAIN, subject="pay", ago=3600, channel="teams"),
        record("pizza", PIZZA, reason=records.OUT_OF_SCOPE),
        record("xss", "<script>alert('x')</script> what is the ipp", reason=records.DID_YOU_MEAN,
               ago=120),
        record("formula", "=HYPERLINK(\"http://evil\") how long is the fast track",
               reason=records.LOW_CONFIDENCE, ago=180),
        record("holdout", holdout_question(), reason=records.DID_YOU_MEAN, ago=240),
        record("known", "ipp duration", reason=records.DID_YOU_MEAN, ago=300),
        record("quals", "do analysts need a degree in anything special", ago=360,
               subject="degrees"),
        record("old", "an old question from a month ago", ago=40 * 86400),
    ])
    records.add_feedback(engine, {"timestamp": NOW, "conversation": "c1", "answer_id": "1.0",
                                  "message_id": "m1", "channel": "web", "value": "down",
                                  "topic": "fast_track", "question": "is the fast track hard",
                                  "answer": "The fast track takes two years."})
    records.add_feedback(engine, {"timestamp": NOW, "conversation": "c2", "answer_id": "2.0",
                                  "message_id": "m2", "channel": "web", "value": "up",
                                  "topic": "ipp", "question": "what is the ipp",
                                  "answer": "The IPP is ..."})
    events = sa.Table("events", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
                      sa.Column("sender_id", sa.String(255)), sa.Column("type_name", sa.String(255)),
                      sa.Column("timestamp", sa.Float))
    events.create(engine)
    with engine.begin() as connection:
        for index in range(12):
            connection.execute(events.insert().values(sender_id="c", type_name="user",
                                                      timestamp=NOW - index))
        connection.execute(events.insert().values(sender_id="c", type_name="bot", timestamp=NOW))
    running = EditorsPage(project, endpoints, folder / "editors.log")
    yield running
    running.stop()
    engine.dispose()


VIEWS = ("", "feedback", "charts", "gaps", "inbox.csv", "?status=reviewed")


# --- off unless configured; sign-in ----------------------------------------------------------

@pytest.mark.parametrize("secret", ["", "too-short"])
def test_the_page_is_off_unless_a_long_enough_secret_is_set(secret, tmp_path):
    env = server_env(PATHWAY_EDITORS_SECRET=secret)
    done = subprocess.run([sys.executable, "-m", "bot.editors", "--port", "1"], cwd=PROJECT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "PATHWAY_EDITORS_SECRET" in done.stderr


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_without_sign_in_is_401_and_shows_nothing(page, view):
    reply = requests.get(page.url + view, timeout=30)
    assert reply.status_code == 401
    assert "Sign in" in reply.text
    assert PAY not in reply.text and "pizza" not in reply.text and "fast_track" not in reply.text


def test_a_wrong_secret_is_401_after_a_wait_and_shows_nothing(page):
    started = time.monotonic()
    reply = requests.post(page.url + "sign-in", data={"secret": SECRET + "x"}, timeout=30)
    assert reply.status_code == 401
    assert "not right" in reply.text and PAY not in reply.text
    assert time.monotonic() - started >= 0.9
    assert requests.post(page.url + "sign-in", timeout=30).status_code == 401


def test_signing_in_sets_a_strict_http_only_cookie_for_the_page_only(page):
    reply = requests.post(page.url + "sign-in", data={"secret": SECRET}, timeout=30,
                          allow_redirects=False)
    assert reply.status_code == 303
    cookie = reply.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/editors/" in cookie
    assert reply.headers["content-security-policy"].startswith("default-src 'none'")


@pytest.mark.parametrize("cookie", ["1.abc.def", "garbage", "1796154706.00.x", "x" * 5000],
                         ids=["bad-signature", "garbage", "unsigned", "huge"])
def test_a_forged_or_expired_session_is_401(page, cookie):
    reply = requests.get(page.url, cookies={"pathway_editors": cookie}, timeout=30)
    assert reply.status_code == 401 and PAY not in reply.text


def test_an_expired_session_signed_with_the_secret_is_401(page):
    from bot.editors.auth import SESSION_HOURS, Keys

    old = Keys(SECRET).new_session(now=time.time() - SESSION_HOURS * 3600 - 5)
    assert requests.get(page.url, cookies={"pathway_editors": old}, timeout=30).status_code == 401
    fresh = Keys(SECRET).new_session()
    assert requests.get(page.url, cookies={"pathway_editors": fresh}, timeout=30).status_code == 200


def test_sign_out_ends_the_session_in_the_browser(page):
    session = page.session()
    token = form_token(session.get(page.url, timeout=30).text)
    reply = session.post(page.url + "sign-out", data={"form_token": token}, timeout=30)
    assert reply.status_code == 200 and "Sign in" in reply.text
    assert session.get(page.url, timeout=30).status_code == 401


# --- cross-site requests ---------------------------------------------------------------------

def test_a_form_without_its_token_changes_nothing(page):
    session = page.session()
    rows = row_ids(session.get(page.url, timeout=30).text)
    before = page.reviewed.read_text()
    reply = session.post(page.url + "review", data={"row": rows[PIZZA], "decision": "fine"},
                         timeout=30)
    assert reply.status_code == 403
    assert PIZZA in session.get(page.url, timeout=30).text
    token = form_token(page.session().get(page.url, timeout=30).text)  # another session's
    reply = session.post(page.url + "review",
                         data={"row": rows[PIZZA], "decision": "fine", "form_token": token},
                         timeout=30)
    assert reply.status_code == 403
    assert page.reviewed.read_text() == before


def test_a_form_posted_from_another_site_is_refused(page):
    session = page.session()
    inbox_html = session.get(page.url, timeout=30).text
    data = {"row": row_ids(inbox_html)[PIZZA], "decision": "fine",
            "form_token": form_token(inbox_html)}
    for header in ({"Origin": "https://evil.example"}, {"Origin": "null"},
                   {"Referer": "https://evil.example/page"}):
        reply = session.post(page.url + "review", data=data, headers=header, timeout=30)
        assert reply.status_code == 403
    assert requests.post(page.url + "sign-in", data={"secret": SECRET},
                         headers={"Origin": "https://evil.example"}, timeout=30).status_code == 403
    assert PIZZA in session.get(page.url, timeout=30).text


def test_a_huge_form_is_refused_before_it_is_read(page):
    session = page.session()
    reply = session.post(page.url + "review", data={"gap": "x" * 200_000}, timeout=30)
    assert reply.status_code == 413


def test_a_notice_in_a_link_from_elsewhere_is_not_shown(page):
    session = page.session()
    html = session.get(page.url, params={"notice": "Call 0800 FAKE now", "sig": "0" * 16},
                       timeout=30).text
    assert "0800 FAKE" not in html


# --- the inbox -------------------------------------------------------------------------------

def test_the_inbox_groups_near_identical_questions_newest_first(page):
    html = page.session().get(page.url, timeout=30).text
    rows = list(row_ids(html))
    assert PAY in rows and PAY_AGAIN not in rows
    assert "2 time(s)" in html and PAY_AGAIN in html  # shown as another wording of the row
    assert rows.index(PIZZA) < rows.index(PAY) < rows.index("ipp duration")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "ask_unknown (0.41)" in html and "I don&#39;t hold that." in html


def test_the_inbox_filters_by_channel_reason_and_date(page):
    session = page.session()
    teams = row_ids(session.get(page.url, params={"channel": "teams"}, timeout=30).text)
    assert list(teams) == [PAY_AGAIN]
    out = row_ids(session.get(page.url, params={"reason": "out_of_scope"}, timeout=30).text)
    assert list(out) == [PIZZA]
    today = time.strftime("%Y-%m-%d", time.gmtime(NOW))
    recent = row_ids(session.get(page.url, params={"since": today}, timeout=30).text)
    assert "an old question from a month ago" not in recent
    everything = row_ids(session.get(page.url, params={"since": "not a date"}, timeout=30).text)
    assert "an old question from a month ago" in everything


def test_the_csv_export_holds_the_inbox_and_no_formulas(page):
    reply = page.session().get(page.url + "inbox.csv", params={"reason": "low_confidence"},
                               timeout=30)
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/csv")
    lines = reply.text.splitlines()
    assert lines[0].startswith("last_seen,count,question")
    assert len(lines) == 2 and "'=HYPERLINK" in lines[1] and ",=HYPERLINK" not in lines[1]


def test_out_of_scope_fine_marks_the_row_reviewed(page):
    session = page.session()
    reply = review(page, session, PIZZA, "fine")
    assert reply.status_code == 200 and "Marked out of scope, fine." in reply.text
    assert PIZZA not in row_ids(reply.text)
    reviewed = session.get(page.url, params={"status": "reviewed"}, timeout=30).text
    assert PIZZA in row_ids(reviewed) and "out of scope, fine" in reviewed


def test_a_content_gap_is_listed_with_its_count(page):
    session = page.session()
    reply = review(page, session, PAY, "gap", gap="analyst pay")
    assert "Added to the content gaps: analyst pay." in reply.text
    gaps = session.get(page.url + "gaps", timeout=30).text
    assert "analyst pay" in gaps and "<td>2</td>" in gaps
    charts = session.get(page.url + "charts", timeout=30).text
    assert "gap: analyst pay" in charts


def test_this_was_about_adds_the_question_to_reviewed_yml(page):
    session = page.session()
    reply = review(page, session, "do analysts need a degree in anything special", "about",
                   intent="ask_unknown", subject="role:intelligence_analyst")
    assert "Added 1 example(s) under ask_unknown" in reply.text
    assert "1 reviewed example(s)" in reply.text  # the running model does not have it yet
    assert examples(page.project)["ask_unknown"] == [
        'do [analysts]{"entity": "role", "value": "intelligence_analyst"} need a degree in '
        'anything special']
    reviewed = session.get(page.url, params={"status": "reviewed"}, timeout=30).text
    assert "about ask_unknown, intelligence_analyst" in reviewed


def test_an_evaluation_question_or_a_known_example_is_never_added(page):
    session = page.session()
    before = page.reviewed.read_text()
    reply = review(page, session, holdout_question(), "about", intent="ipp")
    assert "a question of the evaluation sets" in reply.text
    reply = review(page, session, "ipp duration", "about", intent="ipp")
    assert "already an example of" in reply.text
    assert page.reviewed.read_text() == before


def test_about_needs_an_intent_the_domain_has(page):
    session = page.session()
    reply = review(page, session, "<script>alert('x')</script> what is the ipp", "about",
                   intent="no_such_intent")
    assert "Choose what the question was about first." in reply.text
    assert "<script>alert('x')</script> what is the ipp" in row_ids(reply.text)


def test_feedback_shows_thumbs_down_with_question_and_answer(page):
    html = page.session().get(page.url + "feedback", timeout=30).text
    assert "is the fast track hard" in html and "The fast track takes two years." in html
    assert '<th scope="row">fast_track</th><td>0</td><td>1</td>' in html
    assert '<th scope="row">ipp</th><td>1</td><td>0</td>' in html


def test_charts_count_questions_per_day_answered_and_not(page):
    html = page.session().get(page.url + "charts", timeout=30).text
    today = time.strftime("%Y-%m-%d", time.gmtime(NOW))
    # 12 visitor messages today (the events table); not answered: the records of today other
    # than the low-confidence one (answered, unsure), counted by their own day.
    not_answered_ago = (60, 3600, 0, 120, 240, 300, 360)
    unanswered = sum(time.strftime("%Y-%m-%d", time.gmtime(NOW - ago)) == today
                     for ago in not_answered_ago)
    assert f'<th scope="row">{today}</th><td>{12 - unanswered}</td><td>{unanswered}</td>' in html
    assert html.count("<table>") == 3 and html.count('role="img"') == 3


# --- plain Python ----------------------------------------------------------------------------

def test_near_identical_questions_share_a_key():
    assert inbox.group_key(PAY) == inbox.group_key(PAY_AGAIN)
    assert inbox.group_key("what is the ipp") != inbox.group_key("how long is the ipp")


def test_an_example_never_carries_entity_syntax_or_control_characters(tmp_path):
    project = project_copy(tmp_path / "p")
    added = training.add_examples(project, "ipp", ["what [is](role) the\u202e {ipp}\nthing",
                                                   "   ", "WHAT is the IPP??"])
    assert [a.added for a in added] == [True, False, False]
    assert examples(project)["ipp"] == ["what is the ipp thing"]
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    data = RasaYAMLReader().reads((project / training.REVIEWED).read_text())
    assert [m.get("text") for m in data.intent_examples] == ["what is the ipp thing"]
    with pytest.raises(ValueError):
        training.add_examples(project, "not_an_intent", ["hello"])


def test_pending_counts_what_the_model_was_not_trained_with(tmp_path):
    project = project_copy(tmp_path / "p")
    model = project / "models" / "pathway.tar.gz"
    model.parent.mkdir()
    training.add_examples(project, "ipp", ["is the ipp any good for researchers then"])
    assert training.pending(project, model) == 1
    (project / "models" / "pathway.reviewed.yml").write_text(
        (project / training.REVIEWED).read_text())  # what `make train` does after training
    assert training.pending(project, model) == 0
    makefile = (PROJECT / "Makefile").read_text()
    assert "@cp data/nlu/reviewed.yml $(REVIEWED_TRAINED)" in makefile


def test_reviews_are_purged_with_the_records(tmp_path):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    records.create_tables(engine)
    records.write_reviews(engine, ["old"], records.FINE, now=NOW - 40 * 86400)
    records.write_reviews(engine, ["new"], records.GAP, gap="pay", now=NOW)
    assert records.write_reviews(engine, ["new"], records.FINE) == 0  # the first review stands
    assert records.purge_before(engine, NOW - 30 * 86400).reviews == 1
    assert list(records.read_reviews(engine)) == ["new"]
    assert records.read_reviews(engine)["new"]["decision"] == records.GAP
