"""Everything a patient reads reads at or below school grade 8, with a reading ease of 60 or more.

Measured with the ``readability`` package (Flesch-Kincaid grade and Flesch
reading ease). It was chosen over textstat because it needs no network:
textstat 0.7.8 and later download NLTK's pronunciation dictionary the first
time they count syllables, 0.7.5 to 0.7.7 fail on any word missing from
theirs (a number such as 999), and 0.7.4 and earlier import pkg_resources,
which recent setuptools no longer ships. ``readability`` counts syllables by
rule, with no data to fetch (checked by running this file under
``unshare -n``).

The package wants its input tokenized, one sentence per line, which also
makes plain what is counted as a sentence: every heading, list item and
paragraph is at least one, split further after a full stop, question or
exclamation mark. A list item that continues its heading ("Call 999 ... if
you have back pain and" / "chest pain") is read, and measured, with it.

Measured: the bundled safety text (each section with its items, each item),
and the fixed wording of every built-in format (headings, labels, the
footer, the contact line, the credits, the timer's words): the bundled plan
rendered in each format, less the exercise text the catalog supplies, which
is the article's and is reworded in data/exercises.csv, not here.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
import readability  # a test dependency (pyproject's test group): the safety text is never left unmeasured

from backcare_kit import Phase, bundled_plan, export_plan, load_safety
from backcare_kit.plugins import build_plugins
from backcare_kit.safety import SafetySection
from backcare_kit.words import CREDITS, LOG_SHEET_WORDS, LOG_WORDS, TIMER_WORDS, contact_in_words

MAX_GRADE = 8.0
MIN_EASE = 60.0

_TOKEN = re.compile(r"\w+(?:['\u2019&.-]\w+)*|[^\w\s]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def tokenized(blocks: list[str]) -> str:
    """One sentence per line, tokens separated by spaces, as ``readability.getmeasures`` reads them."""
    sentences = [part for block in blocks for part in _SENTENCE_END.split(block.strip()) if part.strip()]
    return "".join(" ".join(_TOKEN.findall(sentence)) + "\n" for sentence in sentences)


def scores(blocks: list[str]) -> tuple[float, float]:
    """(Flesch-Kincaid grade, Flesch reading ease) of the blocks, read as a patient reads them."""
    grades = readability.getmeasures(tokenized(blocks), lang="en")["readability grades"]
    return round(grades["Kincaid"], 1), round(grades["FleschReadingEase"], 1)


def too_hard(blocks: list[str]) -> str:
    """'' when the blocks read at grade 8 or below with ease 60 or above, else the scores in words."""
    grade, ease = scores(blocks)
    if grade > MAX_GRADE or ease < MIN_EASE:
        return f"grade {grade} (at most {MAX_GRADE}), reading ease {ease} (at least {MIN_EASE})"
    return ""


def units(section: SafetySection) -> list[str]:
    """Each item as it is read: with its heading when the heading leads into it, else on its own."""
    return [item if item.rstrip()[-1:] in ".!?" else f"{section.heading} {item}" for item in section.items]


# --- the measure itself can fail -------------------------------------------------------------------


def test_the_measure_flags_a_long_sentence_of_long_words():
    long = (
        "Individuals experiencing progressively deteriorating neurological symptomatology, including bilateral "
        "lower-extremity paraesthesia, should immediately contact emergency medical services."
    )
    assert too_hard([long]) and scores([long])[0] > 12
    assert not too_hard(["Call 999 if you have chest pain."])


def test_the_measure_reads_each_item_with_the_heading_that_leads_into_it():
    section = SafetySection("urgent", "Call 999 if you have back pain and", ("chest pain", "Stop now."))
    assert units(section) == ["Call 999 if you have back pain and chest pain", "Stop now."]
    assert tokenized(["Stop. Rest now!", "A&E"]) == "Stop .\nRest now !\nA&E\n"


# --- the safety text --------------------------------------------------------------------------------

SAFETY = load_safety()


@pytest.mark.parametrize("section", SAFETY.sections, ids=lambda s: s.id)
def test_each_safety_section_reads_at_grade_8_or_below(section):
    problem = too_hard([section.heading, *section.items])
    assert not problem, f"safety section {section.id!r} ({section.heading}): {problem}"


@pytest.mark.parametrize("section", SAFETY.sections, ids=lambda s: s.id)
def test_each_safety_item_reads_at_grade_8_or_below(section):
    hard = {unit: too_hard([unit]) for unit in units(section)}
    assert not any(hard.values()), {unit: problem for unit, problem in hard.items() if problem}


def test_the_whole_safety_text_reads_at_grade_8_or_below():
    problem = too_hard(SAFETY.lines())
    assert not problem, f"the safety text as a whole: {problem}"


# --- the fixed wording of every format ---------------------------------------------------------------


@pytest.fixture(scope="module")
def plan():
    return bundled_plan(
        patient="Jane Doe",
        start_date=date(2026, 3, 2),
        made_on=date(2026, 2, 27),
        review_date=date(2026, 4, 13),
        clinician="Dr Ann Lee",
        clinician_profession="Physiotherapist",
        clinic="Back Clinic",
    )


def catalog_text(plan) -> list[str]:
    """The exercise text the catalog and routine supply, longest first so no part of one is left behind."""
    texts = {plan.routine.description, plan.routine.name, plan.patient}
    for item in plan.routine.included:
        ex = item.exercise
        texts.update([ex.name, ex.side_switch, *ex.steps, *ex.starting_position, *item.cues])
    return sorted((t for t in texts if t), key=len, reverse=True)


def fixed_wording(lines: list[str], plan) -> list[str]:
    """The lines with the catalog's exercise text taken out; lines left with no words dropped."""
    kept = []
    for line in lines:
        for text in catalog_text(plan):
            line = line.replace(text, " ")
        line = re.sub(r"(?m)^\s*\d+\.\s*", "", line).strip(" :-.")  # '1. ' numbering left by a step
        if re.search(r"[A-Za-z]{2}", line):
            kept.append(line)
    return kept


