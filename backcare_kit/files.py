"""Writing files safely: the one place that decides how the toolkit touches the disk.

Every file the toolkit writes (plans, templates, exports, records, new
exporter distributions) goes through :func:`write_files`, so every one gets
the same promises: all or nothing, no silent overwrite, no special file
replaced, missing folders made and removed again if the write fails, no
temporary file left behind by an error, Ctrl-C or SIGTERM, and a failure
explained in words (a full disk, a folder you may not write to) rather than
as an ``OSError``.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import stat
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TypeVar

from .errors import AlreadyExists, BackcareError

T = TypeVar("T")

_UNSAFE = re.compile(r"[^\w\-]+")
MAX_STEM = 60

#: Signals that end a process by default; while writing they raise instead, so clean-up runs.
_ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def parsed_once(path: Path, parse: Callable[[Path], T], kept: dict[Path, tuple[tuple[int, int], T]]) -> T:
    """``parse(path)``, or what it gave before when the file's modification time and size are unchanged since.

    For small data files read again and again (services on every editor
    keystroke, poses with every catalog): parsing costs more than the rest.
    An edited file is read afresh; a file with problems raises, so is never
    kept and is refused every time. Callers copy what they get if it is mutable.
    """
    try:
        info = path.stat()
    except OSError:
        return parse(path)  # reading says what is wrong with the file
    stamp = (info.st_mtime_ns, info.st_size)
    before = kept.get(path)
    if before is not None and before[0] == stamp:
        return before[1]
    value = parse(path)
    kept[path] = (stamp, value)
    return value


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


def write_atomic(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` all at once or not at all (see :func:`write_files`)."""
    return write_files([(Path(path), data)], overwrite=overwrite)[0]


def write_files(files: Sequence[tuple[Path, bytes]], *, overwrite: bool = False) -> list[Path]:
    """Write every file or none, and return their paths.

    Each file's bytes first go to a temporary file beside it, flushed to disk;
    only when all are staged do they take their final names. A reader never
    sees half a file, and a failure at any point (a full disk, a file-size
    limit, a folder you may not write to, a signal) removes the temporary
    files, any file this call already named, and any folder it made.
    Without ``overwrite`` an existing file is refused, checked again at the
    moment of renaming; even with it, a device, FIFO or socket is never replaced.
    """
    paths = [Path(path) for path, _ in files]
    for path in paths:
        _check_target(path, overwrite)
    made: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    named: list[Path] = []
    with _signals_raise():
        try:
            for path, (_, data) in zip(paths, files, strict=True):
                made += _make_folders(path.parent)
                staged.append((_stage(path, data), path))
            for temporary, path in staged:
                _name(temporary, path, overwrite)
                if not overwrite:
                    named.append(path)
        except BaseException:
            _undo(staged, named, made)
            raise
    _sync_folders({path.parent for path in paths})
    return paths


def describe_os_error(error: OSError, path: str | os.PathLike[str] | None = None) -> str:
    """An OSError in words a clinician can act on, naming the file or folder."""
    where = str(path if path is not None else error.filename or "the file")
    code = error.errno
    if code in (errno.EACCES, errno.EPERM):
        return f"{where}: permission denied; choose a folder you can write to"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"{where}: the disk is full; free some space or choose another place"
    if code == errno.EFBIG:
        return f"{where}: the file is larger than this system allows (a file-size limit)"
    if code == errno.EROFS:
        return f"{where}: the disk is read-only; choose another place"
    if code == errno.ENOTDIR:
        blocker = _file_in_the_way(Path(where))
        return (
            f"{where}: {blocker} is a file, not a folder" if blocker else f"{where}: a part of the path is not a folder"
        )
    if code == errno.ENOENT:
        parent = Path(where).parent
        if parent.is_dir():
            return f"{where}: {parent} does not accept new files; choose another folder"
        return f"{where}: the folder does not exist and could not be created"
    if code == errno.ENAMETOOLONG:
        return f"{where}: the name is too long"
    return f"{where}: {error.strerror or error}"


