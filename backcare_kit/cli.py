"""The ``backcare-kit`` command line: a face over the core, holding no state of its own.

One error boundary, in :class:`_Cli`: bad input or a failed write (a
BackcareError from the core, or an OSError the core did not foresee) ends
with a message on stderr and exit status 2, never a traceback. Anything else
is a bug in the toolkit, not the user's fault, and is said to be one: a line
on stderr and exit status 1, with the traceback only under ``--debug``.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .errors import BackcareError
from .words import problem_in_words

if TYPE_CHECKING:
    from .exporters import Installed
    from .plan import Plan
    from .review import Review
    from .routine import Routine
    from .schedule import Schedule
    from .sessionlog import SessionLog

_CSV = click.Path(dir_okay=False, path_type=Path)
_JSON = click.Path(dir_okay=False, path_type=Path)


#: Set to 1 for the same effect as --debug.
DEBUG_ENV = "BACKCARE_KIT_DEBUG"
DEBUG_HINT = "Run the command again with --debug to see where, and please report it."


class _Cli(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except (BackcareError, OSError) as error:  # the user's input, or the machine's disk
            click.echo(f"Error: {problem_in_words(error, overwrite='--force')}", err=True)
            ctx.exit(2)
        except Exception as error:
            if ctx.params.get("debug") or os.environ.get(DEBUG_ENV, "") not in ("", "0"):
                raise
            click.echo(f"backcare-kit: {problem_in_words(error)}. {DEBUG_HINT}", err=True)
            ctx.exit(1)


@click.group(cls=_Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="backcare-kit")
@click.option("--debug", is_flag=True, help="Show the full traceback of an internal error.")
def cli(debug: bool) -> None:
    """Tailor back-care exercises into a patient plan and export it."""


def main() -> None:
    """Run the command line, then leave without the interpreter's last full garbage collection.

    At exit Python collects every object pandas and numpy made at import,
    which costs about as long as a small export (0.2 s here; see
    benchmarks/cold_start.py). Freezing them first skips that collection.
    Files are already written and closed, and atexit handlers and stream
    flushing still run. Only this short-lived process does it: a notebook
    kernel never calls ``main``.
    """
    try:
        cli(prog_name="backcare-kit")
    finally:
        gc.freeze()


@cli.command()
@click.option(
    "--catalog", "catalogs", multiple=True, type=_CSV, help="Your own exercises CSV, merged with the bundled one."
)
def exercises(catalogs: tuple[Path, ...]) -> None:
    """List the exercise catalog."""
    from .catalog import load_catalog
    from .routine import RoutineItem
    from .words import dose_in_words

    catalog = load_catalog(*catalogs)
    rows = [(ex.id, ex.name, dose_in_words(RoutineItem.of(ex)), ", ".join(ex.body_areas)) for ex in catalog.values()]
    _table(("id", "name", "default dose", "body areas"), rows)
    _warn(catalog.warnings)


@cli.command()
@click.argument("csv_files", nargs=-1, required=True, type=_CSV)
def validate(csv_files: tuple[Path, ...]) -> None:
    """Check exercise CSV files as loading them would, ids clashing with the bundled catalog included.

    Prints every problem of every file and exits 2 if there are any.
    """
    from .catalog import check_files
    from .errors import InputError

    checks = check_files(csv_files)
    for check in checks:
        if check.problems:
            click.echo(f"{check.path}: {InputError(list(check.problems))}", err=True)
        elif check.catalog is not None:
            click.echo(f"{check.path}: ok, {len(check.catalog)} exercises")
            _warn(check.catalog.warnings)
    if any(check.problems for check in checks):
        sys.exit(2)


@cli.command()
@click.option("--routine", help="A routine template name or JSON file (default: the bundled five exercises).")
@click.option("--plan", "plan_file", type=_JSON, help="A saved plan JSON file.")
@click.option("--catalog", "catalogs", multiple=True, type=_CSV, help="Your own exercises CSV, for templates.")
def preview(routine: str | None, plan_file: Path | None, catalogs: tuple[Path, ...]) -> None:
    """Show the session timing: every exercise and side, with start, end and total, then any warnings.

    A plan that changes over the weeks shows each stretch of weeks in turn,
    under its weeks and dates: the clinician checks every dose the patient
    will get, not only week 1's.

    Warnings (a dose that contradicts the exercise's steps, an empty or very
    long session) are printed but never change the exit status: export
    still works, and only the clinician can judge them.
    """
    if plan_file is None:
        _preview_routine(_routine(routine, None, catalogs))
        return
    from .progression import stage_days
    from .storage import load_plan
    from .words import weeks_in_words

    plan = load_plan(plan_file)
    _warn_plan(plan)  # a plan may lack a contact; a routine alone has none to lack
    stages = plan.stages()
    for stage in stages:
        if len(stages) > 1:
            heading = weeks_in_words(stage.first_week, stage.last_week, *stage_days(plan.schedule, stage))
            click.echo(("\n" if stage.number > 1 else "") + f"{heading}\n{'-' * len(heading)}")
        _preview_routine(stage.routine)


def _preview_routine(chosen: Routine) -> None:
    """One session: its stretches in a table, each exercise's dose, the total, then its warnings."""
    from .words import cautions_in_words, clock, dose_in_words, segment_label, side_in_words, total_in_words

    timing = chosen.timing()
    rows = [(clock(s.start), clock(s.end), segment_label(s), side_in_words(s.side)) for s in timing.segments]
    _table(("start", "end", "exercise", "side"), rows)
    for item in chosen.included:
        click.echo(f"  {item.name}: {dose_in_words(item)}")
    click.echo(total_in_words(timing))
    for warning in cautions_in_words(chosen):
        click.echo(f"Warning: {warning}")


