"""The clinical record: an executed notebook as one static HTML page that needs no kernel and no network.

nbconvert's own HTML pages fetch require.js, MathJax and the widget manager
from a CDN, and without them a widget shows nothing. A record must read the
same in ten years on a machine with no internet, so it is built differently:

* nbconvert's body-only ``basic`` template, without code or prompts, gives
  the markdown prose and the outputs (Plan and Timing already render as
  static inline-styled HTML, see :mod:`backcare_kit.richrepr`);
* a preprocessor replaces what only a script could render: a widget becomes a
  short note, JavaScript outputs and the saved widget state are dropped;
* the HTML is then cleaned of everything that could run or load: script,
  link, iframe, object and similar elements, event-handler attributes, and
  any ``src`` (or similar) that is not a ``data:`` URI, so notebook images
  stay, embedded, and so do the exercises' pictures in the plan summary and
  the exercise library, which richrepr embeds with their text alternatives;
* our own minimal page wraps it, with a Content-Security-Policy that forbids
  every load but inline styles and ``data:`` images, as a second line of defence.

Links (``<a href>``) are kept: following one is the reader's choice, not a load.
"""

from __future__ import annotations

import json
import re
import warnings
from html import escape
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BackcareError, InputError, Problem
from .files import write_atomic

if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag
    from nbformat import NotebookNode

#: File name suffix of a record written next to its notebook.
RECORD_SUFFIX = ".record.html"

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
#: Output mimetypes that only a script can render; the record keeps none of them.
SCRIPT_MIMETYPES = (WIDGET_VIEW, "application/javascript")

#: Nothing loads but inline styles and embedded images; no script runs, no form submits.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

