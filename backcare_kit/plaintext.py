"""A plan as plain text: for an email, a text message or a calendar description.

Shared by the text exporter and the calendar exporter, so the words a patient
reads are the same wherever they read them. Safety text comes first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .handout import ExerciseOutline, Outline, StageOutline, outline
from .plan import Plan
from .words import PICTURES_IN_HANDOUT, STAGES_AHEAD

WIDTH = 72
#: What textwrap counts as a space; a no-break space and other Unicode spaces never break a line.
_SPACES = str.maketrans(dict.fromkeys("\t\n\x0b\x0c\r", " "))
_CHUNK = re.compile(r"[^ ]+| +")


def plan_as_text(plan: Plan, width: int | None = WIDTH) -> str:
    """The whole plan as text, wrapped at ``width`` columns (None: one line per paragraph)."""
    return render_outline(outline(plan), width)


def render_outline(doc: Outline, width: int | None = WIDTH, stage: int | None = None) -> str:
    """The outline as text; ``stage`` (a stage's number) keeps only the exercises of that stretch of weeks.

    A calendar event for weeks 3 to 6 describes those weeks' exercises, but
    the safety text, the schedule and the clinic's details always come with it.
    """
    out = _Writer(width)
    out.heading(doc.title, "=")
    out.heading("SAFETY ADVICE")
    for section in doc.safety:
        out.line(section.heading + ":")
        for item in section.items:
            out.line(item, indent="  - ", hang="    ")
        out.blank()
    out.line(doc.contact)
    out.blank()
    out.heading("WHEN")
    out.line(doc.schedule + ".")
    stages = [s for s in doc.stages if stage is None or s.number == stage]
    if len(doc.stages) == 1:
        out.line(_session_length(doc.stages[0]))
    else:
        out.line(STAGES_AHEAD)
    out.blank()
    out.heading("THE EXERCISES")
    if any(exercise.pictures for shown in stages for exercise in shown.exercises):
        out.line(PICTURES_IN_HANDOUT)
        out.blank()
    for shown in stages:
        _stage(out, shown, alone=len(doc.stages) == 1)
    if doc.notes:
        out.heading("NOTES FROM YOUR CLINICIAN")
        for paragraph in doc.notes.splitlines():
            out.line(paragraph)
        out.blank()
    if doc.footer:
        out.heading("ABOUT THIS PLAN")
        for line in doc.footer:
            out.line(line)
        out.blank()
    for line in doc.credits:
        out.line(line)
    return out.text()


def _session_length(stage: StageOutline) -> str:
    return f"Each session takes about {stage.session_length} ({stage.work_length} of exercise)."


def _stage(out: _Writer, stage: StageOutline, alone: bool) -> None:
    """One stretch of weeks: its weeks and session length, unless it is the whole plan, then its exercises."""
    if not alone:
        out.heading(stage.weeks)
        out.line(_session_length(stage))
        out.blank()
    for exercise in stage.exercises:
        _exercise(out, exercise)


def _exercise(out: _Writer, exercise: ExerciseOutline) -> None:
    out.line(f"{exercise.number}. {exercise.name}: {exercise.dose}")
    _block(out, "Starting position", exercise.starting_position)
    _block(out, "Steps", (f"{n}. {step}" for n, step in enumerate(exercise.steps, start=1)), numbered=True)
    _block(out, "Keep in mind", exercise.cues)
    if exercise.side_switch:
        _block(out, "Changing sides", [exercise.side_switch])
    out.blank()


def _block(out: _Writer, label: str, lines: Iterable[str], numbered: bool = False) -> None:
    lines = list(lines)
    if not lines:
        return
    out.line(f"{label}:", indent="   ")
    for line in lines:
        if numbered:
            out.line(line, indent="     ", hang="        ")
        else:
            out.line(line, indent="   - ", hang="     ")


class _Writer:
    """Collects lines, wrapping each paragraph with its own indents."""

    def __init__(self, width: int | None):
        self.width = width
        self.lines: list[str] = []

    def heading(self, text: str, underline: str = "-") -> None:
        self.lines += [text, underline * min(len(text), self.width or len(text)), ""]

    def line(self, text: str, indent: str = "", hang: str | None = None) -> None:
        hang = indent if hang is None else hang
        if self.width is None:
            self.lines.append(indent + text)
            return
        self.lines += wrap(text, self.width, indent, hang) or [indent.rstrip()]

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def text(self) -> str:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def wrap(text: str, width: int, indent: str = "", hang: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` columns, breaking a word only when no line could hold it.

    The lines are textwrap.wrap's (break_long_words, no breaks at hyphens),
    but found in linear time: textwrap copies the rest of an over-long word
    for every line it fills, so one pasted 8 MB "word" took seconds and
    100 MB never finished. Here the rest is never copied, only pointed at.
    """
    if width < 1:
        raise ValueError(f"invalid width {width!r} (must be > 0)")
    words = _Words(text)
    lines: list[str] = []
    while words:
        prefix = hang if lines else indent
        if lines:
            words.drop_spaces()  # a wrapped line never starts with a space; the paragraph may
        line = words.line(width - len(prefix))
        if line:
            lines.append(prefix + line)
    return lines


class _Words:
    """A paragraph's words and runs of spaces, taken line by line without copying what is left."""

    def __init__(self, text: str):
        self.chunks = _CHUNK.findall(text.expandtabs().translate(_SPACES))
        self.index = 0  # the next chunk
        self.start = 0  # how much of it earlier lines took

    def __bool__(self) -> bool:
        return self.index < len(self.chunks)

    def drop_spaces(self) -> None:
        if self and self.chunks[self.index].startswith(" "):
            self.index, self.start = self.index + 1, 0

    def line(self, room: int) -> str:
        """As many whole chunks as fit in ``room`` columns, then the start of one too long for any line.

        Written with local variables rather than one method call per chunk:
        every line of every export passes through here.
        """
        chunks, index, start = self.chunks, self.index, self.start
        parts: list[str] = []
        used = 0
        while index < len(chunks) and used + len(chunks[index]) - start <= room:
            parts.append(chunks[index][start:] if start else chunks[index])
            used += len(chunks[index]) - start
            index, start = index + 1, 0
        if index < len(chunks) and len(chunks[index]) - start > room:
            count = max(room - used, 1 if room < 1 else 0)
            parts.append(chunks[index][start : start + count])
            start += count
            if start >= len(chunks[index]):
                index, start = index + 1, 0
        self.index, self.start = index, start
        while parts and parts[-1].strip(" ") == "":
            parts.pop()  # the spaces, or the empty start, at the end of a line
        return "".join(parts)
