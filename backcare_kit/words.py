"""Doses, durations and schedules in plain words, shared by every exporter.

One wording everywhere: the handout, the calendar and the text message must
never disagree about what the patient was asked to do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import date
from typing import TYPE_CHECKING

from .errors import BackcareError
from .exercise import Sides
from .files import describe_os_error
from .routine import Caution, CautionKind
from .safety import fingerprint
from .schedule import WEEKDAYS
from .services import load_services
from .timing import Segment, SegmentKind, Side

if TYPE_CHECKING:
    from .plan import Plan
    from .routine import Routine, RoutineItem
    from .safety import SafetyText
    from .schedule import Schedule
    from .timing import Timing

#: How each side of a stretch is said, wherever a stretch is shown.
SIDE_WORDS = {Side.NONE: "", Side.FIRST: "first side", Side.SECOND: "second side", Side.ALTERNATING: "alternating"}

#: What the handout's follow-along timer says; the page's script only looks these up.
TIMER_WORDS = {
    "side": "Side: ",
    "start": "Start: ",
    "first_side": ", first side",
    "switch": "Switch sides.",
    "part": "Part {number} of {count}",
    "done": "Session complete. Well done.",
    "paused": "Paused",
}


def clock(seconds: int) -> str:
    """Seconds as m:ss, e.g. 75 -> '1:15'."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def _count(n: int, unit: str) -> str:
    return f"{n} {unit}" + ("" if n == 1 else "s")


def duration_in_words(seconds: int) -> str:
    """'2 minutes', '1 minute 30 seconds', '45 seconds'."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return _count(rest, "second")
    return _count(minutes, "minute") + (f" {_count(rest, 'second')}" if rest else "")


def join_words(words: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def dose_in_words(item: RoutineItem) -> str:
    """'2 minutes', '1 minute each side, hold a few seconds', '2 minutes, alternating sides'."""
    words = duration_in_words(item.duration_seconds)
    if item.sides is Sides.EACH_SIDE:
        words += " each side"
    elif item.sides is Sides.ALTERNATING:
        words += ", alternating sides"
    if item.hold:
        words += f", hold {item.hold}"
    return words


def days_in_words(days: Sequence[int]) -> str:
    if len(days) == 7:
        return "Every day"
    return join_words([WEEKDAYS[d] for d in days])


def date_in_words(day: date) -> str:
    """'Monday 7 December 2026'."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {day:%B %Y}"


def schedule_in_words(schedule: Schedule) -> str:
    """'Monday, Wednesday and Friday at 08:00 for 6 weeks, from Monday 7 December 2026'."""
    return (
        f"{days_in_words(schedule.days)} at {schedule.time_of_day:%H:%M} "
        f"for {_count(schedule.weeks, 'week')}, from {date_in_words(schedule.start_date)}"
    )


def weeks_in_words(first_week: int, last_week: int, first_day: date, last_day: date) -> str:
    """'Weeks 1 to 2, from Monday 30 November to Sunday 13 December 2026', or 'Week 3, ...' for one week.

    A patient does not count weeks, so the dates say when; the year is given
    once, at the end, unless the weeks run into another year.
    """
    weeks = f"Week {first_week}" if first_week == last_week else f"Weeks {first_week} to {last_week}"
    start = date_in_words(first_day)
    if first_day.year == last_day.year:
        start = start.removesuffix(f" {first_day.year}")
    return f"{weeks}, from {start} to {date_in_words(last_day)}"


def problem_in_words(error: BaseException) -> str:
    """What a face (command line, editor) shows for an error, in one place.

    A BackcareError is the user's to fix and its message stands as it is; an
    OSError is the machine's (a full disk, a locked folder) and is said in
    words; anything else is a bug in the toolkit and is called one, on one
    line, so that a clinician never mistakes it for a problem with their input.
    """
    if isinstance(error, BackcareError):
        return str(error)
    if isinstance(error, OSError):
        return describe_os_error(error)
    summary = " ".join(f"{type(error).__name__}: {error}".split())[:300]
    return f"internal error, a bug in backcare-kit and not in your input ({summary})"


def side_in_words(side: Side) -> str:
    """'first side', 'second side', 'alternating', or '' for both sides at once."""
    return SIDE_WORDS[Side(side)]


