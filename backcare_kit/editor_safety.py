"""The editor's safety text panel: every item of every section as a line to edit, remove or add to.

It holds no state: each change is an EditorModel method, and the core
refuses a blank item or a section left empty, so the section's own message
line says why and the panel shows the plan's text again.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import ipywidgets as w

from .editor_look import LABEL, MessageLine, fitted, rows_for
from .plan import Plan
from .words import safety_version_in_words

if TYPE_CHECKING:
    from .widgets import Editor


class SafetyPanel(w.VBox):
    """The plan's own safety text, section by section, each with its message line."""

    def __init__(self, editor: Editor):
        self.editor = editor
        self._shape: tuple[tuple[str, int], ...] = ()
        self.version = w.HTML().add_class("bk-safety-version")
        self.reset = w.Button(description="Use the bundled text", icon="undo", layout=w.Layout(width="auto"))
        self.reset.add_class("bk-safety-reset")
        self.message = MessageLine("safety")
        self.reset.on_click(lambda _: editor.act(lambda m: m.reset_safety(), near=self.message))
        self.sections_box = w.VBox()
        self.items: dict[str, list[w.Textarea]] = {}
        super().__init__([self.sections_box, w.HBox([self.version, self.reset]), self.message])
        self.add_class("bk-safety")

    def show(self, plan: Plan) -> None:
        """Rebuild the rows when items came or went, then set every line from the plan."""
        shape = tuple((s.id, len(s.items)) for s in plan.safety.sections)
        if shape != self._shape:
            self.sections_box.children = [self._section(s.id, s.heading, len(s.items)) for s in plan.safety.sections]
            self._shape = shape
        for section in plan.safety.sections:
            for line, item in zip(self.items[section.id], section.items, strict=True):
                line.value = item
                line.rows = rows_for([item])
        self.version.value = f"Safety text version: <b>{escape(safety_version_in_words(plan.safety))}</b>"

    def _section(self, section_id: str, heading: str, count: int) -> w.VBox:
        message = MessageLine(f"safety-{section_id}")

        def act(edit) -> None:
            self.editor.act(edit, near=message)

        lines, rows = [], []
        for index in range(count):
            # A box that wraps, so the clinician reads every item whole (a one-line field hid their ends).
            line = w.Textarea(description=f"Item {index + 1}", continuous_update=False, style=LABEL)
            fitted(line.add_class("bk-safety-item").add_class(f"bk-safety-{section_id}-{index}"))
            line.observe(lambda c, i=index: act(lambda m: m.set_safety_item(section_id, i, c.new)), "value")
            remove = w.Button(description="Remove", icon="trash", layout=w.Layout(width="8em", flex="0 0 auto"))
            remove.add_class("bk-safety-remove")
            remove.on_click(lambda _, i=index: act(lambda m: m.remove_safety_item(section_id, i)))
            lines.append(line)
            rows.append(w.HBox([line, remove]))
        self.items[section_id] = lines
        new = w.Text(description="New item", placeholder="One sign or step", style=LABEL, layout=w.Layout(width="100%"))
        new.add_class("bk-safety-new")
        add = w.Button(description="Add item", icon="plus", layout=w.Layout(width="8em", flex="0 0 auto"))
        add.add_class("bk-safety-add")
        add.on_click(lambda _: act(lambda m: m.add_safety_item(section_id, new.value)))
        label = w.HTML(f"<h3>{escape(heading)}</h3>")
        return w.VBox([label, *rows, w.HBox([new, add]), message]).add_class(f"bk-safety-{section_id}")
