"""The bounds on every number and date a plan can hold, in one place.

No clinician prescribes a 10^9-second exercise or a plan for the year 9999:
such a value is a typo or hostile input, and left alone it overflows 64-bit
calendar fields, freezes timers and breaks print layouts. Each bound is
generous for any real prescription; data/README.md states them, and every
message that refuses a value names its bound.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .errors import InvalidValue
from .text import shown

#: One exercise, or one side of an ``each_side`` exercise: at most an hour.
MAX_DURATION_SECONDS = 60 * 60
#: A hold inside one repetition: at most two minutes.
MAX_HOLD_SECONDS = 120
#: The rest between two exercises: at most ten minutes.
MAX_TRANSITION_SECONDS = 10 * 60
#: A repetition dose: at most 100 repetitions in a set and 10 sets; more is a typo.
MAX_REPS, MAX_SETS = 100, 10
#: The rest between two sets: at most five minutes.
MAX_REST_SECONDS = 5 * 60
#: The time one repetition takes, its hold included, for the session estimate: 1 second to 2 minutes.
MAX_SECONDS_PER_REP = 120
#: A plan runs for 1 to 104 weeks (two years), then is reviewed.
MIN_WEEKS, MAX_WEEKS = 1, 104
#: Start and review dates lie in this range.
FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2099, 12, 31)
#: A plan's edit count: calendar apps keep an event's SEQUENCE as a 32-bit signed number.
MAX_REVISION = 2**31 - 1
#: One picture: at most 2 MB. A handout embeds every picture, and a patient opens it on a phone.
MAX_PICTURE_BYTES = 2 * 1024 * 1024
#: One picture: at most 4096 x 4096 pixels in all its frames. A small file can unpack to gigabytes of
#: pixels (a "decompression bomb"); a phone photo of 12 million pixels still fits.
MAX_PICTURE_PIXELS = 4096 * 4096
#: Pictures of one exercise: a start and an end position, a few more at most.
MAX_PICTURES = 8


def whole_number_error(value: object, low: int, high: int, unit: str = "") -> str | None:
    """Why ``value`` is not a whole number from ``low`` to ``high``, or None when it is.

    A bool is refused although Python counts it as an int: ``true`` in a JSON
    file is never meant as one second. A number beyond 64 bits is described,
    not printed, and never reaches arithmetic that could overflow.
    """
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        of = f" of {unit}" if unit else ""
        return f"a whole number{of} from {low} to {high}, not {shown(value)}"
    return None


def date_error(value: object, low: date = FIRST_DATE, high: date = LAST_DATE) -> str | None:
    """Why ``value`` is not a calendar date from ``low`` to ``high``, or None when it is.

    A datetime is refused although it is a date subclass: it cannot be
    compared with a date, and a plan's dates have no time of day.
    """
    expected = f"a date from {low.isoformat()} to {high.isoformat()}"
    if isinstance(value, datetime) or not isinstance(value, date):
        return f"{expected} (a date alone, no time of day), not {shown(value)}"
    if not low <= value <= high:
        return f"{expected}, not {value.isoformat()}"
    return None


def whole_number(value: object, low: int, high: int, *, what: str, unit: str = "") -> int:
    """``value`` when it is a whole number from ``low`` to ``high``, else InvalidValue naming ``what``."""
    error = whole_number_error(value, low, high, unit)
    if error is not None:
        raise InvalidValue(f"{what}: expected {error}")
    return value  # type: ignore[return-value]  # whole_number_error checked it is an int


def a_date(value: object, *, what: str, low: date = FIRST_DATE, high: date = LAST_DATE) -> date:
    """``value`` when it is a date in range, else InvalidValue naming ``what``."""
    error = date_error(value, low, high)
    if error is not None:
        raise InvalidValue(f"{what}: expected {error}")
    return value  # type: ignore[return-value]  # date_error checked it is a date


def a_utc_time(value: object, *, what: str) -> datetime:
    """``value`` when it is a time zone-aware datetime in UTC on a date in range, else InvalidValue.

    A naive time would be read differently in each time zone, so a moment
    kept in a plan (when it was last edited) is always UTC.
    """
    if not isinstance(value, datetime) or value.utcoffset() != timedelta(0) or date_error(value.date()) is not None:
        raise InvalidValue(
            f"{what}: expected a UTC time from {FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}, not {shown(value)}"
        )
    return value