@cli.command(name="exporters")
def list_exporters() -> None:
    """List installed export formats, and any plugin that failed to load."""
    from .plugins import get_plugins

    plugins = get_plugins()
    found = plugins.exporters()
    if found:
        rows = [
            (i.exporter.name, i.exporter.title, i.exporter.extension, f"{i.distribution} {i.version}".strip())
            for i in found.values()
        ]
        _table(("format", "title", "extension", "provided by"), rows)
    else:
        click.echo(
            "No exporters are available: the built-in html, ics, pdf and txt formats failed to load (see below) "
            "or BACKCARE_KIT_PLUGINS leaves them out."
        )
    for failure in plugins.failures:
        click.echo(f"Failed: {failure}", err=True)


_PLAN_OPTIONS = [
    click.option("--plan", "plan_file", type=_JSON, help="A saved plan JSON file (default: the bundled routine)."),
    click.option("--routine", help="A routine template name or JSON file, when no --plan is given."),
    click.option("--catalog", "catalogs", multiple=True, type=_CSV, help="Your own exercises CSV, for templates."),
    click.option("--patient", help="The patient's name as shown on the plan."),
    click.option("--clinician", help="Clinician's name."),
    click.option("--profession", "clinician_profession", help="Clinician's profession, e.g. Physiotherapist."),
    click.option("--registration", "clinician_registration", help="Clinician's registration number."),
    click.option("--clinic", help="Clinic name."),
    click.option("--clinic-contact", help="How the patient reaches the clinic."),
    click.option("--notes", help="Notes for the patient."),
    click.option(
        "--safety",
        "safety_file",
        type=_CSV,
        help="Your own safety text CSV for this plan, checked as the bundled data/safety.csv is.",
    ),
    click.option("--review-date", type=click.DateTime(["%Y-%m-%d"]), help="Review appointment date, YYYY-MM-DD."),
    click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="First day, YYYY-MM-DD (default: next Monday)."),
    click.option("--days", help="Exercise days, e.g. mon,wed,fri (default: mon,wed,fri)."),
    click.option("--times-per-week", type=click.IntRange(1, 7), help="Instead of --days: sessions a week, spread out."),
    click.option(
        "--time",
        "time_of_day",
        help="Time of day, HH:MM (24-hour; default 08:00); several, comma-separated, for more sessions a day.",
    ),
    click.option("--weeks", type=click.IntRange(1, 104), help="Number of weeks (default 6)."),
    click.option("--timezone", help="IANA time zone (default Europe/London)."),
    click.option("--force", is_flag=True, help="Overwrite existing files."),
]