def segment_label(segment: Segment) -> str:
    """'Arm openings', or 'Get ready: Arm openings' for the transition before it."""
    return f"Get ready: {segment.name}" if segment.kind is SegmentKind.TRANSITION else segment.name


def total_in_words(timing: Timing) -> str:
    """'Total 11:00 (10:00 exercise, 1:00 transitions)': the line every face shows under a timing."""
    return (
        f"Total {clock(timing.total_seconds)} ({clock(timing.work_seconds)} exercise, "
        f"{clock(timing.transition_seconds)} transitions)"
    )


def caution_in_words(caution: Caution) -> str:
    """One of Routine.cautions() as the editor and the notebook show it."""
    if caution.kind is CautionKind.EMPTY:
        return "No exercises are included: the session is empty."
    if caution.kind is CautionKind.ZERO_DURATION:
        return f"{caution.exercise} lasts 0 seconds."
    return (
        f"The exercises take {duration_in_words(caution.seconds)}, much longer than the "
        f"{duration_in_words(caution.usual_seconds)} at the catalog's doses."
    )


def cautions_in_words(routine: Routine) -> list[str]:
    return [caution_in_words(caution) for caution in routine.cautions()]


def who_and_when(plan: Plan) -> list[tuple[str, str]]:
    """Who gave the plan, how to reach them, when to come back, when it was made and what it carries.

    As (label, value), empty ones left out. Only what is true: the plan
    records who made it, not that anyone reviewed it, so nothing here says
    "reviewed". The versions let a clinic tell which safety text and which
    exercise text a patient's copy holds.
    """
    clinician = ", ".join(part for part in (plan.clinician, plan.clinician_profession) if part)
    rows = [
        ("Clinician", clinician),
        ("Registration number", plan.clinician_registration),
        ("Clinic", plan.clinic),
        ("Contact", plan.clinic_contact),
        ("Review", date_in_words(plan.review_date) if plan.review_date else ""),
        ("Plan made", date_in_words(plan.made_on) if plan.made_on else ""),
        ("Safety advice version", safety_version_in_words(plan.safety)),
        ("Exercise text version", exercises_version(plan.routine)),
    ]
    return [(label, value) for label, value in rows if value]


def safety_version_in_words(safety: SafetyText) -> str:
    """'2026-11 (66117b6a)': the label from the file and the fingerprint of the words; the fingerprint alone
    when there is no label. An edited copy keeps its label but not its fingerprint."""
    return f"{safety.version} ({safety.fingerprint})" if safety.version else safety.fingerprint


def exercises_version(routine: Routine) -> str:
    """A fingerprint of the catalog text of the plan's exercises (every field, before tailoring).

    Plans whose exercises came from the same catalog text show the same
    value; a corrected catalog shows a new one.
    """
    exercises = [item.exercise for item in routine.items]
    return fingerprint([f"{f.name}={getattr(ex, f.name)!r}" for f in fields(ex)] for ex in exercises)


#: Whom to contact when the plan names no clinic contact; ``{doctor}`` is filled from data/services.csv.
CONTACT_FALLBACK = "your {doctor} or the clinic that gave you this plan"

#: The sources, credited in small print on every handout and text export (data/README.md cites them in full).
CREDITS = (
    'The exercises come from the article "Five exercises which can help relieve back pain".',
    'The safety advice follows the NHS pages "Back pain" and "Sciatica" and the NICE guide NG59.',
)


def contact_in_words(plan: Plan) -> str:
    """Whom the patient contacts for advice: the clinic's contact, or their doctor when the plan names none.

    Every handout says this, right after the safety text, because the
    safety text tells the patient to stop and get advice.
    """
    if plan.clinic_contact:
        who = ": ".join(part for part in (plan.clinic, plan.clinic_contact) if part)
    else:
        who = CONTACT_FALLBACK.format(doctor=load_services()["doctor"])
    return f"For advice, contact {who}."


def plan_warnings(plan: Plan) -> list[str]:
    """What a face warns about before export, without refusing it: for now, a plan that names no contact."""
    if plan.clinic_contact:
        return []
    fallback = CONTACT_FALLBACK.format(doctor=load_services()["doctor"])
    return [f"The plan has no clinic contact, so the handout tells the patient to contact {fallback}."]