def _check_target(path: Path, overwrite: bool) -> None:
    """Refuse what no write may do, before anything is written."""
    blocker = _file_in_the_way(path.parent)
    if blocker is not None:
        raise BackcareError(f"{path}: {blocker} is a file, not a folder; nothing was written")
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise BackcareError(describe_os_error(error, path) + "; nothing was written") from None
    if stat.S_ISDIR(mode):
        raise BackcareError(f"{path} is a folder; give a file name")
    if not stat.S_ISREG(mode):
        raise BackcareError(f"{path} is not a regular file (a device, pipe or socket); it is never replaced")
    if not overwrite:
        raise _exists(path)


def _file_in_the_way(folder: Path) -> Path | None:
    """The nearest existing ancestor of ``folder`` when it is not a folder."""
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate):
            return None if candidate.is_dir() else candidate
    return None


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and any missing parents; return those made, outermost first."""
    missing = [f for f in (folder, *folder.parents) if not os.path.lexists(f)]
    made = []
    for new in reversed(missing):
        try:
            new.mkdir()
        except FileExistsError:
            continue  # another process made it: not ours to remove
        except OSError as error:
            raise BackcareError(describe_os_error(error, new) + "; nothing was written") from None
        made.append(new)
    return made


def _stage(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``path``, flushed to disk."""
    temporary = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")  # O_EXCL below settles a clash
    try:
        # Mode 0o666 lets the process umask decide, as for any new file; a replaced file keeps its mode.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as error:
        raise BackcareError(describe_os_error(error, path) + "; nothing was written") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            _keep_mode(handle.fileno(), path)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException as error:
        with suppress(OSError):
            temporary.unlink()
        if isinstance(error, OSError):
            raise BackcareError(describe_os_error(error, path) + "; nothing was written") from None
        raise
    return temporary


def _keep_mode(fd: int, path: Path) -> None:
    with suppress(OSError):
        os.fchmod(fd, stat.S_IMODE(path.stat().st_mode))


def _name(temporary: Path, path: Path, overwrite: bool) -> None:
    """Give the staged file its final name in one step."""
    try:
        if overwrite:
            _check_target(path, overwrite=True)  # a FIFO may have appeared since the first check
            os.replace(temporary, path)
            return
        try:
            os.link(temporary, path)  # fails if path exists: no race with another writer
        except FileExistsError:
            raise _exists(path) from None
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.EXDEV, errno.EOPNOTSUPP, errno.EMLINK):
                raise
            if os.path.lexists(path):  # a file system without hard links
                raise _exists(path) from None
            os.replace(temporary, path)
            return
        temporary.unlink()
    except OSError as error:
        raise BackcareError(describe_os_error(error, path) + "; nothing was written") from None


def _undo(staged: list[tuple[Path, Path]], named: list[Path], made: list[Path]) -> None:
    """Remove what a failed call wrote: temporary files, newly named files, new folders."""
    for temporary, _ in staged:
        with suppress(OSError):
            temporary.unlink()
    for path in named:
        with suppress(OSError):
            path.unlink()
    for folder in reversed(made):
        with suppress(OSError):
            folder.rmdir()  # only if still empty


def _sync_folders(folders: set[Path]) -> None:
    """Flush the new names to disk, so a power cut after we return keeps the files."""
    for folder in folders:
        with suppress(OSError):
            fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _exists(path: Path) -> AlreadyExists:
    return AlreadyExists(f"{path} already exists; choose another name or allow overwriting")


class _Ended(SystemExit):
    """SIGTERM or SIGHUP arrived while writing: exit as the signal would, after clean-up."""


def _raise_on_signal(signum: int, _frame: object) -> None:
    raise _Ended(128 + signum)


@contextmanager
def _signals_raise() -> Iterator[None]:
    """While writing, turn SIGTERM and SIGHUP into an exception so ``finally`` clean-up runs.

    By default those signals end Python at once, leaving a temporary file
    holding patient text behind. Only default handlers are replaced, and only
    in the main thread (the only one Python lets set them); an application's
    own handlers are left alone.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    replaced = {}
    for signum in _ENDING_SIGNALS:
        if signal.getsignal(signum) == signal.SIG_DFL:
            replaced[signum] = signal.signal(signum, _raise_on_signal)
    try:
        yield
    finally:
        for signum, handler in replaced.items():
            signal.signal(signum, handler)