class _Blocks(HTMLParser):
    """The text of each block element of a page (heading, paragraph, list item, button), scripts left out."""

    BLOCKS = frozenset({"h1", "h2", "h3", "h4", "p", "li", "button", "title"})

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and self.blocks:
            self.blocks[-1] += data


def rendered_lines(plan, name: str, tmp_path) -> list[str]:
    """What a patient reads in format ``name``, as lines."""
    plugins = build_plugins(selected={"html": "html", "txt": "text", "ics": "ical"}[name])
    options = {"width": "200"} if name == "txt" else {}
    path = export_plan(plan, name, tmp_path, plugins=plugins, options=options)
    if name == "html":
        parser = _Blocks()
        parser.feed(path.read_text(encoding="utf-8"))
        return [" ".join(block.split()) for block in parser.blocks]
    if name == "ics":
        from icalendar import Calendar

        calendar = Calendar.from_ical(path.read_bytes())
        texts = [str(c[key]) for c in calendar.walk() for key in ("SUMMARY", "DESCRIPTION") if key in c]
        return [line for text in texts for line in text.splitlines()]
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("name", ["html", "txt", "ics"])
def test_the_fixed_wording_of_each_format_reads_at_grade_8_or_below(plan, name, tmp_path):
    lines = fixed_wording(rendered_lines(plan, name, tmp_path), plan)
    assert any("For advice, contact" in line for line in lines)  # the measure saw the template's own words
    assert not any("Glute bridge" in line for line in lines)  # and not the catalog's
    problem = too_hard(lines)
    assert not problem, f"the {name} export's own wording: {problem}"


@pytest.mark.parametrize("name", ["html", "txt", "ics"])
def test_the_fixed_wording_of_a_plan_in_stages_reads_at_grade_8_or_below(plan, name, tmp_path):
    """The headings of each stretch of weeks, the words that say the exercises change, the choice of weeks."""
    staged = plan.edited(phases=(Phase(3, plan.routine.tailor(0, duration_seconds=60)),))
    lines = fixed_wording(rendered_lines(staged, name, tmp_path), plan)
    assert any(line.startswith("Weeks 3 to 6, from Monday 16 March") for line in lines)
    problem = too_hard(lines)
    assert not problem, f"the {name} export's own wording for a plan in stages: {problem}"


#: What the timer puts into its phrases' placeholders, as a patient would read them.
TIMER_FILLED = {"number": 1, "count": 5, "weeks": "Weeks 3 to 4", "date": "Monday 9 March 2026"}
#: What the paper log sheet puts into its headings' placeholders.
LOG_SHEET_FILLED = {"patient": "Jane Doe", "first": "Monday 2 March 2026", "last": "Friday 10 April 2026"}

#: What the handout's session log puts into its phrases' placeholders, as a patient would read them.
LOG_FILLED = {
    "done": 2,
    "due": 3,
    "total": 5,
    "date": "Monday 9 March 2026",
    "time": "08:00",
    "before": 3,
    "after": LOG_WORDS["no_score"],
}


@pytest.mark.parametrize(
    ("what", "text"),
    [
        ("contact line, with a contact", None),
        ("contact line, without one", None),
        *((f"credit {n}", line) for n, line in enumerate(CREDITS, start=1)),
        ("timer words", " ".join(w.format(**TIMER_FILLED) for w in TIMER_WORDS.values())),
        ("log sheet words", " ".join(w.format(**LOG_SHEET_FILLED) for w in LOG_SHEET_WORDS.values())),
        # All but the file's name, which a patient sees as a name, not reads as a sentence.
        ("log words", " ".join(w.format(**LOG_FILLED) for k, w in LOG_WORDS.items() if k != "file_name")),
    ],
)
def test_each_fixed_sentence_reads_at_grade_8_or_below(plan, what, text):
    if text is None:
        text = contact_in_words(plan.edited(clinic_contact="01234 567890" if "with a" in what else ""))
    problem = too_hard([text])
    assert not problem, f"{what} ({text}): {problem}"
