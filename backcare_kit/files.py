"""Writing files safely: atomic, no silent overwrite, names that stay in their folder."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

from .errors import BackcareError

_UNSAFE = re.compile(r"[^\w\-]+")
MAX_STEM = 60


def safe_filename(text: str, suffix: str = "", fallback: str = "patient") -> str:
    """A file name from free text (a patient's name) that cannot leave its folder.

    Letters of any script and digits are kept, so a name in Greek or Chinese
    still gives a recognisable file; separators, dots, control characters and
    everything else become single hyphens. The result is never '.', '..',
    empty or hidden.
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")
    stem = _UNSAFE.sub("-", text).strip("-_").lower()[:MAX_STEM].strip("-_")
    return (stem or fallback) + suffix


def write_atomic(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` all at once or not at all.

    The bytes go to a temporary file in the same folder, are flushed to disk,
    and then take the final name in one step, so a reader never sees half a
    file and a crash leaves the old file as it was. Without ``overwrite`` an
    existing file is refused, checked at the moment of renaming (a hard link
    fails if the name exists), not just before.
    """
    path = Path(path)
    if path.is_dir():
        raise BackcareError(f"{path} is a folder; give a file name")
    if not overwrite and path.exists():
        raise BackcareError(f"{path} already exists; choose another name or allow overwriting (--force)")
    if not path.parent.is_dir():
        raise BackcareError(f"{path.parent} does not exist; create the folder first")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        _rename(tmp, path, overwrite)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def _rename(tmp: str, path: Path, overwrite: bool) -> None:
    if overwrite:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails if path exists: no race with another writer
    except FileExistsError:
        raise BackcareError(f"{path} already exists; choose another name or allow overwriting (--force)") from None
    except OSError:  # file systems without hard links
        if path.exists():
            raise BackcareError(f"{path} already exists; choose another name or allow overwriting (--force)") from None
        os.replace(tmp, path)


def _umask() -> int:
    """The process umask, so written files get the permissions open() would give."""
    mask = os.umask(0)
    os.umask(mask)
    return mask
