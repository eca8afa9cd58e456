"""The bounds on every number and date a plan can hold, in one place.

No clinician prescribes a 10^9-second exercise or a plan for the year 9999:
such a value is a typo or hostile input, and left alone it overflows 64-bit
calendar fields, freezes timers and breaks print layouts. Each bound is
generous for any real prescription; data/README.md states them, and every
message that refuses a value names its bound.
"""

from __future__ import annotations

from datetime import date

#: One exercise, or one side of an ``each_side`` exercise: at most an hour.
MAX_DURATION_SECONDS = 60 * 60
#: A hold inside one repetition: at most two minutes.
MAX_HOLD_SECONDS = 120
#: The rest between two exercises: at most ten minutes.
MAX_TRANSITION_SECONDS = 10 * 60
#: A plan runs for 1 to 104 weeks (two years), then is reviewed.
MIN_WEEKS, MAX_WEEKS = 1, 104
#: Start and review dates lie in this range.
FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2099, 12, 31)


def whole_number_error(value: object, low: int, high: int) -> str | None:
    """Why ``value`` is not a whole number from ``low`` to ``high``, or None when it is.

    A bool is refused although Python counts it as an int: ``true`` in a JSON
    file is never meant as one second.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        return f"a whole number from {low} to {high}, not {value!r}"[:120]
    if not low <= value <= high:
        return (
            f"a whole number from {low} to {high}, not {value}"
            if value.bit_length() < 64
            else (f"a whole number from {low} to {high}, not a number that large")
        )
    return None


def date_error(value: object) -> str | None:
    """Why ``value`` is not a date in the supported range, or None when it is."""
    if not isinstance(value, date):
        return f"a date from {FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"
    if not FIRST_DATE <= value <= LAST_DATE:
        return f"a date from {FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}, not {value.isoformat()}"
    return None
