"""A clinician's review of session logs: adherence by week, pain over time, flags. Values only.

No files and no wording here: the command line, and later the HTML report
and the notebook, read logs with backcare_kit.sessionlog and say the flags
with backcare_kit.words, so every face shows the same figures.

Adherence needs the plan's schedule to know how many sessions were due;
without it a review still counts sessions and pain, but says nothing of
adherence. Sessions due are counted up to ``until``, within the plan's
weeks: the last entry by default, today from the command line, so a
patient who stopped logging shows as not adhering.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum
from itertools import pairwise

from .schedule import Schedule
from .sessionlog import LogEntry, SessionLog

#: A rise in pain, first session to last, that a clinician wants to see.
PAIN_RISE = 2
#: Days with no session that count as a lapse.
GAP_DAYS = 14
#: Words in a note that may mean a nerve or spinal problem needing prompt review.
RED_FLAG_WORDS = ("numbness", "bladder", "bowel", "both legs")


class Flag(Enum):
    """Something in a log a clinician would want to look at; the wording is in words.py."""

    RED_FLAG_NOTE = "red_flag_note"
    PAIN_RISING = "pain_rising"
    WORSE_AFTER = "worse_after"
    LOW_ADHERENCE = "low_adherence"
    GAP = "gap"


@dataclass(frozen=True)
class Week:
    """One week of the plan (or of the log, without a plan): sessions done and, with a plan, due."""

    number: int
    start: date
    done: int
    scheduled: int | None


@dataclass(frozen=True)
class Review:
    """Everything the review of one log found."""

    plan_id: str
    sessions: int
    weeks: tuple[Week, ...]
    #: (day, pain before, pain after) for every session, oldest first.
    pain: tuple[tuple[date, int | None, int | None], ...]
    flags: tuple[Flag, ...]
    #: The notes that mentioned a red-flag word, as written.
    red_flag_notes: tuple[str, ...] = ()
    #: The log file reviewed, so a caseload table can say which row is which.
    source: str = ""

    @property
    def adherence(self) -> float | None:
        """Sessions done over sessions due; None without a schedule or before any session was due."""
        due = sum(w.scheduled or 0 for w in self.weeks)
        if any(w.scheduled is None for w in self.weeks) or due == 0:
            return None
        return sum(w.done for w in self.weeks) / due


def review(log: SessionLog, schedule: Schedule | None = None, until: date | None = None) -> Review:
    """Review one log; with ``schedule``, count sessions due up to ``until`` (default: the last entry)."""
    entries = [e for e in log.entries if e.parts_done > 0]
    last = until or (entries[-1].day if entries else None)
    weeks = _weeks(entries, schedule, last)
    pain = tuple((e.day, e.pain_before, e.pain_after) for e in log.entries)
    notes = tuple(e.note for e in log.entries if _mentions_red_flag(e.note))
    found = Review(log.plan_id, len(entries), weeks, pain, (), notes, log.path)
    return replace(found, flags=_flags(found, entries, schedule, last))


def _weeks(entries: Sequence[LogEntry], schedule: Schedule | None, until: date | None) -> tuple[Week, ...]:
    """Weeks from the plan's start (or the first session's Monday) to ``until``."""
    if schedule is None:
        if not entries:
            return ()
        first = entries[0].day - timedelta(days=entries[0].day.weekday())
        count = (entries[-1].day - first).days // 7 + 1
    else:
        first = schedule.start_date
        end = min(until or first, schedule.end_date)
        count = max(0, (end - first).days // 7 + 1)
    due = [s.date() for s in schedule.session_starts()] if schedule else []
    weeks = []
    for n in range(count):
        start = first + timedelta(days=7 * n)
        stop = min(start + timedelta(days=7), (until or start) + timedelta(days=1))
        done = sum(1 for e in entries if start <= e.day < start + timedelta(days=7))
        scheduled = sum(1 for d in due if start <= d < stop) if schedule else None
        weeks.append(Week(n + 1, start, done, scheduled))
    return tuple(weeks)


def _flags(
    found: Review, entries: Sequence[LogEntry], schedule: Schedule | None, until: date | None
) -> tuple[Flag, ...]:
    """The flags, most urgent first."""
    flags = []
    if found.red_flag_notes:
        flags.append(Flag.RED_FLAG_NOTE)
    before = [b for _, b, _ in found.pain if b is not None]
    if len(before) >= 2 and before[-1] - before[0] >= PAIN_RISE:
        flags.append(Flag.PAIN_RISING)
    pairs = [(b, a) for _, b, a in found.pain if b is not None and a is not None]
    if pairs and sum(1 for b, a in pairs if a > b) * 2 > len(pairs):
        flags.append(Flag.WORSE_AFTER)
    adherence = found.adherence
    if adherence is not None and adherence < 0.5:
        flags.append(Flag.LOW_ADHERENCE)
    if _longest_gap(entries, schedule, until) >= GAP_DAYS:
        flags.append(Flag.GAP)
    return tuple(flags)


def _longest_gap(entries: Sequence[LogEntry], schedule: Schedule | None, until: date | None) -> int:
    """The most days between sessions, counted from the plan's start and to ``until`` when the plan is known.

    Counting to ``until`` is what flags a patient who stopped: their last
    sessions may have been regular, but nothing has been logged since.
    """
    days = [schedule.start_date] if schedule else []
    days += [e.day for e in entries]
    if schedule and until:
        days.append(min(until, schedule.end_date))
    return max((b - a).days for a, b in pairwise(days)) if len(days) > 1 else 0


def _mentions_red_flag(note: str) -> bool:
    lowered = " ".join(note.lower().split())
    return any(word in lowered for word in RED_FLAG_WORDS)


def caseload(reviews: Sequence[Review]) -> list[Review]:
    """One review per patient, flagged first, then by plan id, so the urgent are read first.

    A red-flag note comes before everything else, however few other flags
    it has: it asks for prompt review, and a lapsing patient with four flags
    can wait a day. Then the most flags first.
    """
    return sorted(
        reviews, key=lambda r: (Flag.RED_FLAG_NOTE not in r.flags, not r.flags, -len(r.flags), r.plan_id, r.source)
    )
