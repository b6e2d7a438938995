"""The boundary's rules for what callers send (bot/shared/inputs.py): identifiers taken as they
are or refused, text cleaned, metadata kept only when small and shallow."""

import pytest

from bot.shared.inputs import (MAX_ID_CHARS, MAX_MESSAGE_CHARS, BadInput, bounded_metadata,
                               checked_id, clean_text)


@pytest.mark.parametrize("value", ["visitor-1", "19:abc@thread.tacv2|29:user", 42, "é" * 10,
                                   "a" * MAX_ID_CHARS])
def test_usable_identifiers_are_taken_as_they_are(value):
    assert checked_id(value, "sender") == str(value)


@pytest.mark.parametrize("value", ["x\ud800", "\udc00", "x\x00", "x\x1b", "x\x85", "x\u202e",
                                   "x\u2066", "\u200b", "x\ufeff", "a\nb", "a\tb", "", "   ",
                                   "a" * (MAX_ID_CHARS + 1), None, True, 1.5, ["a"], {"a": 1}])
def test_unusable_identifiers_are_refused_naming_the_field(value):
    with pytest.raises(BadInput, match="'session_id'"):
        checked_id(value, "session_id")


def test_cleaning_drops_controls_bidi_zero_width_and_surrogates_and_keeps_the_rest():
    dirty = "what\x00 is\x85 the\u202e IPP\u200b\ud800?\tOK\nyes \u00e9\U0001f600"
    assert clean_text(dirty) == "what is the IPP?\tOK\nyes \u00e9\U0001f600"
    assert clean_text(dirty).encode("utf-8")  # storable: no lone surrogate left


def test_cleaning_cuts_one_over_the_limit_even_when_the_text_is_huge_and_mostly_unsafe():
    assert len(clean_text("a" * 10_000_000)) == MAX_MESSAGE_CHARS + 1
    assert clean_text("\u200b" * 10_000_000) == ""


def test_small_shallow_metadata_is_kept():
    value = {"page": "https://example.police.uk/careers", "lang": "en", "a": {"b": {"c": 1}}}
    assert bounded_metadata(value) == value


@pytest.mark.parametrize("value", [{"x": "a" * 5000}, {"x": "\ud800"}, {"x": "\u202e"},
                                   {"a": {"b": {"c": {"d": {"e": 1}}}}}, ["list"], "text", 5])
def test_large_deep_unsafe_or_non_object_metadata_is_dropped(value):
    assert bounded_metadata(value) is None


def test_metadata_nested_thousands_deep_is_dropped_without_recursing():
    deep = {}
    inner = deep
    for _ in range(5000):
        inner["a"] = {}
        inner = inner["a"]
    assert bounded_metadata(deep) is None
