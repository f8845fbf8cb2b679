"""The one polarity and strength vocabulary every importer reads (documented in
docs/system-formats.md, "Polarity and strength").

Map makers write a link's sign in many ways: ``+``/``-``, ``+1``/``-1``, a signed weight, Kumu's
``Same``/``Opposite`` (or ``s``/``o``), ``increase``/``decrease``, a Unicode minus or an en dash,
a strength in words (``Medium Positive``). One table reads them all, in any case and padding.
An empty cell is *unknown* polarity (None), never a refusal; a value the table does not know is
unknown too, and the importer reports it (``strict=true`` refuses it).

>>> read_polarity("Same").polarity, read_polarity(" – ").polarity, read_polarity("o").polarity
(1, -1, -1)
>>> [read_polarity(pair).polarity for pair in ("++", "--", "+-", "-+")]
[1, 1, -1, -1]
>>> r = read_polarity("Medium Positive"); (r.polarity, r.strength)
(1, 2.0)
>>> r = read_polarity(-0.5); (r.polarity, r.strength)
(-1, 0.5)
>>> read_polarity("").polarity is None, read_polarity("").known
(True, True)
>>> read_polarity("sometimes").known
False
>>> read_polarity("0,75", decimal_comma=True).strength
0.75
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

# Header names (any case) that hold a link's polarity, in the order they are looked for.
POLARITY_COLUMNS: tuple[str, ...] = ("polarity", "sign", "connection type", "type", "effect")
# A signed weight column: a sign only when some of its numbers are negative, else a strength.
WEIGHT_COLUMNS: tuple[str, ...] = ("weight",)
STRENGTH_COLUMNS: tuple[str, ...] = ("strength",)
# Values of a ``type``/``direction`` column that say how a connection is drawn, not its sign.
DIRECTION_WORDS = frozenset({"directed", "undirected", "mutual"})

_POSITIVE = (
    "+", "+1", "1", "positive", "pos", "plus", "+ve", "same", "s", "same direction",
    "increase", "increases", "increasing", "inc", "up", "more", "reinforcing", "reinforces",
)
_NEGATIVE = (
    "-", "-1", "negative", "neg", "minus", "-ve", "opposite", "o", "opposite direction",
    "decrease", "decreases", "decreasing", "dec", "down", "less", "balancing", "balances",
)
# Two-sign pairs say how the target changes when the source changes (source first): ``++`` and
# ``--`` move the same way (+), ``+-`` and ``-+`` opposite ways (-). Real Kumu maps write loops as
# chains of them (``++``, ``+-``, ``-+``, ``--``: each link starts with the sign the last one ended on).
_PAIRS = {"++": 1, "--": 1, "+-": -1, "-+": -1}
# Signs a person used to say "it depends": recognised, stored as unknown.
_AMBIGUOUS = ("+/-", "-/+", "±", "?", "mixed", "unknown", "ambiguous", "undetermined")
POLARITY_WORDS: dict[str, int | None] = {
    **{w: 1 for w in _POSITIVE}, **{w: -1 for w in _NEGATIVE}, **_PAIRS, **{w: None for w in _AMBIGUOUS},
}
# Strength in words → level (1 weak, 2 medium, 3 strong).
STRENGTH_WORDS: dict[str, float] = {
    "very weak": 1.0, "weak": 1.0, "low": 1.0, "slight": 1.0, "small": 1.0,
    "medium": 2.0, "moderate": 2.0, "mid": 2.0, "average": 2.0,
    "strong": 3.0, "high": 3.0, "large": 3.0, "very strong": 3.0,
}
# Dashes and minus signs people type for "-" (Unicode minus, en dash, em dash, hyphen, figure dash).
_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-", "‐": "-", "‒": "-", "﹣": "-", "－": "-",
                         "＋": "+"})


@dataclass(frozen=True)
class PolarityReading:
    """What a cell says: ``polarity`` +1 / -1 / None (unknown), a ``strength`` it implies, and
    whether the vocabulary ``known`` the value (an unknown word is reported by the importer)."""

    polarity: int | None
    strength: float | None = None
    known: bool = True


def normalise(value: str) -> str:
    """Lower case, dashes and minus signs as ``-``, inner spaces single, outer spaces gone."""
    return re.sub(r"\s+", " ", value.translate(_DASHES)).strip().lower()


def read_number(value: Any, decimal_comma: bool = False) -> float | None:
    """A finite number from a number or a text (``0,5`` with ``decimal_comma``); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    text = normalise(value).replace(" ", "")
    if decimal_comma and re.fullmatch(r"[+-]?\d+,\d+", text):
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def read_polarity(value: Any, decimal_comma: bool = False) -> PolarityReading:
    """Read one polarity cell (see the module docstring); never raises."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return PolarityReading(None)
    if isinstance(value, bool):
        return PolarityReading(None, known=False)
    if isinstance(value, str):
        word = normalise(value)
        if word in POLARITY_WORDS:
            return PolarityReading(POLARITY_WORDS[word])
        reading = _words(word)
        if reading is not None:
            return reading
    number = read_number(value, decimal_comma)
    if number is None or number == 0:
        return PolarityReading(None, known=False)
    magnitude = abs(number)
    return PolarityReading(1 if number > 0 else -1, None if magnitude == 1 else magnitude)


def _words(word: str) -> PolarityReading | None:
    """``Medium Positive``, ``strong -``, ``weak same``: a strength word and a polarity word."""
    for strength_word, level in sorted(STRENGTH_WORDS.items(), key=lambda kv: -len(kv[0])):
        for rest in (word.removeprefix(strength_word + " "), word.removesuffix(" " + strength_word)):
            if rest != word and rest.strip() in POLARITY_WORDS:
                return PolarityReading(POLARITY_WORDS[rest.strip()], level)
        if word == strength_word:
            return PolarityReading(None, level)  # a strength without a sign
    return None


def parse_polarity(value: Any) -> int | None:
    """+1, -1 or None (``None``, ``?``: unknown) from a word of the vocabulary: the API's polarity
    fields. ValueError for a value it does not know, an empty text, and a value that also says a
    strength (``2``, ``Medium Positive`` — the API has a strength field for that)."""
    reading = read_polarity(value)
    empty_text = isinstance(value, str) and not value.strip()
    if not reading.known or reading.strength is not None or empty_text:
        raise ValueError(
            f"unknown polarity {value!r}: use +1/-1, '+'/'-', 'positive'/'negative', 'same'/'opposite' "
            "or null for unknown"
        )
    return reading.polarity


def polarity_word(polarity: int | None) -> str:
    """How the CSV pair writes a polarity (unknown: empty)."""
    return {1: "positive", -1: "negative"}.get(polarity, "")  # type: ignore[arg-type]


def polarity_sign(polarity: int | None) -> str:
    """How spreadsheets write a polarity (unknown: empty)."""
    return {1: "+", -1: "-"}.get(polarity, "")  # type: ignore[arg-type]
