"""The one polarity and strength vocabulary (graph/formats/vocabulary.py): every way of writing a
sign that real maps use reads the same, and what it does not know is unknown, never a refusal."""

from __future__ import annotations

import pytest

from graph.formats.vocabulary import parse_polarity, read_polarity

SAME = ["+", "+1", "1", " + ", "positive", "POSITIVE", "Same", "same", "s", "S", "increase", "Increases",
        "reinforcing", "＋", 1, 1.0, "+ve"]
OPPOSITE = ["-", "-1", "−", "−1", "–", " – ", "—", "negative", "Negative", "Opposite", "o", "O", "decrease",
            "Decreases", "balancing", -1, -1.0, "-ve"]


@pytest.mark.parametrize("value", SAME)
def test_positive_words(value: object) -> None:
    assert read_polarity(value).polarity == 1 and read_polarity(value).known


@pytest.mark.parametrize("value", OPPOSITE)
def test_negative_words(value: object) -> None:
    assert read_polarity(value).polarity == -1 and read_polarity(value).known


@pytest.mark.parametrize("value", [None, "", "   "])
def test_empty_is_unknown_and_not_a_finding(value: object) -> None:
    reading = read_polarity(value)
    assert (reading.polarity, reading.known) == (None, True)


@pytest.mark.parametrize("value", ["+/-", "±", "?", "mixed"])
def test_signs_that_say_it_depends_are_unknown(value: str) -> None:
    assert read_polarity(value).polarity is None and read_polarity(value).known


@pytest.mark.parametrize("value", ["sometimes", 0, "0", True, "banana split"])
def test_words_it_does_not_know_are_unknown_and_flagged(value: object) -> None:
    reading = read_polarity(value)
    assert (reading.polarity, reading.known) == (None, False)


@pytest.mark.parametrize(
    ("value", "polarity", "strength"),
    [(-0.5, -1, 0.5), ("0.75", 1, 0.75), ("-2", -1, 2.0), ("+3", 1, 3.0), (1, 1, None), ("−0.4", -1, 0.4)],
)
def test_signed_numbers_give_sign_and_strength(value: object, polarity: int, strength: float | None) -> None:
    reading = read_polarity(value)
    assert (reading.polarity, reading.strength) == (polarity, strength)


def test_decimal_comma_only_when_asked() -> None:
    assert read_polarity("-0,5", decimal_comma=True).strength == 0.5
    assert read_polarity("-0,5").known is False


@pytest.mark.parametrize(
    ("value", "polarity", "strength"),
    [("Medium Positive", 1, 2.0), ("strong negative", -1, 3.0), ("Weak +", 1, 1.0),
     ("negative strong", -1, 3.0),
     ("very strong opposite", -1, 3.0), ("medium", None, 2.0)],
)
def test_text_strengths(value: str, polarity: int | None, strength: float) -> None:
    reading = read_polarity(value)
    assert (reading.polarity, reading.strength, reading.known) == (polarity, strength, True)


@pytest.mark.parametrize(("pair", "polarity"), [("++", 1), ("--", 1), ("+-", -1), ("-+", -1), ("–+", -1)])
def test_two_sign_pairs_say_how_the_target_moves_with_the_source(pair: str, polarity: int) -> None:
    """Kumu maps write a link as source change then target change (real backups chain them)."""
    assert (read_polarity(pair).polarity, read_polarity(pair).strength) == (polarity, None)


def test_the_api_reader_refuses_unknown_words_and_strengths() -> None:
    assert parse_polarity("Opposite") == -1 and parse_polarity(None) is None and parse_polarity("?") is None
    for value in ("sometimes", "", 2, "Medium Positive"):
        with pytest.raises(ValueError, match="unknown polarity"):
            parse_polarity(value)
