"""Every failed write ends with a message, exit status 2 and nothing left on disk.

Each command that writes (export, export --format all, plan, record,
new-exporter) is run as a user runs it, in a subprocess, against real
failures of the machine: a folder without write permission (as root, by
dropping the capability that overrides it), a path whose parent is a regular
file, a path under /proc, a file-size limit and a full disk (a tiny tmpfs).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from backcare_kit import BackcareError, Exporter, export_formats, hookimpl
from backcare_kit.files import write_atomic, write_files

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "01_tailor_a_plan.ipynb"
SETPRIV = shutil.which("setpriv")

#: Each writing command, as a function of the place it is told to write to.
COMMANDS = {
    "export": lambda place: ["export", "--format", "txt", "--output", f"{place}/plan.txt"],
    "export-all": lambda place: ["export", "--format", "all", "--output", f"{place}/"],
    "plan": lambda place: ["plan", "--output", f"{place}/plan.json"],
    "record": lambda place: ["record", str(NOTEBOOK), "--output", f"{place}/record.html"],
    "new-exporter": lambda place: ["new-exporter", "memo", "--folder", f"{place}/plugins"],
}


def run_cli(args: list[str], cwd: Path, *, drop_override: bool = False, limit_bytes: int | None = None):
    command = [sys.executable, "-m", "backcare_kit", *args]
    if drop_override:  # root ignores file permissions unless it gives up these capabilities
        command = [SETPRIV, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", *command]

    def limit() -> None:
        if limit_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120, preexec_fn=limit)


def snapshot(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def assert_refused(result, *words: str) -> None:
    assert result.returncode == 2, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr and result.stderr.startswith("Error: "), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_a_folder_without_write_permission(command, tmp_path):
    if os.geteuid() == 0 and SETPRIV is None:
        pytest.skip("as root, needs setpriv (util-linux) to drop the permission override")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    before = snapshot(tmp_path)
    result = run_cli(COMMANDS[command](f"{locked}/new"), tmp_path, drop_override=os.geteuid() == 0)
    assert_refused(result, str(locked), "permission denied", "nothing was written")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_a_parent_that_is_a_regular_file(command, tmp_path):
    (tmp_path / "notes.txt").write_text("not a folder")
    before = snapshot(tmp_path)
    result = run_cli(COMMANDS[command](f"{tmp_path}/notes.txt/sub"), tmp_path)
    assert_refused(result, f"{tmp_path / 'notes.txt'} is a file, not a folder")
    assert "does not exist" not in result.stderr
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("command", COMMANDS)
def test_a_path_under_proc(command, tmp_path):
    result = run_cli(COMMANDS[command]("/proc/backcare-kit-test"), tmp_path)
    assert_refused(result, "/proc/backcare-kit-test", "nothing was written")
    assert not os.path.lexists("/proc/backcare-kit-test")
    assert snapshot(tmp_path) == set()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_file_size_limit(command, tmp_path):
    result = run_cli(COMMANDS[command](f"{tmp_path}/out"), tmp_path, limit_bytes=512)
    assert_refused(result, "larger than this system allows", "nothing was written")
    assert snapshot(tmp_path) == set()


@pytest.fixture
def full_disk(tmp_path):
    """A 64 KiB tmpfs, filled up: the real ENOSPC a full disk gives."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mounted.stderr.decode().strip()}")
    try:
        with (disk / "filler").open("wb") as filler, pytest.raises(OSError):
            filler.write(b"x" * 1024 * 1024)
            filler.flush()
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_full_disk(command, full_disk, tmp_path):
    before = snapshot(full_disk)
    result = run_cli(COMMANDS[command](f"{full_disk}/out"), tmp_path)
    assert_refused(result, "the disk is full", "nothing was written")
    assert snapshot(full_disk) == before


def test_force_never_replaces_a_fifo(tmp_path):
    fifo = tmp_path / "plan.txt"
    os.mkfifo(fifo)
    result = run_cli(["export", "--format", "txt", "--output", str(fifo), "--force"], tmp_path)
    assert_refused(result, "not a regular file", "never replaced")
    assert fifo.is_fifo() and snapshot(tmp_path) == {"plan.txt"}