def _plan_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options that describe a plan, shared by `plan` and `export`."""
    for option in reversed(_PLAN_OPTIONS):
        command = option(command)
    return command


@cli.command(name="plan")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True, help="JSON file to write."
)
@_plan_options
def save_plan_command(output: Path, force: bool, **fields: Any) -> None:
    """Save a plan as JSON, to export later with --plan or open in the notebook editor."""
    from .storage import save_plan

    click.echo(str(save_plan(_plan(fields), output, overwrite=force)))


@cli.command()
@click.option(
    "--format",
    "formats",
    multiple=True,
    required=True,
    help="Export format (see `backcare-kit exporters`); repeat it, or 'all' for every format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(),
    default=".",
    show_default=True,
    help="File to write, or a folder for the default patient-named file(s).",
)
@click.option("--option", "options", multiple=True, metavar="KEY=VALUE", help="An exporter option, repeatable.")
@_plan_options
def export(formats: tuple[str, ...], output: str, force: bool, options: tuple[str, ...], **fields: Any) -> None:
    """Export a plan to files; with no --plan, the bundled routine for --patient."""
    from .export import export_formats
    from .plugins import get_plugins

    plan = _plan(fields)
    plugins = get_plugins()
    names = sorted(plugins.exporters()) if "all" in formats else list(formats)
    left_out = _left_out(plugins.exporters(), names) if "all" in formats else {}
    names = [name for name in names if name not in left_out]
    if not names:
        raise BackcareError("no exporters are installed; see `backcare-kit exporters`")
    parsed = dict(_key_value(o) for o in options)
    if "all" in formats:
        output = os.path.join(output, "")  # 'all' always writes into a folder, even for one format
    for path in export_formats(plan, names, output, overwrite=force, options=parsed, plugins=plugins):
        click.echo(str(path))
    _warn_plan(plan)  # after the files: a refused export says one thing, its error
    from .words import stage_cautions_in_words

    for caution in stage_cautions_in_words(plan):  # what preview would have said; it never blocks export
        click.echo(f"Warning: {caution}", err=True)
    for name, why in left_out.items():
        click.echo(f"Warning: the {name} format was left out: {why}", err=True)
    for failure in plugins.failures:
        click.echo(f"Warning: {failure}", err=True)


def _left_out(found: Mapping[str, Installed], names: list[str]) -> dict[str, str]:
    """The formats 'all' leaves out because something they need is not installed, each with what to install.

    One missing optional extra (WeasyPrint for the PDF) should not stop every
    other format; a format asked for by name still fails, saying what to install.
    """
    return {name: why for name in names if (why := found[name].unavailable())}


@cli.command(name="new-exporter")
@click.argument("name")
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("exporters"),
    show_default=True,
    help="Where the new distribution's folder goes.",
)
def new_exporter(name: str, folder: Path) -> None:
    """Start a working exporter distribution in FOLDER/NAME, ready to edit, install and test."""
    from .scaffold import create_exporter, install_command

    for path in create_exporter(name, folder):
        click.echo(str(path))
    click.echo(f"Install it with: {install_command(name, folder)}")


@cli.command()
@click.argument("notebook", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write (default: next to the notebook, NAME.record.html).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing record.")
def record(notebook: Path, output: Path | None, force: bool) -> None:
    """Save a run notebook as a clinical record: one HTML page of its text and results, without code.

    Run the notebook first (Run All, then save). The record opens in any
    browser with no Jupyter and no internet, and shows interactive controls
    as a short note.
    """
    from .record import write_record

    click.echo(str(write_record(notebook, output, overwrite=force)))


@cli.command(name="review")
@click.argument("logs", nargs=-1, required=True, type=_CSV)
@click.option("--plan", "plan_file", type=_JSON, help="The plan the logs belong to: for sessions due, and its id.")
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Count sessions due up to this day, YYYY-MM-DD (default: today; needs --plan).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the review as an HTML progress report (with plots) to this file, instead of printing it.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing report.")
def review_command(
    logs: tuple[Path, ...], plan_file: Path | None, until: datetime | None, output: Path | None, force: bool
) -> None:
    """Review patients' session logs: adherence by week, pain before and after, and flags.

    Every problem of every log is printed and the exit status is 2; rows
    left out of the count (repeated sessions) are said on stderr. With
    --output, the review is a self-contained HTML page for the patient's
    notes (it needs matplotlib: pip install 'backcare-kit[review]').
    """
    from datetime import date

    from .errors import InputError
    from .review import caseload, review
    from .sessionlog import read_log
    from .storage import load_plan

    plan = load_plan(plan_file) if plan_file is not None else None
    read: list[SessionLog] = []
    problems = []
    for path in logs:
        try:
            read.append(read_log(path, plan.id if plan else None))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    for log in read:
        _say_not_counted(log)
    schedule = plan.schedule if plan else None
    day = until.date() if until else date.today()
    if output is not None:
        from .review_report import write_report

        click.echo(str(write_report(output, read, plan, day if plan else None, overwrite=force)))
        return
    reviews = [review(log, schedule, day if plan else None) for log in read]
    if len(reviews) == 1:
        _say_review(read[0].path, reviews[0], plan.patient if plan else "")
    else:
        _say_caseload(caseload(reviews))


def _say_not_counted(log: SessionLog) -> None:
    from .words import rows_not_counted

    if log.warnings:
        click.echo(f"Note: {rows_not_counted(log.path, len(log.warnings))}", err=True)
        for warning in log.warnings:
            click.echo(f"  {warning}", err=True)


def _say_review(path: str, found: Review, patient: str) -> None:
    from .words import adherence_in_words, date_in_words, flags_in_words, pain_in_words

    click.echo(f"{path}: {patient or 'plan ' + (found.plan_id or '(no sessions)')}")
    click.echo(f"Sessions done: {found.sessions}")
    click.echo("Adherence by week:")
    for week in found.weeks:
        done = adherence_in_words(week.done, week.scheduled)
        click.echo(f"  Week {week.number} ({date_in_words(week.start)}): {done}")
    click.echo("Pain before → after:")
    for day, before, after in found.pain:
        click.echo(f"  {day.isoformat()}: {pain_in_words(before, after)}")
    flags = flags_in_words(found)
    click.echo("Flags:" if flags else "Flags: none")
    for flag in flags:
        click.echo(f"  - {flag}")


def _say_caseload(ordered: list[Review]) -> None:
    from .words import caseload_row

    rows = [(found.source, found.plan_id, *caseload_row(found)) for found in ordered]
    _table(("log", "plan", "sessions", "pain before, first → last", "flags"), rows)


def _routine(routine: str | None, plan_file: Path | None, catalogs: tuple[Path, ...]) -> Routine:
    if plan_file is not None:
        from .storage import load_plan

        return load_plan(plan_file).routine
    from .catalog import load_catalog
    from .templates import BUNDLED, load_template, template_path

    path = template_path(routine or BUNDLED)
    if path.exists():
        from .jsonfile import read_object
        from .storage import ROUTINE_FORMAT, load_routine

        if read_object(path).get("format") == ROUTINE_FORMAT:  # a saved routine, not a template
            return load_routine(path)
    return load_template(path, load_catalog(*catalogs))


def _plan(fields: dict[str, Any]) -> Plan:
    """The plan from --plan (or the bundled routine) with the options given applied."""
    from .bundled import bundled_plan
    from .storage import load_plan

    if fields["plan_file"] is not None:
        plan = load_plan(fields["plan_file"])
    else:
        # The start date goes in as the plan is made, since a new plan's id comes from its patient and first
        # day: the same command run next week gives the same id, so a calendar updates its events, not doubles them.
        start = fields["start"].date() if fields["start"] else None
        plan = bundled_plan(patient=fields["patient"] or "Patient", start_date=start)
        if fields["routine"] or fields["catalogs"]:
            plan = plan.edited(routine=_routine(fields["routine"], None, fields["catalogs"]))
    names = (
        "patient",
        "clinician",
        "clinician_profession",
        "clinician_registration",
        "clinic",
        "clinic_contact",
        "notes",
    )
    changes = {k: fields[k] for k in names if fields[k]}
    if fields["safety_file"] is not None:
        from .safety import load_safety

        changes["safety"] = load_safety(fields["safety_file"])
    if fields["review_date"]:
        changes["review_date"] = fields["review_date"].date()
    return plan.edited(schedule=_schedule(plan.schedule, fields), **changes)


def _schedule(schedule: Schedule, fields: dict[str, Any]) -> Schedule:
    from .schedule import parse_days

    changes: dict[str, Any] = {k: fields[k] for k in ("weeks", "timezone") if fields[k]}
    if fields["start"]:
        changes["start_date"] = fields["start"].date()
    if fields["days"]:
        changes["days"] = parse_days(fields["days"])
    if fields["times_per_week"]:
        changes["days"] = schedule.times_per_week(fields["times_per_week"], schedule.start_date).days
    if fields["time_of_day"]:
        first, *more = _times(fields["time_of_day"])
        changes["time_of_day"], changes["more_times"] = first, tuple(more)
    return replace(schedule, **changes)


def _times(text: str) -> tuple[time, ...]:
    from .schedule import parse_times

    try:
        return parse_times(text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--time") from None


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise click.BadParameter(f"{text!r}; expected KEY=VALUE", param_hint="--option")
    return key.strip(), value.strip()


def _table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows, strict=False)]
    for row in (headers, *rows):
        click.echo("  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=False)).rstrip())


def _warn_plan(plan: Plan) -> None:
    """Warn, not refuse: a plan without a contact still goes out, telling the patient to ask their doctor."""
    from .words import plan_warnings

    for warning in plan_warnings(plan):
        click.echo(f"Warning: {warning} Add one with --clinic-contact.", err=True)


def _warn(warnings: tuple[str, ...]) -> None:
    for warning in warnings:
        click.echo(f"Note: {warning}", err=True)
