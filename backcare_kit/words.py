"""Doses, durations and schedules in plain words, shared by every exporter.

One wording everywhere: the handout, the calendar and the text message must
never disagree about what the patient was asked to do.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import fields
from datetime import date
from typing import TYPE_CHECKING

from .errors import AlreadyExists, BackcareError
from .exercise import DoseKind, Sides
from .files import describe_os_error
from .routine import Caution, CautionKind
from .safety import fingerprint
from .schedule import WEEKDAYS
from .services import load_services
from .timing import Segment, SegmentKind, Side

if TYPE_CHECKING:
    from .plan import Plan
    from .review import Review
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
    "set": "Set {number} of {count}",
    "reps": "Do {count} repetitions at your own pace (the time is only a guide).",
    # For a plan that changes over the weeks: the label of the choice of weeks, and what the timer says about
    # the weeks it runs. {weeks} is a stage's 'Weeks 3 to 4', {date} a day in words (date_in_words).
    "stage": "Exercises for",
    "today": "These are today's exercises ({weeks}).",
    "before": "Your plan starts on {date}. Until then, the timer shows the first exercises ({weeks}).",
    "after": "Your plan ended on {date}. You can still do the exercises. The timer shows the last ones ({weeks}).",
    "chosen": "You chose other weeks ({weeks}).",
}

#: The handout's log of sessions kept on the patient's device (the page's script fills ``{...}``). Plain words:
#: the patient must know the log stays on this device until they save it and share it.
LOG_WORDS = {
    "title": "My exercise log",
    "privacy": (
        "Your log stays on this device, in this browser. Nothing is sent anywhere. "
        "To share it, press Save my log and send the file to your clinician."
    ),
    "did_them": "I did my exercises",
    "ask": "How was your back?",
    "day": "When did you do them?",
    "today": "Today",
    "yesterday": "Yesterday",
    "pain_before": "Pain before the exercises (0 = no pain, 10 = worst pain)",
    "pain_after": "Pain after the exercises (0 = no pain, 10 = worst pain)",
    "parts_done": "How many exercises did you do?",
    "note": "Note (you can leave this empty)",
    "save_entry": "Add to my log",
    "cancel": "Cancel",
    "saved": "Added to your log.",
    "this_week": "This week: {done} of {due} sessions done.",
    "this_week_unscheduled": "Sessions done this week: {done}.",
    "past": "Past sessions",
    "none_yet": "No sessions in your log yet.",
    "entry": "{date} at {time}: {done} of {total} exercises. Pain {before} before, {after} after.",
    "no_score": "not given",
    "download": "Save my log",
    "clear": "Clear my log",
    "confirm_clear": "Clear your log from this device? Save it first if you want to keep it.",
    "clear_yes": "Yes, clear it",
    "keep": "No, keep it",
    "cleared": "Your log on this device is now empty.",
    "no_storage": "This browser cannot keep your log. Use the paper log sheet at the end of this handout.",
    "file_name": "my-exercise-log-{date}.csv",
}

#: The paper log sheet at the end of the printed handout and the PDF: one row per scheduled session.
LOG_SHEET_WORDS = {
    "title": "My exercise log",
    "intro": (
        "Tick the box when you have done your exercises. Write your pain before and after, from 0 (none) to 10 (worst)."
    ),
    "for": "For: {patient}",
    "dates": "From {first} to {last}",
    "day": "Day",
    "done": "Done",
    "pain_before": "Pain before (0-10)",
    "pain_after": "Pain after (0-10)",
    "note": "Note",
    "bring": "Bring this sheet to your next appointment.",
}

#: What every format says, in place of one session length, when a plan's exercises change over the weeks.
STAGES_AHEAD = "Your exercises change over the weeks, as set out below."

#: What the text formats (an email, a text message, a calendar description) say when the plan's exercises have
#: pictures: only the HTML handout can show them.
PICTURES_IN_HANDOUT = "The pictures are in your handout."


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
    """'Repeat for 2 minutes', 'Repeat for 1 minute on one side, then 1 minute on the other side. Hold...'.

    A time is always said as a time to *repeat* the movement for, as the
    article says ("Repeat for two minutes"): '2 minutes' alone reads as
    'hold for 2 minutes'. For each side the time is said twice, so nobody
    halves it; alternating is said in plainer words ("changing sides each
    time", grade 8 at most); the hold, when there is one, is its own sentence.
    """
    if item.dose_kind is DoseKind.REPS:
        return _reps_in_words(item) + _hold_in_words(item.hold)
    time = duration_in_words(item.duration_seconds)
    if item.sides is Sides.EACH_SIDE:
        words = f"Repeat for {time} on one side, then {time} on the other side"
    elif item.sides is Sides.ALTERNATING:
        words = f"Repeat for {time}, changing sides each time"
    else:
        words = f"Repeat for {time}"
    return words + _hold_in_words(item.hold)


def _reps_in_words(item: RoutineItem) -> str:
    """'Do 3 sets of 10 repetitions. Rest 30 seconds between sets. This takes about 3 minutes in all'.

    Sets first, as a patient counts them, in short sentences (patient text
    stays at or below school grade 8); the time is said as an estimate
    ("about"), since each patient goes at their own pace.
    """
    words = f"Do {_count(item.sets, 'set')} of {_count(item.reps, 'repetition')}"
    if item.sides is Sides.EACH_SIDE:
        words += " on each side, one side and then the other"
    elif item.sides is Sides.ALTERNATING:
        words += ", changing sides each time"
    if item.sets > 1 and item.rest_seconds:
        words += f". Rest {duration_in_words(item.rest_seconds)} between sets"
    seconds = item.work_seconds + (item.sets - 1) * item.rest_seconds
    return words + f". This takes {about_in_words(seconds)} in all"


def about_in_words(seconds: int) -> str:
    """An estimate in words: 'about 2 minutes' for 116 seconds, to the half minute (to 5 seconds under a minute).

    An estimate said to the second ('about 1 minute 56 seconds') claims a
    precision it does not have.
    """
    return "about " + duration_in_words(_rounded(seconds))


def _rounded(seconds: int) -> int:
    step = 30 if seconds >= 60 else 5
    return max(step, (seconds + step // 2) // step * step)


def estimate_in_words(seconds: int, timing: Timing) -> str:
    """A length the handout says after its own "about": exact, or to the half minute when ``timing`` is an estimate."""
    return duration_in_words(_rounded(seconds) if timing.estimate else seconds)


def _hold_in_words(hold: str) -> str:
    """'. Hold for a few seconds each time', or nothing when there is no hold."""
    return f". Hold for {hold} each time" if hold else ""


def days_in_words(days: Sequence[int]) -> str:
    if len(days) == 7:
        return "Every day"
    return join_words([WEEKDAYS[d] for d in days])


def date_in_words(day: date) -> str:
    """'Monday 7 December 2026'."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {day:%B %Y}"


def schedule_in_words(schedule: Schedule) -> str:
    """'Monday, Wednesday and Friday at 08:00 for 6 weeks, from Monday 7 December 2026'.

    Several sessions a day read 'at 08:00 and 18:00 (twice a day)'.
    """
    times = join_words([f"{t:%H:%M}" for t in schedule.times])
    often = f" ({TIMES_A_DAY[len(schedule.times)]})" if len(schedule.times) > 1 else ""
    return (
        f"{days_in_words(schedule.days)} at {times}{often} "
        f"for {_count(schedule.weeks, 'week')}, from {date_in_words(schedule.start_date)}"
    )


#: How often a day, in the words a patient uses.
TIMES_A_DAY = {2: "twice a day", 3: "3 times a day", 4: "4 times a day"}


def weeks_in_words(first_week: int, last_week: int, first_day: date, last_day: date) -> str:
    """'Weeks 1 to 2, from Monday 30 November to Sunday 13 December 2026', or 'Week 3, ...' for one week.

    A patient does not count weeks, so the dates say when; the year is given
    once, at the end, unless the weeks run into another year.
    """
    weeks = week_numbers_in_words(first_week, last_week)
    start = date_in_words(first_day)
    if first_day.year == last_day.year:
        start = start.removesuffix(f" {first_day.year}")
    return f"{weeks}, from {start} to {date_in_words(last_day)}"


def stage_cautions_in_words(plan: Plan) -> list[str]:
    """Every stage's cautions, each led by its weeks when the plan has more than one stage.

    What ``export`` says on its way out, so a clinician who exports without
    a preview still hears that, say, weeks 3 to 4 turn only one way.
    """
    stages = plan.stages()
    return [
        (f"{week_numbers_in_words(stage.first_week, stage.last_week)}: " if len(stages) > 1 else "") + caution
        for stage in stages
        for caution in cautions_in_words(stage.routine)
    ]


def week_numbers_in_words(first_week: int, last_week: int) -> str:
    """'Weeks 3 to 4', or 'Week 3': a stage's weeks where its dates are said elsewhere or have no room."""
    return f"Week {first_week}" if first_week == last_week else f"Weeks {first_week} to {last_week}"


def problem_in_words(error: BaseException, overwrite: str = "") -> str:
    """What a face (command line, editor) shows for an error, in one place.

    A BackcareError is the user's to fix and its message stands as it is; an
    OSError is the machine's (a full disk, a locked folder) and is said in
    words; anything else is a bug in the toolkit and is called one, on one
    line, so that a clinician never mistakes it for a problem with their input.
    ``overwrite`` is how this face allows overwriting (``--force``, or the
    editor's tick box), added to a refusal to overwrite so it names the
    control the person actually has.
    """
    if isinstance(error, AlreadyExists) and overwrite:
        return f"{error} ({overwrite})"
    if isinstance(error, BackcareError):
        return str(error)
    if isinstance(error, OSError):
        return describe_os_error(error)
    summary = " ".join(f"{type(error).__name__}: {error}".split())[:300]
    return f"internal error, a bug in backcare-kit and not in your input ({summary})"


#: The plan's field names as a clinician says them, for the editor: its messages name fields by their labels.
FIELD_WORDS = {
    "duration_seconds": "duration",
    "rest_seconds": "rest between sets",
    "seconds_per_rep": "seconds per rep",
    "transition_seconds": "rest between exercises",
    "time_of_day": "time",
    "more_times": "more times",
    "start_date": "first day",
    "review_date": "review date",
    "clinic_contact": "clinic contact",
    "clinician_profession": "profession",
    "clinician_registration": "registration number",
    "from_week": "first week",
}
_FIELD_NAMES = re.compile(r"\b(" + "|".join(FIELD_WORDS) + r")\b")


def fields_in_words(text: str) -> str:
    """A message with the plan's field names (``duration_seconds``) put as the editor labels them ("duration")."""
    return _FIELD_NAMES.sub(lambda found: FIELD_WORDS[found[1]], text)


def problem_shown(error: BaseException, log: logging.Logger, doing: str, overwrite: str = "") -> str:
    """problem_in_words for a page, which cannot raise: a bug is also logged with its traceback, for the report.

    The editor, the illustration notebook's figure and its save button show
    errors beside their controls; a traceback would otherwise be lost.
    """
    if not isinstance(error, BackcareError | OSError):
        log.error("%s failed", doing, exc_info=error)
    return problem_in_words(error, overwrite)


def side_in_words(side: Side) -> str:
    """'first side', 'second side', 'alternating', or '' for both sides at once."""
    return SIDE_WORDS[Side(side)]


def segment_label(segment: Segment) -> str:
    """'Arm openings', 'Get ready: Arm openings' before it, 'Squat, set 2 of 3', 'Rest, then Squat, set 2 of 3'."""
    if segment.kind is SegmentKind.TRANSITION:
        return f"Get ready: {segment.name}"
    name = f"{segment.name}, {set_in_words(segment).lower()}" if segment.sets else segment.name
    return f"Rest, then {name}" if segment.kind is SegmentKind.REST else name


def set_in_words(segment: Segment) -> str:
    """'Set 2 of 3' for a stretch of a dose by repetitions, '' for a dose by time."""
    if not segment.sets:
        return ""
    return TIMER_WORDS["set"].format(number=segment.set_number, count=segment.sets)


def reps_to_do(segment: Segment) -> str:
    """'Do 10 repetitions at your own pace (...)' for a set, '' for anything else.

    What the follow-along timer shows under the set's label ('Squat, set 2
    of 3') while it runs: the count the patient keeps, and that the clock is
    only an estimate.
    """
    if segment.kind is not SegmentKind.EXERCISE or not segment.sets:
        return ""
    return TIMER_WORDS["reps"].format(count=segment.reps)


def length_in_words(timing: Timing) -> str:
    """'11 minutes', or 'about 11 minutes' when the timing holds an estimate."""
    return about_in_words(timing.total_seconds) if timing.estimate else duration_in_words(timing.total_seconds)


def total_in_words(timing: Timing) -> str:
    """'Total 11:00 (10:00 exercise, 1:00 transitions)': the line every face shows under a timing.

    With a dose by repetitions: 'Total about 12:00 (about 10:30 exercise, 0:30 rest, 1:00 transitions)'.
    """
    about = "about " if timing.estimate else ""
    rest = f"{clock(timing.rest_seconds)} rest, " if timing.rest_seconds else ""
    return (
        f"Total {about}{clock(timing.total_seconds)} ({about}{clock(timing.work_seconds)} exercise, "
        f"{rest}{clock(timing.transition_seconds)} transitions)"
    )


def caution_in_words(caution: Caution) -> str:
    """One of Routine.cautions() as the editor and the notebook show it."""
    if caution.kind is CautionKind.EMPTY:
        return "No exercises are included: the session is empty."
    if caution.kind is CautionKind.ZERO_DURATION:
        return f"{caution.exercise} lasts 0 seconds."
    if caution.kind in _CONTRADICTIONS:
        return _CONTRADICTIONS[caution.kind](caution)
    return (
        f"The exercises take {duration_in_words(caution.seconds)}, much longer than the "
        f"{duration_in_words(caution.usual_seconds)} at the catalog's doses."
    )


_SIDES_SET = {Sides.EACH_SIDE: "each side in turn", Sides.ALTERNATING: "alternating sides"}

#: A dose that contradicts the exercise's own text, said to the clinician with what to do about it.
_CONTRADICTIONS = {
    CautionKind.SIDES_UNDESCRIBED: lambda c: (
        f"{c.exercise} is set to {_SIDES_SET.get(c.sides, c.sides)}, but its steps never say how to change "
        "sides. Choose no sides, or the patient may not know what to do on the other side."
    ),
    CautionKind.ONE_SIDE_ONLY: lambda c: (
        f"{c.exercise} is set to no sides, but its steps name a side "
        f"({join_words([repr(w) for w in c.words])}), so the patient would only ever work that side. "
        "Choose each side in turn or alternating sides."
    ),
    CautionKind.HOLD_CLEARED: lambda c: (
        f'{c.exercise} has no hold, but a step still says "Hold". Set a hold, '
        "or the patient will not know how long to hold."
    ),
}


def cautions_in_words(routine: Routine) -> list[str]:
    return [caution_in_words(caution) for caution in routine.cautions()]


#: Why the editor refuses to move or remove the first stage: the plan's own routine, which every plan has.
FIRST_STAGE_STAYS = (
    "week 1's routine is the plan's own: it always starts in week 1 and cannot be moved or removed; "
    "select a later phase to move or remove it"
)


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
        ("Exercise text version", exercises_version(plan)),
    ]
    return [(label, value) for label, value in rows if value]


