"""What an exercise's own text says about sides and holds, so a tailored dose that contradicts it is noticed.

A clinician tailors the dose (sides, hold) but not the steps, which come
from the catalog. When the two disagree the patient gets a handout that
says one thing in the dose line and another in the steps: lumbar rotation
set to "no sides" still says "cross your right foot over your left knee",
so the patient only ever turns one way. These are facts read from the text,
in the core with the values; ``Routine.cautions`` turns them into cautions
and ``backcare_kit.words`` says them. They are heuristics over English text,
so they only warn and never block an export.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .exercise import Exercise

#: Words that put the patient on one side of the body: "your right foot", "let one knee fall", "lie on your side".
_ONE_SIDE = re.compile(
    r"\b(left|right|one side|your side|top (?:arm|leg)|one (?:knee|leg|arm|foot|hand|hip))\b", re.IGNORECASE
)
#: Words that tell the patient to change to, or also work, the other side.
_SIDE_CHANGE = re.compile(
    r"\b(other (?:side|leg|arm|knee|foot|hand|hip)|each side|both sides|(?:switch|change|alternate|alternating) "
    r"(?:sides|legs|arms))\b",
    re.IGNORECASE,
)
_HOLD = re.compile(r"\bhold\b", re.IGNORECASE)


@lru_cache(maxsize=4096)  # an exercise's text never changes; the editor asks on every keystroke
def one_side_words(exercise: Exercise) -> tuple[str, ...]:
    """The words of the starting position and steps that name one side, lowercase, each once, in order.

    The starting position counts: arm openings name no side in their steps,
    but "Lie on your side" puts the patient on one.
    """
    found = (match.group(1).lower() for line in _setup_and_steps(exercise) for match in _ONE_SIDE.finditer(line))
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=4096)  # an exercise's text never changes; the editor asks on every keystroke
def steps_change_side(exercise: Exercise) -> bool:
    """Whether the starting position or steps themselves say to work the other side ("repeat with the other leg").

    The side switch line is left out: exports print it only when the item
    runs each side in turn, so it cannot make a "no sides" item two-sided.
    """
    return any(_SIDE_CHANGE.search(line) for line in _setup_and_steps(exercise))


@lru_cache(maxsize=4096)  # an exercise's text never changes; the editor asks on every keystroke
def describes_side_change(exercise: Exercise) -> bool:
    """Whether anything the patient reads (a side switch line, the steps) says how to change sides."""
    return bool(exercise.side_switch) or steps_change_side(exercise) or bool(one_side_words(exercise))


@lru_cache(maxsize=4096)  # an exercise's text never changes; the editor asks on every keystroke
def steps_say_hold(exercise: Exercise) -> bool:
    """Whether a step tells the patient to hold ("Hold, then return to the starting position.")."""
    return any(_HOLD.search(step) for step in exercise.steps)


def _setup_and_steps(exercise: Exercise) -> tuple[str, ...]:
    return (*exercise.starting_position, *exercise.steps)
