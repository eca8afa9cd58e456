"""One exercise as the catalog holds it: the clinician's default dose and text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Sides(StrEnum):
    """How an exercise uses the two sides of the body.

    The value decides timing: ``each_side`` runs the duration once per side,
    one side after the other; ``alternating`` and ``none`` run it once.
    """

    NONE = "none"
    EACH_SIDE = "each_side"
    ALTERNATING = "alternating"

    @property
    def rounds(self) -> int:
        """How many times the duration is run."""
        return 2 if self is Sides.EACH_SIDE else 1


SIDES_EXPECTED = "one of " + ", ".join(s.value for s in Sides)

_HOLD = re.compile(r"(a few|\d+(?:\s*(?:-|to)\s*\d+)?)\s+seconds?", re.IGNORECASE)
HOLD_EXPECTED = "empty, a whole number of seconds, 'N seconds', 'N-M seconds' or 'a few seconds'"


def parse_hold(text: str) -> str:
    """Return the hold in its canonical words, or raise ValueError.

    A hold is said in words ("a few seconds", as the article says, or
    "5 seconds") because clinicians prescribe it that way; it happens inside
    each repetition, so it does not change the session timing.
    """
    text = " ".join(str(text).split())
    if not text:
        return ""
    if text.isdigit():
        seconds = int(text)
        if seconds == 0:
            raise ValueError(HOLD_EXPECTED)
        return f"{seconds} second" + ("" if seconds == 1 else "s")
    match = _HOLD.fullmatch(text)
    if not match:
        raise ValueError(HOLD_EXPECTED)
    amount = re.sub(r"\s*(-|to)\s*", "-", match.group(1).lower())
    return f"{amount} second" + ("" if amount == "1" else "s")


@dataclass(frozen=True)
class Exercise:
    """A catalog entry. Immutable: a routine overrides it, never changes it.

    Text fields that hold several sentences or steps are tuples of lines, so
    every exporter numbers and lays them out the same way.
    """

    id: str
    name: str
    steps: tuple[str, ...]
    duration_seconds: int
    sides: Sides = Sides.NONE
    starting_position: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    body_areas: tuple[str, ...] = ()
    hold: str = ""
    side_switch: str = ""
    extra: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        # Extra columns are a mapping: order them so equal exercises compare equal.
        object.__setattr__(self, "extra", tuple(sorted(self.extra)))
