"""The output folder replaced in one step (kg.graph.outputs): old set or new, whatever stops the swap.

The kill tests stop a real process with SIGKILL after each step of the swap in turn (every
step, not a moment picked by a clock: none of them depends on timing) and check what a
reader would find then, and what the next run makes of it. They run while other
processes keep every core busy.
"""

from __future__ import annotations

import errno
import os
import signal
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.graph import outputs

OLD = {"graph.ttl": b"old turtle", "graph.trig": b"old trig", "graph.html": b"old page", "report.json": b'{"old": 1}'}
NEW = {"graph.ttl": b"new turtle", "graph.html": b"new page", "report.json": b'{"new": 1}', "partitions/part-00000.nq": b"new part"}
NEXT = {"graph.ttl": b"next turtle", "report.json": b'{"next": 1}'}
# not kg's: carried from generation to generation, never lost
USERS = {"notes.txt": b"mine", ".kg-cache/ab/entry": b"cached", "mine/deep/file.txt": b"deep"}
SWAPS = {"exchange": outputs.exchange, "two renames": None}


def write_files(folder: Path, files: dict[str, bytes], step: Callable[[str], None] | None = None) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if step:
            step(f"wrote {name}")


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` but kg's manifest."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != outputs.MANIFEST}


def kg_files(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in files_in(folder).items() if name not in USERS}


def siblings(out: Path) -> list[Path]:
    return sorted(p for p in out.parent.iterdir() if p != out)


def old_folder(root: Path, *, manifest: bool) -> Path:
    """An output folder with the old set and the user's files; without a manifest, as kg left it before generations."""
    out = root / "out"
    out.mkdir(parents=True)
    write_files(out, OLD | USERS)
    if manifest:
        outputs.write_manifest(out, sorted({name.split("/")[0] for name in OLD}))
    return out


def exchange_works(root: Path) -> bool:
    (root / "a").mkdir()
    (root / "b").mkdir()
    try:
        outputs.exchange(root / "a", root / "b")
    except OSError as error:
        if error.errno in outputs.NO_EXCHANGE:
            return False
        raise
    finally:
        (root / "a").rmdir()
        (root / "b").rmdir()
    return True


@pytest.fixture(params=list(SWAPS), ids=list(SWAPS))
def swap(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[Path, Path], None] | None:
    if request.param == "exchange" and not exchange_works(tmp_path):
        pytest.skip(f"{tmp_path}: renameat2(RENAME_EXCHANGE) is refused here; the two-rename swap is tested")
    return SWAPS[request.param]


# --- the swap, not stopped ------------------------------------------------------------------------


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    if not exchange_works(tmp_path):
        pytest.skip("renameat2(RENAME_EXCHANGE) is refused on this filesystem")
    write_files(tmp_path / "a", {"x": b"a"})
    write_files(tmp_path / "b", {"y": b"b"})
    outputs.exchange(tmp_path / "a", tmp_path / "b")
    assert files_in(tmp_path / "a") == {"y": b"b"} and files_in(tmp_path / "b") == {"x": b"a"}
    with pytest.raises(OSError) as raised:
        outputs.exchange(tmp_path / "a", tmp_path / "missing")
    assert raised.value.errno == errno.ENOENT


@pytest.mark.parametrize("manifest", [True, False], ids=["manifest", "before-generations"])
def test_a_generation_replaces_the_whole_set_and_keeps_the_users_files(tmp_path: Path, swap, manifest: bool) -> None:
    out = old_folder(tmp_path, manifest=manifest)
    mode = 0o750
    os.chmod(out, mode)
    with outputs.new_generation(out, swap=swap) as folder:
        assert folder.parent == out.parent and files_in(out) == OLD | USERS  # nothing changes before the end
        write_files(folder, NEW)
    # graph.trig was kg's: it is not part of the new set, so it is gone with the old one
    assert kg_files(out) == NEW and files_in(out) == NEW | USERS
    assert outputs.read_manifest(out) == ["graph.html", "graph.ttl", "partitions", "report.json"]
    assert out.stat().st_mode & 0o7777 == mode
    assert siblings(out) == []


def test_the_first_build_makes_the_folder(tmp_path: Path, swap) -> None:
    out = tmp_path / "deeper" / "out"
    with outputs.new_generation(out, swap=swap) as folder:
        write_files(folder, NEW)
    assert files_in(out) == NEW and outputs.read_manifest(out) == ["graph.html", "graph.ttl", "partitions", "report.json"]
    assert siblings(out) == []
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~mask


def test_a_failed_build_leaves_the_folder_as_it_was(tmp_path: Path, swap) -> None:
    out = old_folder(tmp_path, manifest=True)
    before = files_in(out)
    with pytest.raises(KeyboardInterrupt), outputs.new_generation(out, swap=swap) as folder:
        write_files(folder, NEW)
        raise KeyboardInterrupt
    assert files_in(out) == before and siblings(out) == []


def test_a_link_to_the_output_folder_stays_a_link(tmp_path: Path) -> None:
    out = old_folder(tmp_path / "real", manifest=True)
    link = tmp_path / "link"
    link.symlink_to(out)
    with outputs.new_generation(link) as folder:
        write_files(folder, NEW)
    assert link.is_symlink() and kg_files(link) == NEW and files_in(out) == NEW | USERS


def test_a_users_file_with_the_name_of_an_output_is_never_overwritten(tmp_path: Path, swap) -> None:
    out = old_folder(tmp_path, manifest=True)
    (out / "graph.nq").write_bytes(b"my own n-quads")  # not listed in the manifest: the user's
    before = files_in(out)
    with pytest.raises(KgError, match=r"graph\.nq: not written by kg"), outputs.new_generation(out, swap=swap) as folder:
        write_files(folder, NEW | {"graph.nq": b"new n-quads"})
    assert files_in(out) == before and siblings(out) == []


@pytest.mark.parametrize("where", ["cwd", "parent-of-cwd", "file", "root"])
def test_folders_that_cannot_be_replaced_are_refused_with_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    out = old_folder(tmp_path, manifest=True)
    if where == "cwd":
        monkeypatch.chdir(out)
        given, reason = ".", "current folder"
    elif where == "parent-of-cwd":
        (out / "mine").mkdir(exist_ok=True)
        monkeypatch.chdir(out / "mine")
        given, reason = str(out), "current folder or holds it"
    elif where == "file":
        given, reason = str(out / "notes.txt"), "not a folder"
    else:
        given, reason = "/", "root"
    before = files_in(out)
    with pytest.raises(KgError, match=reason), outputs.new_generation(given):
        pass
    assert files_in(out) == before


def test_an_interrupt_during_the_swap_waits_for_its_end(tmp_path: Path) -> None:
    out = old_folder(tmp_path, manifest=True)

    def interrupted(name: str) -> None:
        if name == "carried":
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C between moving the user's files and the exchange

    with pytest.raises(KeyboardInterrupt), outputs.new_generation(out, step=interrupted) as folder:
        write_files(folder, NEW)
    assert files_in(out) == NEW | USERS and siblings(out) == []


def test_a_refused_exchange_falls_back_to_two_renames(tmp_path: Path) -> None:
    out = old_folder(tmp_path, manifest=True)
    steps: list[str] = []

    def refused(_first: Path, _second: Path) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")  # what a filesystem without RENAME_EXCHANGE says

    with outputs.new_generation(out, swap=refused, step=steps.append) as folder:
        write_files(folder, NEW)
    assert files_in(out) == NEW | USERS and "moved aside" in steps


def test_a_swap_that_fails_gives_the_users_files_back(tmp_path: Path) -> None:
    out = old_folder(tmp_path, manifest=True)
    before = files_in(out)

    def broken(_first: Path, _second: Path) -> None:
        raise OSError(errno.EIO, "Input/output error")

    with pytest.raises(OSError, match="Input/output"), outputs.new_generation(out, swap=broken) as folder:
        write_files(folder, NEW)
    assert files_in(out) == before and siblings(out) == []


# --- the swap, stopped by SIGKILL after each of its steps ------------------------------------------


def run_killed(out: Path, files: dict[str, bytes], swap, kill_at: int) -> bool:
    """Write ``files`` as a new generation of ``out`` in a child process that SIGKILLs itself
    after its ``kill_at``-th step (writing a file counts as one); True if it was killed."""
    child = os.fork()
    if child == 0:  # pragma: no cover - the child process
        try:
            count = 0

            def step(_name: str) -> None:
                nonlocal count
                if count == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)
                count += 1

            with outputs.new_generation(out, swap=swap, step=step) as folder:
                write_files(folder, files, step)
        finally:
            os._exit(0)
    _pid, status = os.waitpid(child, 0)
    if os.WIFEXITED(status):
        assert os.WEXITSTATUS(status) == 0
        return False
    assert os.WTERMSIG(status) == signal.SIGKILL
    return True


def assert_whole(out: Path, swap, old: dict[str, bytes], new: dict[str, bytes]) -> str:
    """What a reader finds after the kill: the old set or the new one, and every file of the user's."""
    if not out.exists():
        # only the two-rename swap has that instant; both sets are then whole beside it
        assert swap is None, "the output folder is missing after an exchange"
        state = "missing"
    else:
        found = kg_files(out)
        assert found in (old, new), f"a mix: {sorted(found)}"
        state = "old" if found == old else "new"
    for name, data in USERS.items():
        homes = [folder for folder in [out, *siblings(out)] if (folder / name).is_file()]
        assert len(homes) == 1 and (homes[0] / name).read_bytes() == data, f"{name} in {homes}"
    return state


@pytest.mark.parametrize("manifest", [True, False], ids=["manifest", "before-generations"])
def test_killed_at_every_step_of_a_swap(tmp_path: Path, swap, manifest: bool, busy_cores: None) -> None:
    states = []
    for kill_at in range(100):
        root = tmp_path / str(kill_at)
        out = old_folder(root, manifest=manifest)
        if not run_killed(out, NEW, swap, kill_at):
            assert files_in(out) == NEW | USERS and siblings(out) == []
            break
        states.append(assert_whole(out, swap, OLD, NEW))
        # the next build cleans up, loses nothing of the user's, and gives its own set
        with outputs.new_generation(out, swap=swap) as folder:
            write_files(folder, NEXT)
        assert files_in(out) == NEXT | USERS and siblings(out) == [], kill_at
    else:
        pytest.fail("the swap never finished")
    # every step was reached: writing, the user's files carried, the swap, and removing the old set
    assert states[0] == "old" and states[-1] == "new" and len(states) > 15
    assert ("missing" in states) == (swap is None)


def test_killed_at_every_step_of_a_first_build(tmp_path: Path, swap, busy_cores: None) -> None:
    for kill_at in range(100):
        out = tmp_path / str(kill_at) / "out"
        out.parent.mkdir()
        if not run_killed(out, NEW, swap, kill_at):
            break
        assert not out.exists() or kg_files(out) == NEW
        with outputs.new_generation(out, swap=swap) as folder:
            write_files(folder, NEXT)
        assert kg_files(out) == NEXT and siblings(out) == []
    else:
        pytest.fail("the build never finished")


def dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    return int(child.stdout)


@pytest.mark.parametrize("kind", [outputs.NEW, outputs.OLD])
def test_a_missing_output_folder_gets_a_whole_set_back(tmp_path: Path, kind: str) -> None:
    # OUT moved aside, then the build killed: the new set is put in place if it was finished, else the old one
    out = tmp_path / "out"
    leftover = tmp_path / f".out.{kind}.{dead_pid()}.abcdefgh"
    write_files(leftover, NEW if kind == outputs.NEW else OLD)
    outputs.write_manifest(leftover, sorted(os.listdir(leftover)))
    with outputs.new_generation(out) as folder:
        assert kg_files(out) == (NEW if kind == outputs.NEW else OLD) and siblings(out) == [folder]
        write_files(folder, NEXT)
    assert files_in(out) == NEXT and siblings(out) == []


def test_a_generation_of_a_live_build_is_left_alone(tmp_path: Path) -> None:
    out = old_folder(tmp_path, manifest=True)
    live = tmp_path / f".out.{outputs.NEW}.{os.getppid()}.abcdefgh"  # pytest's parent: alive
    write_files(live, {"graph.ttl": b"half"})
    with outputs.new_generation(out) as folder:
        write_files(folder, NEW)
    assert files_in(live) == {"graph.ttl": b"half"}


# --- readers during repeated swaps -------------------------------------------------------------------


def generation_set(number: int) -> dict[str, bytes]:
    marker = f"generation {number}".encode()
    return {"graph.ttl": marker * 2000, "graph.html": marker * 500, "report.json": marker}


def read_set(out: Path) -> dict[str, bytes] | None:
    """Every output of one generation: the folder opened once, each file read from it
    (what ``kg serve`` does); None if that generation was removed while it was read."""
    try:
        folder = os.open(out, os.O_RDONLY)
    except FileNotFoundError:
        return None  # the instant of the two-rename swap
    try:
        found = {}
        for name in ("graph.ttl", "graph.html", "report.json"):
            handle = os.open(name, os.O_RDONLY, dir_fd=folder)
            with os.fdopen(handle, "rb") as stream:
                found[name] = stream.read()
        return found
    except FileNotFoundError:
        return None  # removed after the swap, before it was read: a reader tries again
    finally:
        os.close(folder)


def test_a_reader_never_sees_a_mix_during_repeated_swaps(tmp_path: Path, swap, busy_cores: None) -> None:
    out = tmp_path / "out"
    with outputs.new_generation(out, swap=swap) as folder:
        write_files(folder, generation_set(0))
    swaps, every = 150, 10
    done = threading.Event()
    problems: list[str] = []
    latest = [0]  # the newest generation the reader has read whole
    caught_up = threading.Condition()

    def reader() -> None:
        while not done.is_set():
            if swap is not None and not out.exists():
                problems.append("no output folder: an exchange leaves none missing")
            found = read_set(out)
            if found is None:
                continue
            number = int(found["report.json"].split()[1])
            if found != generation_set(number):
                problems.append(f"a mix: {sorted((name, data[:14]) for name, data in found.items())}")
            with caught_up:
                latest[0] = max(latest[0], number)
                caught_up.notify_all()

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for number in range(1, swaps + 1):
            with outputs.new_generation(out, swap=swap) as folder:
                write_files(folder, generation_set(number))
            if number % every == 0:
                # the reader reads each tenth generation at least (a wait, not a guess at a duration):
                # the test cannot pass without having read while the folder changed under it
                with caught_up:
                    assert caught_up.wait_for(lambda n=number: latest[0] >= n or bool(problems), timeout=120)
    finally:
        done.set()
        thread.join(timeout=120)
    assert not problems, problems[:5]
    assert kg_files(out) == generation_set(swaps) and siblings(out) == []