def test_format_all_writes_nothing_when_one_exporter_fails(plan, plugins, tmp_path):
    class Broken:
        @hookimpl
        def register_exporters(self, register):
            register(Exporter("broken", "Broken", ".txt", "text/plain", lambda plan, options: 1 / 0))

    plugins.register(Broken(), name="broken")
    with pytest.raises(BackcareError, match="broken exporter"):
        export_formats(plan, ["markdown", "broken"], tmp_path / "out", plugins=plugins)
    assert snapshot(tmp_path) == set()
    written = export_formats(plan, ["markdown"], f"{tmp_path}/out/", plugins=plugins)
    assert [p.name for p in written] == ["jane-doe-back-care-plan.md"]


def test_a_failed_second_file_takes_back_the_first(tmp_path):
    (tmp_path / "taken.txt").write_text("the clinician's own file")
    with pytest.raises(BackcareError, match="already exists"):
        write_files([(tmp_path / "new" / "a.txt", b"a"), (tmp_path / "taken.txt", b"b")])
    assert snapshot(tmp_path) == {"taken.txt"}
    assert (tmp_path / "taken.txt").read_text() == "the clinician's own file"


def test_new_files_follow_the_umask_without_changing_it(tmp_path):
    code = textwrap.dedent(
        f"""
        import os, threading
        from backcare_kit.files import write_atomic
        os.umask(0o027)
        seen = []
        def watch():  # the umask is process-wide: another thread must never see it change
            for _ in range(20000):
                mask = os.umask(0o027); os.umask(mask); seen.append(mask)
        thread = threading.Thread(target=watch); thread.start()
        for n in range(50):
            write_atomic({str(tmp_path)!r} + f"/f{{n}}.txt", b"x")
        thread.join()
        print(oct(os.stat({str(tmp_path)!r} + "/f0.txt").st_mode & 0o777), set(seen) == {{0o027}})
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["0o640", "True"], result.stderr


def test_overwriting_keeps_the_file_mode(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("old")
    path.chmod(0o600)  # a clinician made it private
    write_atomic(path, b"new", overwrite=True)
    assert path.read_text() == "new" and path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_a_write_leaves_no_temporary_file(signum, tmp_path):
    """The patient text in a half-written temporary file must not stay behind."""
    code = textwrap.dedent(
        f"""
        import os, sys, time
        from backcare_kit.files import write_atomic
        def slow_disk(fd):  # the moment the data is staged, before it takes its name
            print("staged", flush=True)
            time.sleep(30)
        os.fsync = slow_disk
        write_atomic({str(tmp_path / "plan.txt")!r}, b"Jane Doe, red flags...")
        """
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "staged"
    assert any(p.name.endswith(".tmp") for p in tmp_path.iterdir())  # really mid-write
    child.send_signal(signum)
    child.wait(timeout=30)
    assert child.returncode != 0
    assert snapshot(tmp_path) == set(), "a temporary file or a partial plan was left behind"


def test_the_editor_says_why_an_export_failed_and_leaves_no_folder(plugins, tmp_path, monkeypatch):
    pytest.importorskip("ipywidgets")
    from datetime import date

    from backcare_kit import bundled_plan
    from backcare_kit.widgets import Editor

    monkeypatch.chdir(tmp_path)
    (tmp_path / "exports").write_text("a file where the folder should be")
    editor = Editor(bundled_plan(patient="Jane Doe", start_date=date(2026, 3, 2)), plugins=plugins)
    editor.format.value = "markdown"
    editor.folder.value = "exports/jane"
    editor.export_button.click()
    assert "exports is a file, not a folder" in editor.export_message.value
    assert "exports is a file, not a folder" in editor.message.value
    assert snapshot(tmp_path) == {"exports"}
    editor.folder.value = "new/deeper"
    editor.export_button.click()
    assert (tmp_path / "new" / "deeper" / "jane-doe-back-care-plan.md").is_file()
