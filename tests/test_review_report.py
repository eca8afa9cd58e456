"""The progress report (`backcare-kit review --output`): known logs give known figures, flags and plots, in one page
that loads nothing, runs nothing and opens in a browser with its plots drawn."""

from __future__ import annotations

import base64
import hashlib
import re
import sys
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from backcare_kit_browser import format_violations, record_requests, run_axe, save_screenshot, watch_errors

from backcare_kit.review_report import report_html
from backcare_kit.sessionlog import read_log
from backcare_kit.storage import save_plan
from backcare_kit.words import FLAG_WORDS

LOGS = Path(__file__).parent / "data" / "logs"
UNTIL = "2026-03-20"
URL = re.compile(r"https?:|//[a-z0-9]", re.IGNORECASE)


def text(html: str) -> str:
    """The page's words as a reader sees them: tags out, entities read, spaces collapsed."""
    body = re.sub(r"<svg\b.*?</svg>", " ", html, flags=re.DOTALL)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture
def worse(tmp_path, plan) -> tuple[Path, Path]:
    """worse.csv as the log of the fixture plan, with a note that tries to run a script; and the plan file."""
    log = tmp_path / "worse.csv"
    source = (LOGS / "worse.csv").read_text(encoding="utf-8").replace("p-worse", plan.id)
    log.write_text(source.replace("left foot", "left foot <script>alert(1)</script>"), encoding="utf-8")
    return log, save_plan(plan, tmp_path / "plan.json")


@pytest.fixture
def one_report(run, worse, tmp_path) -> str:
    log, plan_file = worse
    result = run("review", str(log), "--plan", str(plan_file), "--until", UNTIL, "--output", str(tmp_path / "r.html"))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(tmp_path / "r.html")
    return (tmp_path / "r.html").read_text(encoding="utf-8")


def test_a_report_gives_the_known_adherence_pain_and_flags_of_one_log(one_report, plan):
    words = text(one_report)
    # worse.csv: 2 sessions in week 1, none in week 2, 1 in week 3, of 3 due each week (Mon, Wed, Fri to the 20th).
    assert f"Exercise progress: {plan.patient}" in words
    assert "Sessions done 3" in words and "3 of 9 sessions (33%)" in words
    for row in ("1 Monday 2 March 2026 2 3", "2 Monday 9 March 2026 0 3", "3 Monday 16 March 2026 1 3"):
        assert row in words
    for row in ("Monday 2 March 2026 3 4", "Wednesday 4 March 2026 4 5", "Friday 20 March 2026 5 6"):
        assert row in words
    said = [FLAG_WORDS[key] for key in ("red_flag_note", "pain_rising", "worse_after", "low_adherence", "gap")]
    assert all(sentence in words for sentence in said)
    assert [words.index(sentence) for sentence in said] == sorted(words.index(s) for s in said)  # most urgent first
    assert "The patient wrote: “Some NUMBNESS in my left foot <script>alert(1)</script>”" in words
    assert "Sessions due are counted up to Friday 20 March 2026." in words


def test_a_note_with_markup_is_shown_as_text_never_run(one_report):
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in one_report
    assert "<script" not in one_report.lower()


def test_the_report_is_self_contained(one_report):
    assert not URL.search(one_report), URL.search(one_report)
    assert not re.search(r"<(?:script|link|iframe|object|embed|img)\b", one_report, re.IGNORECASE)
    assert not re.search(r"\s(?:src|srcset)=", one_report)
    assert not re.search(r"(?:xlink:)?href=\"(?!#)", one_report)  # only links within the page
    [csp] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', one_report)
    [css] = re.findall(r"<style>(.*?)</style>", one_report, re.DOTALL)
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    assert csp.startswith("default-src 'none';") and f"style-src 'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp and " style=" not in one_report  # no style but the hashed sheet


