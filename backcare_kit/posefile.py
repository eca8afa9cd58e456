"""``poses.csv`` beside a catalog: read it with every problem reported at once, save one pose atomically.

INTERFACE (pictures-base): the FIG helper writes both and keeps these signatures.
"""

from __future__ import annotations

from os import PathLike
from pathlib import Path

from .pose import Pose

#: A pose file's name: it sits beside the catalog CSV whose exercises it draws.
POSES_FILE = "poses.csv"


def read_poses(path: str | PathLike[str]) -> dict[str, tuple[Pose, ...]]:
    """Each exercise id's poses in order (start, then end), or InputError naming file, line, column and value."""
    return {}  # PLACEHOLDER


def save_pose(path: str | PathLike[str], exercise_id: str, position: str, pose: Pose) -> Path:
    """Write ``pose`` as ``exercise_id``'s ``position`` (start or end) into the pose file, atomically.

    Adds the row or replaces the one for that exercise and position, keeping every other row as it was.
    """
    raise NotImplementedError
