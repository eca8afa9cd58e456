"""One change to the handout's markup for print: an exercise's parts get a box of their own.

The PDF lays an exercise's parts (starting position, steps, what to keep in
mind) out in two columns under its name and dose, which is what lets the
bundled plan fit on three A4 pages at 12 pt. WeasyPrint splits a
multi-column box across pages whatever its ``break-inside`` says, but never
a plain block that says ``avoid``; so the columns go on an inner box
(``div.exercise-parts``) and the exercise itself stays a plain block that is
never split. The handout's own markup has no such box (on screen it needs
none), so it is added here, to the parsed page WeasyPrint is about to lay out.
"""

from __future__ import annotations

from typing import Any

#: The parts that stay above the columns: the exercise's name (any heading level) and its dose.
_ABOVE = ("h2", "h3", "h4", "h5")


def wrap_exercise_parts(root: Any) -> int:
    """Move each exercise's parts after its name and dose into a ``div.exercise-parts``; how many were wrapped."""
    wrapped = 0
    for article in root.iter("article"):
        if "exercise" not in (article.get("class") or "").split():
            continue
        children = list(article)
        keep = [c for c in children[:2] if c.tag in _ABOVE or "dose" in (c.get("class") or "").split()]
        parts = children[len(keep) :]
        if not parts:
            continue
        box = article.makeelement("div", {"class": "exercise-parts"})
        for child in parts:
            article.remove(child)
            box.append(child)
        article.append(box)
        wrapped += 1
    return wrapped
