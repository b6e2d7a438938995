"""Rasa's event-type lookup, kept in a dictionary: the same class for every name as Rasa's own."""

from rasa.shared.core import events
from rasa.shared.utils.common import all_subclasses

from bot.rasa_server import event_types


def test_every_event_type_resolves_to_the_class_rasa_would_pick():
    names = {cls.type_name for cls in all_subclasses(events.Event)}
    rasa_says = {}
    for name in names:  # Rasa's answer: the first subclass with that name
        rasa_says[name] = next(c for c in all_subclasses(events.Event) if c.type_name == name)
    event_types.install()
    assert events.Event.resolve_by_type.cached
    assert {name: events.Event.resolve_by_type(name) for name in names} == rasa_says


def test_unknown_names_get_rasa_s_own_answer():
    event_types.install()
    assert events.Event.resolve_by_type("topic") is None
    assert events.Event.resolve_by_type("not-an-event", events.UserUttered) is events.UserUttered
