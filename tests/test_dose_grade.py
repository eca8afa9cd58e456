"""Every dose and timer phrase a patient reads is at or below school grade 8 (Flesch-Kincaid).

The grade is computed here with a plain syllable count (vowel groups, a
silent final "e", "-ed" or "-es" dropped, numbers read as one word of one syllable); it is a
rough measure, so the test reads each dose as the patient does, sentence by
sentence, and fails only when a phrase is plainly too hard.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backcare_kit import load_catalog
from backcare_kit.routine import RoutineItem
from backcare_kit.words import TIMER_WORDS, dose_in_words

CATALOG = Path(__file__).parent / "data" / "reps-exercises.csv"
MAX_GRADE = 8


def syllables(word: str) -> int:
    word = word.lower()
    if word.isdigit():
        return 1
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    if word.endswith("ed") and not word.endswith(("ted", "ded")) and count > 1:  # "paused", "rested" apart
        count -= 1
    if word.endswith("es") and not word.endswith(("ses", "xes", "ces", "ges", "zes")) and count > 1:  # "minutes"
        count -= 1
    return max(1, count)


def grade(text: str) -> float:
    sentences = [s for s in re.split(r"[.!?]+", text) if s.strip()]
    words = re.findall(r"[A-Za-z0-9']+", text)
    return 0.39 * len(words) / len(sentences) + 11.8 * sum(map(syllables, words)) / len(words) - 15.59


def doses() -> list[str]:
    """Every dose of the bundled and the test catalog, on each kind of sides, with and without a hold."""
    said = []
    for exercise in load_catalog(CATALOG).values():
        item = RoutineItem.of(exercise)
        for sides in ("none", "each_side", "alternating"):
            for hold in ("", "a few seconds"):
                said.append(dose_in_words(item.tailored(sides=sides, hold=hold)))
    return said


def test_the_measure_can_fail():
    assert grade("Physiotherapeutic rehabilitation necessitates considerable interdisciplinary coordination.") > 12
    assert grade("Do it ten times. Then rest.") < 4


#: A grade means nothing for a word or two ("Paused"), so the timer's phrases of three words or more.
PHRASES = [words for words in TIMER_WORDS.values() if len(words.split()) >= 3]


@pytest.mark.parametrize("text", [*doses(), *PHRASES])
def test_patient_text_is_at_most_grade_8(text):
    filled = text.format(number=2, count=3, weeks="Weeks 3 to 4", date="Monday 9 March 2026")
    assert grade(filled) <= MAX_GRADE, text
