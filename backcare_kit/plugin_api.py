"""Everything an exporter plugin may import from backcare_kit, declared in one place.

A plugin that imports only from here keeps working when the toolkit's own
modules are reorganised; anything else in backcare_kit may change without
notice. The built-in exporters import from nothing else, and a test holds
them to it. exporters/README.md documents every name below.

For a bad option value, raise :class:`OptionError`: the user is told what to
change and no file is written.
"""

from __future__ import annotations

from .exporters import Exporter, OptionError, yes_or_no
from .handout import ExerciseOutline, Outline, SessionDay, StageOutline, outline
from .hookspecs import hookimpl
from .plaintext import WIDTH, plan_as_text, render_outline
from .plan import Plan
from .svgcheck import SvgRefused, svg_size
from .timing import SegmentKind, Side
from .words import (
    LOG_SHEET_WORDS,
    LOG_WORDS,
    STAGES_AHEAD,
    TIMER_WORDS,
    clock,
    date_in_words,
    days_in_words,
    dose_in_words,
    duration_in_words,
    join_words,
    length_in_words,
    reps_to_do,
    schedule_in_words,
    segment_label,
    set_in_words,
    side_in_words,
    total_in_words,
)

__all__ = [
    "LOG_SHEET_WORDS",
    "LOG_WORDS",
    "STAGES_AHEAD",
    "TIMER_WORDS",
    "WIDTH",
    "ExerciseOutline",
    "Exporter",
    "OptionError",
    "Outline",
    "Plan",
    "SegmentKind",
    "SessionDay",
    "Side",
    "StageOutline",
    "SvgRefused",
    "clock",
    "date_in_words",
    "days_in_words",
    "dose_in_words",
    "duration_in_words",
    "hookimpl",
    "join_words",
    "length_in_words",
    "outline",
    "plan_as_text",
    "render_outline",
    "reps_to_do",
    "schedule_in_words",
    "segment_label",
    "set_in_words",
    "side_in_words",
    "svg_size",
    "total_in_words",
    "yes_or_no",
]