def safety_version_in_words(safety: SafetyText) -> str:
    """'2026-11 (66117b6a)': the label from the file and the fingerprint of the words; the fingerprint alone
    when there is no label. An edited copy keeps its label but not its fingerprint."""
    return f"{safety.version} ({safety.fingerprint})" if safety.version else safety.fingerprint


def exercises_version(plan: Plan) -> str:
    """A fingerprint of the catalog text of the plan's exercises (every field, before tailoring), in every stage.

    Plans whose exercises came from the same catalog text show the same
    value; a corrected catalog shows a new one. An exercise added only in a
    later phase counts too: its text is on the handout as much as week 1's.
    """
    seen = {item.exercise.id: item.exercise for stage in plan.stages() for item in stage.routine.items}
    return fingerprint([f"{f.name}={getattr(ex, f.name)!r}" for f in fields(ex)] for ex in seen.values())


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


#: What the review of a session log says for each flag (keyed by review.Flag's value), most urgent first.
FLAG_WORDS = {
    "red_flag_note": "A note mentions a red-flag symptom (numbness, bladder, bowel or both legs): review promptly.",
    "pain_rising": "Pain before sessions has risen by 2 or more points since the first session.",
    "worse_after": "Pain after the session was higher than before in most sessions.",
    "low_adherence": "Fewer than half the scheduled sessions were done.",
    "gap": "Two weeks or more went by without a session.",
}

