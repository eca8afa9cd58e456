"""Export formats declared as data, and looking them up by name.

An exporter says what it is (name, title, extension, media type, options)
and gives one function from a plan to the file's content. Everything else,
file names, atomic writing, the overwrite check, is the core's job, so a
plugin author writes only the part that is about their format.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

from .errors import BackcareError

if TYPE_CHECKING:
    from .plan import Plan

_NAME = re.compile(r"[a-z][a-z0-9_-]*")
_EXTENSION = re.compile(r"(\.[a-z0-9]+)+")
_MEDIA_TYPE = re.compile(r"[a-z]+/[a-z0-9][a-z0-9.+-]*(;\s*charset=[a-z0-9-]+)?")

Render = Callable[["Plan", Mapping[str, str]], "str | bytes"]


class OptionError(BackcareError, ValueError):
    """Raise from ``render`` when an option's value is wrong; the user sees the message as is."""


def yes_or_no(option: str, value: str) -> bool:
    """A yes/no option's value ('yes', 'no', also 'true'/'false', '1'/'0'); anything else is refused, not guessed."""
    answers = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
    answer = answers.get(value.strip().lower())
    if answer is None:
        raise OptionError(f"{option} must be yes or no, not {value!r}")
    return answer


@dataclass(frozen=True)
class Exporter:
    """One export format.

    :param name: short lowercase id used on the command line (``html``).
    :param title: what a clinician sees in a menu ("Patient handout (HTML)").
    :param extension: file extension with its dot (``.html``).
    :param media_type: the file's MIME type (``text/html``).
    :param render: ``render(plan, options)`` returning ``str`` (written as
        UTF-8) or ``bytes``. It must raise rather than return partial output;
        the core then writes nothing. Raise :class:`OptionError` for a bad
        option value, so the user is told what to change rather than that
        the plugin failed.
    :param options: option names this exporter accepts, each with a help text;
        values arrive as strings in ``options``.
    :param phases: True when the format shows every stage of a plan that
        changes over the weeks (``Outline.stages``). A format that does not
        say so is never given such a plan: laying out only ``Outline.exercises``
        would tell the patient to do week 1's exercises for every week.
    :param missing: for a format that needs something optional (the PDF needs
        WeasyPrint), ``missing()`` says what to install, or "" when it can run.
        ``--format all`` leaves such a format out with that warning rather than
        failing every format; asked for by name, the format's ``render`` says it.
    """

    name: str
    title: str
    extension: str
    media_type: str
    render: Render
    options: Mapping[str, str] = field(default_factory=dict)
    phases: bool = False
    missing: Callable[[], str] | None = None

    def __post_init__(self) -> None:
        problems = []
        if not _NAME.fullmatch(self.name):
            problems.append(f"name {self.name!r} must be lowercase letters, digits, '-' or '_'")
        if not _EXTENSION.fullmatch(self.extension):
            problems.append(f"extension {self.extension!r} must start with a dot, e.g. '.html'")
        if not _MEDIA_TYPE.fullmatch(self.media_type):
            problems.append(f"media type {self.media_type!r} must look like 'text/html'")
        if not self.title.strip():
            problems.append("title must not be empty")
        if not callable(self.render):
            problems.append("render must be a function of (plan, options)")
        if not isinstance(self.phases, bool):
            problems.append("phases must be True or False")
        if self.missing is not None and not callable(self.missing):
            problems.append("missing must be a function of no arguments, or None")
        if problems:
            raise ValueError("invalid exporter: " + "; ".join(problems))
        object.__setattr__(self, "options", MappingProxyType(dict(self.options)))


@dataclass(frozen=True)
class Installed:
    """An exporter together with the plugin and distribution that provided it."""

    exporter: Exporter
    plugin: str
    distribution: str
    version: str

    def failure(self, what: str) -> BackcareError:
        """The error a user sees when this exporter misbehaves: the format, the plugin at fault, nothing written."""
        return BackcareError(f"the {self.exporter.name} exporter (plugin {self.plugin!r}) {what}; no file was written")

    def crashed(self, error: BaseException) -> BackcareError:
        """``failure`` for an exception (or a ``sys.exit``) raised by the plugin's ``render``."""
        return self.failure(f"failed: {describe_error(error)}")

    def unavailable(self) -> str:
        """What the format needs that is not installed ("" when it can run); a check that fails says so."""
        if self.exporter.missing is None:
            return ""
        try:
            return str(self.exporter.missing() or "")
        except Exception as error:  # the plugin's bug: the format cannot be trusted to run
            return f"its check of what it needs failed: {describe_error(error)}"

    def content(self, rendered: object) -> bytes:
        """What ``render`` returned, as the bytes to write, or a failure naming the plugin.

        A str is written as UTF-8; one that cannot be (a lone surrogate such
        as "\\udc80", from a file name decoded with surrogateescape) is the
        plugin's fault, so it is reported as such rather than as a crash.
        """
        if isinstance(rendered, str):
            try:
                rendered = str.encode(rendered, "utf-8")
            except UnicodeEncodeError as error:
                raise self.failure(
                    f"returned text that is not valid Unicode ({error.reason} at character {error.start})"
                ) from None
        if not isinstance(rendered, bytes):
            raise self.failure(f"returned {type(rendered).__name__}, not str or bytes")
        if not rendered:
            raise self.failure("returned no content")
        return bytes(rendered)


def describe_error(error: BaseException) -> str:
    """'ValueError: bad dose', for telling a user what a plugin raised, however odd the exception.

    ``sys.exit`` in a plugin is its bug, not a wish to stop, so it is named
    as such; an exception whose message itself fails is still described.
    """
    kind = type(error).__name__
    try:
        if isinstance(error, SystemExit):
            return f"tried to end the program with sys.exit({error.code!r})"
        message = str(error)
    except Exception:  # a hostile __str__ or __repr__
        return f"{kind} (its message could not be shown)"
    return f"{kind}: {message}" if message else kind


def find_exporter(exporters: Mapping[str, Installed], name: str) -> Installed:
    """The exporter called ``name``, or an error listing those that exist."""
    if name in exporters:
        return exporters[name]
    if not exporters:
        raise BackcareError(
            f"unknown format {name!r}: no exporters are installed "
            "(pip install the backcare-kit-* exporters, see the README)"
        )
    import difflib  # only for a message: not on the command line's start-up path

    close = difflib.get_close_matches(name, list(exporters), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else "."
    raise BackcareError(f"unknown format {name!r}{hint} Installed formats: {', '.join(sorted(exporters))}")