def test_each_plot_is_an_inline_svg_labelled_for_a_screen_reader(one_report):
    svgs = re.findall(r"<svg\b[^>]*>", one_report)
    assert len(svgs) == 2
    labels = [unescape(re.search(r'aria-label="([^"]+)"', svg).group(1)) for svg in svgs]
    assert all('role="img"' in svg for svg in svgs)
    assert labels[0] == "Bar chart of sessions done and scheduled in each of 3 weeks: 3 of 9 sessions (33%) in all."
    assert labels[1] == (
        "Line chart of pain before and after each of 3 sessions, from 0 to 10: "
        "pain before, first to last session, 3 → 5."
    )
    ids = re.findall(r'\sid="([^"]+)"', one_report)
    assert len(ids) == len(set(ids))  # two plots in one page share no id


def test_the_same_logs_give_the_same_report(worse, plan):
    log, _ = worse
    first = report_html([read_log(log)], plan, date(2026, 3, 20))
    assert report_html([read_log(log)], plan, date(2026, 3, 20)) == first


def test_a_caseload_report_has_one_summary_row_per_patient_flagged_first_then_each_patient(run, tmp_path):
    paths = [str(LOGS / n) for n in ("steady.csv", "repeated.csv", "worse.csv")]
    result = run("review", *paths, "--output", str(tmp_path / "all.html"))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "all.html").read_text(encoding="utf-8")
    [summary] = re.findall(r"<tbody>(.*?)</tbody>", html, re.DOTALL)[:1]
    rows = re.findall(r"<tr>(.*?)</tr>", summary, re.DOTALL)
    assert [re.search(r"<td>([^<]+)</td>", row).group(1) for row in rows] == [paths[2], paths[1], paths[0]]
    assert "RED FLAG note" in rows[0] and rows[2].endswith("<td>-</td>")
    headings = re.findall(r'<h2 id="patient-\d+-name">([^<]+)</h2>', html)
    assert headings == ["plan p-worse", "plan p-steady", "plan p-steady"]
    assert "The plan was not given, so sessions due and adherence are not known" in text(html)
    assert "1 row not counted" in text(html) and "a repeat of line 2; not counted" in text(html)
    assert html.count("<svg") == 6


def test_an_existing_report_is_kept_unless_forced(run, worse, tmp_path):
    log, plan_file = worse
    target = tmp_path / "r.html"
    target.write_text("the clinician's earlier report", encoding="utf-8")
    refused = run("review", str(log), "--plan", str(plan_file), "--until", UNTIL, "-o", str(target))
    assert refused.exit_code == 2 and str(target) in refused.output and "--force" in refused.output
    assert "Traceback" not in refused.output
    assert target.read_text(encoding="utf-8") == "the clinician's earlier report"
    forced = run("review", str(log), "--plan", str(plan_file), "--until", UNTIL, "-o", str(target), "--force")
    assert forced.exit_code == 0 and "Exercise progress" in target.read_text(encoding="utf-8")


def test_without_matplotlib_the_report_says_what_to_install_and_writes_nothing(run, worse, tmp_path, monkeypatch):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails, as where it is not installed
    log, plan_file = worse
    result = run("review", str(log), "--plan", str(plan_file), "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 2
    assert "pip install 'backcare-kit[review]'" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "r.html").exists()
    assert run("review", str(log), "--plan", str(plan_file)).exit_code == 0  # the text review needs no matplotlib


@pytest.mark.slow
def test_the_report_opens_offline_with_its_plots_drawn_and_no_accessibility_violations(
    one_report, tmp_path, page, axe_path
):
    path = tmp_path / "report.html"
    path.write_text(one_report, encoding="utf-8")
    url = path.as_uri()
    requests = record_requests(page, url)
    errors = watch_errors(page)  # a style the policy refused would show here
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto(url)
    assert requests.external == [] and requests.requests == [url]
    assert errors == []
    plots = page.locator("svg[role=img]")
    assert plots.count() == 2
    for n in range(2):
        box = plots.nth(n).bounding_box()
        assert box and box["width"] > 300 and box["height"] > 150
        save_screenshot(plots.nth(n), f"review-report-plot-{n + 1}")
    save_screenshot(page, "review-report", full_page=True)
    violations = run_axe(page, axe_path)
    assert violations == [], format_violations(violations)