#: The same flags in a word or two, for the caseload table.
FLAG_LABELS = {
    "red_flag_note": "RED FLAG note",
    "pain_rising": "pain rising",
    "worse_after": "worse after",
    "low_adherence": "adherence under half",
    "gap": "2-week gap",
}


def flags_in_words(review: Review) -> list[str]:
    """Each flag of a review as a sentence, with the notes that raised a red flag quoted."""
    said = [FLAG_WORDS[flag.value] for flag in review.flags]
    said += [f'The patient wrote: "{note}"' for note in review.red_flag_notes]
    return said


def adherence_in_words(done: int, scheduled: int | None) -> str:
    """'3 of 3 sessions (100%)', or '3 sessions' when the plan, and so the sessions due, is not known."""
    sessions = _count(done, "session")
    if scheduled is None:
        return sessions
    if scheduled == 0:
        return f"{sessions}, none scheduled"
    return f"{done} of {_count(scheduled, 'session')} ({round(100 * done / scheduled)}%)"


def pain_in_words(before: int | None, after: int | None) -> str:
    """'4 → 2', with '-' for a score the patient left empty."""
    return f"{'-' if before is None else before} → {'-' if after is None else after}"


def rows_not_counted(path: str, count: int) -> str:
    """What the review says on stderr about rows it left out (duplicates), before listing them."""
    return f"{path}: {_count(count, 'row')} not counted:"


