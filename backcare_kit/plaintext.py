"""A plan as plain text: for an email, a text message or a calendar description.

Shared by the text exporter and the calendar exporter, so the words a patient
reads are the same wherever they read them. Safety text comes first.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from .handout import ExerciseOutline, Outline, outline
from .plan import Plan

WIDTH = 72


def plan_as_text(plan: Plan, width: int | None = WIDTH) -> str:
    """The whole plan as text, wrapped at ``width`` columns (None: one line per paragraph)."""
    return render_outline(outline(plan), width)


def render_outline(doc: Outline, width: int | None = WIDTH) -> str:
    out = _Writer(width)
    out.heading(doc.title, "=")
    out.heading("BEFORE YOU START")
    for section in doc.safety:
        out.line(section.heading + ":")
        for item in section.items:
            out.line(item, indent="  - ", hang="    ")
        out.blank()
    out.heading("WHEN")
    out.line(doc.schedule + ".")
    out.line(f"Each session takes about {doc.session_length} ({doc.work_length} of exercise).")
    out.blank()
    out.heading("THE EXERCISES")
    for exercise in doc.exercises:
        _exercise(out, exercise)
    if doc.notes:
        out.heading("NOTES FROM YOUR CLINICIAN")
        for paragraph in doc.notes.splitlines():
            out.line(paragraph)
        out.blank()
    if doc.footer:
        for line in doc.footer:
            out.line(line)
        out.blank()
    return out.text()


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
        self.lines += textwrap.wrap(
            text,
            self.width,
            initial_indent=indent,
            subsequent_indent=hang,
            break_long_words=True,
            break_on_hyphens=False,
        ) or [indent.rstrip()]

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def text(self) -> str:
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"
