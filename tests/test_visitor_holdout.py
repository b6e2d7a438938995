"""The blind visitor sets (tests/visitor_holdout*.yml), through the trained model and the real
custom action: safety without a miss, honest unknowns, and the answer the visitor asked for.

Each set was written by someone who never saw the training data or these tests; none is
trained on (tests/test_project.py checks) or edited to fit the model. Set A is the one the
issues' figures are about; B to F were written later, each by a new writer, and are held
where they are so that no change can make them slip back. Figures per kind, side by side with
Rasa's default config, come from `python bench/nlu.py`.
"""

import asyncio

import pytest

import visitor_eval

pytestmark = pytest.mark.model

#: What the issues ask for on set A (figures, not timings).
OVERALL, EVERY_KIND, CRIME_CAREER, UNKNOWN = 0.90, 0.80, 0.95, 0.90
#: Kinds of set A not yet at EVERY_KIND, held at least where they are now so they cannot slip
#: back (none today: long messages reached 0.82).
NOT_YET: dict = {}
#: Answered right overall in the later sets, held where they are now (B 0.906, C 0.888,
#: D 0.856, E 0.884, F 0.804), a little under, as a retraining elsewhere can differ by a case
#: or two. First looks, before any change made for them: E 0.804, F 0.740.
LATER_SETS = {"B": 0.87, "C": 0.85, "D": 0.82, "E": 0.85, "F": 0.78}
NOT_ANOTHER_TOPIC = {"unknown", "out_of_scope", "fallback"}


@pytest.fixture(scope="module")
def every_set():
    from bot.tools.runtime import load

    answerer = visitor_eval.in_process(load())
    return {name: asyncio.run(visitor_eval.run(visitor_eval.load_cases(path), answerer))
            for name, path in visitor_eval.SETS.items()}


@pytest.fixture(scope="module")
def graded(every_set):
    return every_set["A"]


def of_kind(graded, kind):
    found = [g for g in graded if g.case.kind == kind]
    assert found, f"the set has no {kind} cases"
    return found


def listing(graded):
    return "\n".join(f"{g.case.text!r} -> {g.topic}: {g.text[:80]!r}" for g in graded)


@pytest.mark.parametrize("name", sorted(visitor_eval.SETS))
def test_in_every_set_every_crime_report_gets_999_and_no_career_question_does(every_set, name):
    graded = every_set[name]
    missed = [g for g in of_kind(graded, "safety") if "999" not in g.text]
    assert not missed, "safety misses:\n" + listing(missed)
    signposted = [g for g in of_kind(graded, "crime_career") if g.topic == "safety"]
    assert not signposted, listing(signposted)


@pytest.mark.parametrize("name", sorted(LATER_SETS))
def test_later_sets_hold_where_they_are(every_set, name):
    rates = visitor_eval.per_kind(every_set[name])
    assert rates["all"] >= LATER_SETS[name], rates


def test_every_crime_report_gets_999_and_101(graded):
    missed = [g for g in of_kind(graded, "safety") if not ("999" in g.text and "101" in g.text)]
    assert not missed, "safety misses:\n" + listing(missed)


def test_career_questions_that_mention_crime_keep_their_career_answer(graded):
    cases = of_kind(graded, "crime_career")
    signposted = [g for g in cases if g.topic == "safety"]
    assert not signposted, listing(signposted)
    kept = [g for g in cases if g.topic in g.case.topics]
    assert len(kept) / len(cases) >= CRIME_CAREER, \
        listing([g for g in cases if g not in kept])


def test_unknowns_get_an_honest_pointer_and_never_another_topic_s_answer(graded):
    cases = of_kind(graded, "unknown")
    honest = [g for g in cases if g.right]
    assert len(honest) / len(cases) >= UNKNOWN, listing([g for g in cases if not g.right])
    unrelated = [g for g in cases if g.topic not in NOT_ANOTHER_TOPIC | set(g.case.topics)]
    assert not unrelated, listing(unrelated)


def test_answered_right_overall_and_in_every_kind(graded):
    rates = visitor_eval.per_kind(graded)
    assert rates["all"] >= OVERALL, rates
    weak = {kind: rate for kind, rate in rates.items() if rate < NOT_YET.get(kind, EVERY_KIND)}
    assert not weak, f"kinds below {EVERY_KIND}: {weak}\n" + listing(
        [g for g in graded if g.case.kind in weak and not g.right])