# ---------------------------------------------------------------------------------------------------------------------
# The progress report (`backcare-kit review --output`) and notebook 05: what the clinician reads about a patient's
# sessions. Plain words; the figures come from backcare_kit.review, the phrases above are reused, never reworded.
# ---------------------------------------------------------------------------------------------------------------------

#: Headings, table columns and plot labels of the progress report and the notebook's plots.
REPORT_WORDS = {
    "title": "Exercise progress",
    "title_one": "Exercise progress: {who}",
    "title_many": "Exercise progress: {count} patients",
    "intro": "From the patients' own session logs. Read the flags first: the most urgent come first.",
    "until": "Sessions due are counted up to {date}.",
    "no_plan": "The plan was not given, so sessions due and adherence are not known; sessions done are counted.",
    "summary": "All patients, flagged first",
    "who": "Patient",
    "log": "Session log",
    "plan": "Plan",
    "sessions_done": "Sessions done",
    "adherence": "Sessions done (of those scheduled)",
    "pain_first_last": "Pain before, first → last session",
    "flags": "Flags",
    "no_flags": "No flags.",
    "weeks": "Sessions by week",
    "week": "Week",
    "week_start": "Starting",
    "done": "Done",
    "scheduled": "Scheduled",
    "pain": "Pain before and after each session",
    "day": "Date",
    "pain_before": "Pain before",
    "pain_after": "Pain after",
    "no_sessions": "No sessions in this log.",
    "not_counted": "Rows not counted",
    "patient_wrote": "The patient wrote:",
    "weeks_plot_title": "Sessions done and scheduled, by week",
    "weeks_plot_title_unplanned": "Sessions done, by week",
    "weeks_plot_x": "Week of the plan",
    "weeks_plot_y": "Sessions",
    "pain_plot_title": "Pain before and after each session",
    "pain_plot_x": "Date of the session",
    "pain_plot_y": "Pain (0 = none, 10 = worst)",
    "not_recorded": "not recorded",
}