#: Elements that run code, load or embed another document: removed with their content.
_DROPPED = ("script", "link", "meta", "base", "iframe", "frame", "frameset", "object", "embed", "applet", "portal")
#: Attributes whose value is fetched as the page loads; only data: URIs (and #fragments) survive.
_LOADED = ("src", "srcset", "poster", "background", "data", "lowsrc", "dynsrc", "codebase", "archive", "manifest")
_ACTIONS = ("action", "formaction", "ping")
_CSS_LOADS = re.compile(r"(?:url|image-set|-webkit-image-set)\(\s*(?![\s'\"]*data:)[^)]*\)", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import[^;]*;?", re.IGNORECASE)

NOT_RUN = "This notebook has no outputs; run it before recording."

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;line-height:1.5;color:#1a1a1a;background:#fff;
max-width:60em;margin:0 auto;padding:1em}
table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #c4c4c4;padding:.25em .6em;text-align:left;vertical-align:top}
thead th{background:#f2f2f2}
pre{white-space:pre-wrap;overflow-wrap:anywhere}
img{max-width:100%;height:auto}
.output_area{margin:.75em 0}
.bk-record-source{color:#555;border-bottom:1px solid #ddd;margin-bottom:1em}
.bk-record-note{border-left:4px solid #9f1d1d;background:#fdf0f0;padding:.5em 1em}
.bk-widget-note{color:#555;font-style:italic}
@media print{body{max-width:none;padding:0}}
"""


def notebook_record(notebook_path: str | PathLike[str]) -> str:
    """The executed notebook at ``notebook_path`` as one self-contained HTML page."""
    path = Path(notebook_path)
    nb = read_notebook(path)
    body = _clean(_export_body(nb, path))
    return _page(path, body, run_notes(nb))


def write_record(
    notebook_path: str | PathLike[str], output_path: str | PathLike[str] | None = None, overwrite: bool = False
) -> Path:
    """Write the record (by default next to the notebook, as NAME.record.html), refusing to overwrite unless asked."""
    path = Path(notebook_path)
    html = notebook_record(path)
    target = Path(output_path) if output_path is not None else default_record_path(path)
    return write_atomic(target, html.encode("utf-8"), overwrite=overwrite)


def default_record_path(notebook_path: str | PathLike[str]) -> Path:
    """``01_tailor_a_plan.ipynb`` -> ``01_tailor_a_plan.record.html``, in the same folder."""
    path = Path(notebook_path)
    return path.with_name(path.stem + RECORD_SUFFIX)


def read_notebook(path: Path) -> NotebookNode:
    """The notebook as nbformat 4, or an InputError naming the file and what is wrong with it."""
    import nbformat

    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Problem(name, None, None, None, "an existing Jupyter notebook (.ipynb) file")]) from None
    except IsADirectoryError:
        raise InputError([Problem(name, None, None, None, "a Jupyter notebook file, not a folder")]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(name, None, None, None, "a Jupyter notebook (UTF-8 JSON text)")]) from None
    except OSError as error:
        raise BackcareError(f"{path}: cannot read: {error}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        expected = f"a Jupyter notebook: valid JSON ({error.msg} at character {error.colno})"
        raise InputError([Problem(name, error.lineno, None, None, expected)]) from None
    if not isinstance(data, dict) or "nbformat" not in data:
        raise InputError([Problem(name, None, None, None, "a Jupyter notebook (JSON with 'nbformat' and 'cells')")])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # nbformat's notes on missing cell ids: it adds them itself
            nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # nbformat raises JSON, schema, type, key and attribute errors alike
        detail = str(getattr(error, "message", None) or error).splitlines()[0][:200]
        raise InputError([Problem(name, None, None, None, f"a Jupyter notebook (.ipynb): {detail}")]) from None
    return nb


def run_notes(nb: NotebookNode) -> list[str]:
    """Warnings for the top of the record when the notebook was not (fully) run: its outputs would be missing."""
    code = [cell for cell in nb.cells if cell.cell_type == "code" and cell.source.strip()]
    not_run = [cell for cell in code if cell.get("execution_count") is None and not cell.get("outputs")]
    if not code or not not_run:
        return []
    if len(not_run) == len(code):
        return [NOT_RUN]
    return [f"{len(not_run)} of {len(code)} code cells have not been run; run the whole notebook before recording."]


def _export_body(nb: NotebookNode, path: Path) -> str:
    """nbconvert's body-only HTML: markdown and outputs, no code, no prompts."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,  # markdown images next to the notebook become data: URIs
    )
    exporter.register_preprocessor(_static_outputs, enabled=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem, "path": str(path.parent)}})
    return body


def _static_outputs(nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict[str, Any]]:
    """Replace what only a script could show: widgets become a note, JavaScript-only outputs go.

    nbconvert works on its own copy of the notebook, so this changes nothing on disk.
    """
    states = nb.metadata.pop("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [out for out in (_static_output(o, states) for o in cell.outputs) if out is not None]
    return nb, resources


def _static_output(output: NotebookNode, states: dict[str, Any]) -> NotebookNode | None:
    data = output.get("data")
    if not data or not any(mime in data for mime in SCRIPT_MIMETYPES):
        return output
    widget = data.pop(WIDGET_VIEW, None)
    data.pop("application/javascript", None)
    if widget is not None and "text/html" not in data:
        data["text/html"] = _widget_note(widget, states)
    rich = [mime for mime in data if mime != "text/plain"]
    return output if rich else None  # only a repr such as "<IPython.core.display.Javascript object>" left


def _widget_note(widget: dict[str, Any], states: dict[str, Any]) -> str:
    """What a widget becomes in the record: a note naming it (by its description, when it has one)."""
    state = states.get(str(widget.get("model_id")), {}).get("state", {})
    label = str(state.get("description") or "").strip()
    what = f"Interactive control “{escape(label)}”" if label else "Interactive editor"
    return f'<p class="bk-widget-note">({what}: usable only in the live notebook; see the plan summary.)</p>'


def _clean(body: str) -> str:
    """The body with nothing left that could run a script or load anything: see the module docstring."""
    from bs4 import BeautifulSoup, Stylesheet

    soup = BeautifulSoup(body, "html.parser")
    for element in soup.find_all(_DROPPED):
        element.decompose()
    for element in soup.find_all("noscript"):
        element.unwrap()  # its content is the fallback for exactly this case: scripts do not run
    for anchor in soup.select("a.anchor-link"):
        anchor.decompose()  # nbconvert's pilcrow self-links on headings: clutter in a record
    for style in soup.find_all("style"):
        style.string = Stylesheet(_clean_css(style.get_text()))  # a Stylesheet is written out unescaped
    for tag in soup.find_all(True):
        _clean_attributes(tag)
    return _remaining_comments_removed(soup)


def _clean_attributes(tag: Tag) -> None:
    for name in list(tag.attrs):
        value = tag.attrs[name]
        text = " ".join(value) if isinstance(value, list) else str(value)
        if _runs_or_loads(tag.name, name.lower(), text):
            del tag.attrs[name]
        elif name.lower() == "style":
            tag.attrs[name] = _clean_css(text)


def _runs_or_loads(element: str, attribute: str, value: str) -> bool:
    """Whether the attribute runs script, sends something, or fetches anything but a data: URI.

    A link's href stays unless it is a script URL: only the reader's click follows it.
    Any other href (SVG <image>, <use>) is fetched, so it must be embedded or a #fragment.
    """
    url = value.strip().lower()
    if attribute.startswith("on") or attribute in _ACTIONS:
        return True
    if attribute in _LOADED:
        return not _embedded(url)
    if attribute in ("href", "xlink:href"):
        if url.startswith(("javascript:", "vbscript:")):
            return True
        return element not in ("a", "area") and not (_embedded(url) or url.startswith("#"))
    return False


def _embedded(url: str) -> bool:
    return url.strip().lower().startswith("data:")


def _clean_css(css: str) -> str:
    """CSS without @import or url()/image-set() that would fetch anything but a data: URI."""
    return _CSS_LOADS.sub("none", _CSS_IMPORT.sub("", css))


def _remaining_comments_removed(soup: BeautifulSoup) -> str:
    """Comments carry nothing for a reader, and old IE-style conditional comments can hide markup."""
    from bs4 import Comment

    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    return str(soup)


def _page(path: Path, body: str, notes: list[str]) -> str:
    """Our own minimal page around the body: no external resource, nothing to run."""
    title = escape(f"Clinical record: {path.stem}")
    note_html = "".join(f'<p class="bk-record-note" role="note">{escape(note)}</p>' for note in notes)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f'<header class="bk-record-source"><p>Clinical record of the notebook '
        f"<strong>{escape(path.name)}</strong>: its text and results, without code.</p></header>\n"
        f"{note_html}\n{body}\n</main>\n</body>\n</html>\n"
    )
