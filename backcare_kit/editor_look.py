"""How the editor page looks and speaks: its style sheet, collapsible sections, and messages beside fields.

ipywidgets gives each control a label, but a page a clinician trusts needs
more than the stock layout: the summary (total, warnings, timeline, export)
stays in view while a dose is edited, sections fold away, focus is always
visible, and a refused value is explained right under the field it is about.
The style sheet travels inside the widget (an HTML widget holding a
``<style>``), so the page looks the same in Voilà, JupyterLab, Notebook 7 and
VS Code with nothing to install.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape, unescape

import ipywidgets as w

#: The width of every field's label, so the fields of a section line up.
LABEL_WIDTH = "13em"
LABEL = {"description_width": LABEL_WIDTH}

#: The page's own rules, scoped to the editor (``.bk-editor``) so the notebook around it is untouched.
STYLE = f"""
<style>
.bk-editor {{ --bk-error: #9f1d1d; --bk-focus: #1a5fb4; max-width: 100%; }}
/* The summary stays in view while the page scrolls (position: sticky), which any box between it and the
   page's scroller that clips its overflow would stop; the notebook's output area and ipywidgets' boxes do. */
.jp-OutputArea:has(.bk-editor), .jp-OutputArea-child:has(.bk-editor), .jp-OutputArea-output:has(.bk-editor),
.bk-editor, .bk-editor .bk-layout, .bk-editor .bk-work {{ overflow: visible; }}
.bk-editor .bk-layout {{ display: flex; flex-wrap: wrap; align-items: flex-start; gap: 1.5em; }}
.bk-editor .bk-work {{ flex: 1 1 36em; min-width: 0; }}
.bk-editor .bk-summary {{
  flex: 0 1 26em; position: sticky; top: 0; max-height: 100vh; overflow-y: auto; box-sizing: border-box;
  border: 1px solid #bbb; border-radius: 4px; padding: 0 0.75em 0.75em; background: #fff;
}}
.bk-editor .bk-section-head {{ align-items: center; gap: 0.75em; }}
.bk-editor .bk-section-head h2 {{ margin: 0.6em 0 0.3em; }}
.bk-editor .bk-summary h2 {{ margin: 0.5em 0 0.2em; font-size: 1.3em; }}
.bk-editor .bk-summary h3 {{ margin: 0.8em 0 0.2em; font-size: 1.1em; }}
.bk-editor .bk-field-message p {{ margin: 0.1em 0 0.4em calc({LABEL_WIDTH} + 4px); }}
.bk-editor .bk-item .bk-field-message p,
.bk-editor .bk-summary .bk-field-message p {{ margin-left: 0; }}
.bk-editor .bk-field-message p {{ overflow-wrap: anywhere; }}
.bk-editor .bk-error {{ color: var(--bk-error); font-weight: bold; }}
.bk-editor .bk-days .bk-days-label {{
  flex: 0 0 {LABEL_WIDTH}; width: {LABEL_WIDTH}; justify-content: flex-end; padding-right: 8px; margin-right: 4px;
  box-sizing: border-box;
}}
.bk-editor .bk-days-label, .bk-editor .bk-days .widget-checkbox {{ line-height: 28px; }}
.bk-editor textarea {{ resize: vertical; font-family: inherit; }}  /* JupyterLab's is monospace */
/* Boxes whose words must all show (cues, safety items) fit their text where the browser can; elsewhere
   their rows come from rows_for(). */
.bk-editor .bk-fit textarea {{ field-sizing: content; }}
.bk-editor .bk-item-cues textarea {{ min-height: 4.5em; }}
.bk-editor .bk-add-choice select {{ max-width: none; flex: 1 1 auto; }}
.bk-editor .bk-export-format {{ flex-direction: column; align-items: stretch; }}
.bk-editor .bk-export-format .widget-label {{ text-align: left; width: auto; min-width: max-content; }}
/* ipywidgets stacks a list of choices under its label; the stages line up with the fields below instead. */
.bk-editor .bk-stage {{ display: flex; align-items: flex-start; }}
.bk-editor .bk-stage > .widget-label {{ text-align: right; line-height: 1.3; margin: 0.25em 8px 0 0; }}
.bk-editor .widget-radio-box {{ min-width: 0; }}
.bk-editor .widget-radio-box label {{
  white-space: normal; height: auto; line-height: 1.3; margin: 0.25em 0; display: flex; align-items: baseline;
  flex-direction: row-reverse; justify-content: flex-end; gap: 0.4em;
}}
.bk-editor .bk-summary .widget-text {{ align-self: stretch; width: auto; }}
.bk-editor .bk-summary .widget-text input {{ flex: 1 1 auto; min-width: 0; width: auto; }}
.bk-editor select, .bk-editor input, .bk-editor textarea, .bk-editor button {{ font-size: 1em; }}
/* Focus always shows, whatever the notebook's own style sheet does with inputs' outlines (JupyterLab drops them). */
.bk-editor :is(input, select, textarea, button, a, summary, [tabindex]):focus-visible,
.bk-editor input[type="date"]:focus {{
  outline: 3px solid var(--bk-focus) !important; outline-offset: 1px;
}}
.bk-editor .bk-download a {{ font-weight: bold; }}
@media (max-width: 60em) {{
  .bk-editor .bk-summary {{ position: static; max-height: none; flex-basis: 100%; }}
}}
</style>
"""


#: Characters to a line of a full-width box in the editor's column, for browsers that cannot fit a box to its text.
LINE_CHARACTERS = 60


def rows_for(lines: Iterable[str], least: int = 1) -> int:
    """The rows a box needs to show every line, wrapped, where the browser cannot fit it (see ``.bk-fit``)."""
    return max(least, sum(1 + len(line) // LINE_CHARACTERS for line in lines))


def fitted(box: w.Textarea) -> w.Textarea:
    """A full-width text box that grows with its words, so none is hidden behind a scroll bar.

    Called after the box's own ``bk-`` class is added: that first class names the box in tests.
    """
    box.add_class("bk-fit")
    box.layout.width = "100%"
    return box


def style() -> w.HTML:
    """The editor's style sheet, as a widget that shows nothing but styles the page it is on."""
    return w.HTML(STYLE, layout=w.Layout(display="contents")).add_class("bk-style")


class Section(w.VBox):
    """A part of the page under a heading, which a button folds away and brings back.

    A plain button beside a real heading, rather than an accordion: screen
    readers list the headings, the button says what it will do ("Hide
    Patient"), and the keyboard reaches it like any other button.
    """

    def __init__(self, title: str, body: w.Widget, name: str):
        self.title, self.body = title, body
        self.toggle = w.Button(description=f"Hide {title}", layout=w.Layout(width="auto"))
        self.toggle.add_class("bk-section-toggle").add_class(f"bk-{name}-toggle")
        self.toggle.on_click(lambda _: self.fold(not self.folded))
        head = w.HBox([w.HTML(f"<h2>{escape(title)}</h2>"), self.toggle]).add_class("bk-section-head")
        super().__init__([head, body])
        self.add_class("bk-section").add_class(f"bk-section-{name}")

    @property
    def folded(self) -> bool:
        return self.body.layout.display == "none"

    def fold(self, folded: bool = True) -> None:
        self.body.layout.display = "none" if folded else None
        self.toggle.description = f"{'Show' if folded else 'Hide'} {self.title}"


class MessageLine(w.HTML):
    """What the editor says about one field or action, shown right under it.

    An error is a ``role="alert"`` paragraph, which screen readers announce
    as it appears; other news ("Exported to ...") is a ``role="status"``.
    An HTML widget cannot keep a live region of its own across changes, so
    each message brings its role with it.
    """

    def __init__(self, name: str):
        super().__init__()
        self.add_class("bk-field-message").add_class(f"bk-message-{name}")

    def say(self, text: str, error: bool = False) -> None:
        if not text:
            self.value = ""
        elif error:
            self.value = f'<p role="alert" class="bk-error">{escape(text)}</p>'
        else:
            self.value = f'<p role="status">{text}</p>'  # the caller's own HTML: a path in <code>, a link

    @property
    def text(self) -> str:
        """The message without its markup, for code and tests that read what the clinician reads."""
        return unescape(re.sub(r"<[^>]+>", "", self.value))


def error_html(text: str) -> str:
    """An error as every notebook control shows one: escaped, dark red and bold, announced when it appears."""
    return f'<span role="alert" style="color:#9f1d1d;font-weight:bold">{escape(text)}</span>'