#: What `review --output` says when matplotlib, which draws the report's plots, is not installed.
REPORT_NEEDS_MATPLOTLIB = (
    "the progress report's plots need matplotlib, which is not installed; "
    "install it with: pip install 'backcare-kit[review]'"
)


def patient_in_words(review: Review, patient: str = "") -> str:
    """Who a review is about: the plan's patient when the plan is known, else the plan id the log names."""
    return patient or f"plan {review.plan_id or '(no sessions)'}"


def caseload_row(review: Review) -> tuple[str, str, str]:
    """Sessions (done of due when known), pain before first → last, and the flags in a word or two: one table row."""
    due = sum(w.scheduled or 0 for w in review.weeks)
    adherence = adherence_in_words(review.sessions, due if review.adherence is not None else None)
    first, last = (review.pain[0][1], review.pain[-1][1]) if review.pain else (None, None)
    flags = ", ".join(FLAG_LABELS[f.value] for f in review.flags) or "-"
    return adherence, pain_in_words(first, last), flags


def weeks_plot_in_words(review: Review) -> str:
    """The adherence plot's text alternative: what it shows and its sum, so it stands where no table is beside it."""
    scheduled = " and scheduled" if any(w.scheduled is not None for w in review.weeks) else ""
    return (
        f"Bar chart of sessions done{scheduled} in each of {_count(len(review.weeks), 'week')}: "
        f"{caseload_row(review)[0]} in all."
    )


def pain_plot_in_words(review: Review) -> str:
    """The pain plot's text alternative: what it shows and where pain before went, first session to last."""
    return (
        f"Line chart of pain before and after each of {_count(len(review.pain), 'session')}, from 0 to 10: "
        f"pain before, first to last session, {caseload_row(review)[1]}."
    )


def score_in_words(score: int | None) -> str:
    """A pain score as a table cell: the number, or 'not recorded' when the patient left it empty."""
    return REPORT_WORDS["not_recorded"] if score is None else str(score)
