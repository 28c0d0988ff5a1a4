"""Replace a build's output folder in one step.

A build writes its outputs into a new folder beside the output folder (a
*generation*), then swaps the two: on Linux with ``renameat2(RENAME_EXCHANGE)``,
which exchanges two directory entries in one atomic step, so that the path
``OUT`` names the whole old set or the whole new one at every instant, after a
SIGKILL or a power loss included. The old generation, now beside it, is then
removed. Elsewhere (macOS, Windows, a filesystem that refuses the exchange) the
swap is two renames, ``OUT`` -> aside and new -> ``OUT``: no mix either, but
for the instant between them ``OUT`` does not exist (see ``publish``).

What is not kg's in ``OUT`` (the extraction cache ``.kg-cache``, a user's own
files) is carried into the new generation by rename before the swap. Each
generation lists kg's own entries in ``MANIFEST``; so does every folder kg
leaves behind when killed, which is how the next run tells kg's files (removed)
from a user's (put back). Only the standard library is used here: the kill
tests run this module in processes of their own, and it must start fast.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import json
import os
import platform
import secrets
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.errors import KgError

MANIFEST = ".kg-outputs.json"
NEW = "kg-new"  # a generation being written: .OUT.kg-new.<pid>.<random>
OLD = "kg-old"  # the previous generation, moved aside by the two-rename swap
# What kg wrote into an output folder before generations had a manifest: replaced, never carried.
LEGACY_OUTPUTS = frozenset(
    {"graph.ttl", "graph.nt", "graph.trig", "graph.nq", "graph.jsonld", "graph.html", "report.json", "partitions"}
)

Step = Callable[[str], None]  # called after each step of a swap (the kill tests stop the process there)
Exchange = Callable[[Path, Path], None]


# --- the exchange -----------------------------------------------------------------------

AT_FDCWD = -100
RENAME_EXCHANGE = 2
# renameat2's number where glibc is older than 2.28 (no wrapper); asm-generic's for the rest
SYSCALL_RENAMEAT2 = {"x86_64": 316, "i386": 353, "i686": 353, "armv7l": 382, "armv6l": 382, "ppc64le": 357, "ppc64": 357, "s390x": 347}


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """The C function ``renameat2(olddirfd, oldpath, newdirfd, newpath, flags)``, or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    function = getattr(libc, "renameat2", None)
    if function is None:
        number = SYSCALL_RENAMEAT2.get(platform.machine(), 276)
        syscall = libc.syscall
        syscall.restype = ctypes.c_long
        return lambda *args: syscall(ctypes.c_long(number), *args)
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first: Path, second: Path) -> None:
    """Swap two existing paths atomically (Linux 3.15+, on filesystems that support it).

    Raises OSError: ENOSYS off Linux, EINVAL where the filesystem refuses.
    """
    call = _renameat2()
    if call is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available on this system")
    result = call(ctypes.c_int(AT_FDCWD), os.fsencode(first), ctypes.c_int(AT_FDCWD), os.fsencode(second), ctypes.c_uint(RENAME_EXCHANGE))
    if result != 0:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number), str(first), None, str(second))


# Errors that mean "no exchange here" (rather than "this folder cannot be replaced"):
# no syscall, no support in the filesystem or the sandbox.
NO_EXCHANGE = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM}


# --- the swap ---------------------------------------------------------------------------


@contextlib.contextmanager
def new_generation(out: str | os.PathLike[str], *, swap: Exchange | None = exchange, step: Step | None = None) -> Iterator[Path]:
    """A new, empty folder beside ``out`` for a build's outputs; swapped in when the block ends.

    What earlier kg runs killed half way left beside ``out`` is cleaned up
    first. If the block raises, the new folder is removed and ``out`` is
    untouched. ``swap=None`` uses the two-rename swap (what systems without
    RENAME_EXCHANGE get); ``step`` is called after each step of the swap.
    """
    target = output_folder(out)
    with folder_lock(target.parent):
        recover(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.{NEW}.{os.getpid()}.", dir=target.parent))
    try:
        yield staging
        with folder_lock(target.parent), signals_deferred():
            publish(staging, target, swap=swap, step=step)
    except BaseException:
        # a swap that failed half way may have carried the user's entries over: they go back first
        if target.exists():
            give_back(staging, target)
        remove_generation(staging)
        raise


def output_folder(out: str | os.PathLike[str]) -> Path:
    """The real path of the output folder (a link to a folder is followed: the link stays)."""
    given = Path(out)
    target = Path(os.path.realpath(given))
    if target.exists() and not target.is_dir():
        raise KgError(f"{given}: exists and is not a folder; give -o a folder for kg's outputs")
    if target.parent == target:
        raise KgError(f"{given}: cannot be an output folder (kg replaces the folder, and this is a file system's root)")
    if os.path.ismount(target):
        raise KgError(f"{given}: is a mount point, which cannot be replaced; give -o a folder inside it for kg's outputs")
    if Path(os.path.realpath(os.getcwd())).is_relative_to(target):
        # the folder is replaced by another: a shell (or kg itself) inside it would be left in a removed folder
        raise KgError(f"{given}: is the current folder or holds it; give -o a folder below it for kg's outputs (e.g. -o out)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise KgError(f"{target.parent}: cannot make the folder: {error.strerror or error}") from error
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise KgError(f"{target.parent}: not writable; kg writes a new {target.name} beside the old one and swaps them")
    return target


def publish(staging: Path, out: Path, *, swap: Exchange | None = exchange, step: Step | None = None) -> None:
    """Make the finished ``staging`` folder the output folder ``out``, in one step.

    Order matters for a kill at any instant: the manifest is written (and every
    file is on disk) before anything of the user's is moved in, so a leftover
    folder without a manifest holds kg's files only; the old generation is
    removed only once the new one is in place, its manifest last.
    """
    step = step or (lambda _name: None)
    write_manifest(staging, sorted(entry.name for entry in os.scandir(staging)))
    os.chmod(staging, folder_mode(out))
    sync_folder(staging)
    step("staged")
    if not out.exists():
        os.rename(staging, out)  # the first build: nothing to swap
        sync_folder(out.parent)
        step("renamed")
        return
    carry_over(out, staging, step)
    aside = None
    if swap is not None:
        try:
            swap(staging, out)
            aside = staging  # the old generation is there now
        except OSError as error:
            if error.errno not in NO_EXCHANGE:
                raise
    if aside is None:
        # no exchange: for the instant between these two renames OUT does not exist
        aside = out.parent / f".{out.name}.{OLD}.{os.getpid()}.{secrets.token_hex(4)}"
        os.rename(out, aside)
        step("moved aside")
        try:
            os.rename(staging, out)
        except BaseException:
            os.rename(aside, out)
            raise
    step("exchanged")
    sync_folder(out.parent)
    step("synced")
    remove_generation(aside, step)
    sync_folder(out.parent)
    step("removed")


def carry_over(out: Path, staging: Path, step: Step) -> None:
    """Move what is not kg's in ``out`` (the cache, a user's files) into the new generation."""
    ours = kg_entries(out)
    fresh = set(os.listdir(staging))
    for entry in sorted(os.listdir(out)):
        if entry in ours:
            continue
        if entry in fresh:
            raise KgError(f"{out / entry}: not written by kg, and this build writes a file of that name; move it away and build again")
        os.rename(out / entry, staging / entry)
        step(f"carried {entry}")
    sync_folder(out)
    sync_folder(staging)
    step("carried")


def kg_entries(folder: Path) -> set[str]:
    """The entries of ``folder`` that kg wrote: its manifest's list, or the names kg always used."""
    manifest = read_manifest(folder)
    ours = set(LEGACY_OUTPUTS) if manifest is None else set(manifest)
    ours.add(MANIFEST)
    # a temporary file of atomic_write, left by a kill before generations existed
    ours.update(name for name in os.listdir(folder) if name.startswith(".") and name.endswith(".part"))
    return ours


def recover(out: Path) -> None:
    """Clean up what kg runs killed half way left beside ``out``, losing nothing of the user's.

    If ``out`` is missing (a kill between the two renames of the fallback
    swap), the finished new generation is put in place. Every other leftover
    generation gives back what its manifest does not list, then is removed.
    """
    leftovers = [path for path in sorted(out.parent.glob(f".{glob_escape(out.name)}.kg-*.*.*")) if is_leftover(path, out.name)]
    if not out.exists():
        # the new set if it was finished (it always is, once OUT has been moved aside), else the old one
        whole = [path for path in leftovers if NEW in path.name and read_manifest(path) is not None]
        whole = whole or [path for path in leftovers if OLD in path.name]
        if whole:
            newest = max(whole, key=lambda path: path.stat().st_mtime_ns)
            os.rename(newest, out)
            sync_folder(out.parent)
            leftovers.remove(newest)
    for leftover in leftovers:
        give_back(leftover, out)
        remove_generation(leftover)
    if leftovers:
        sync_folder(out.parent)


def is_leftover(path: Path, name: str) -> bool:
    """A generation folder of ``name`` whose process is gone."""
    rest = path.name[len(name) + 2:]  # after ".<name>."
    kind, _, tail = rest.partition(".")
    pid = tail.partition(".")[0]
    return path.is_dir() and not path.is_symlink() and kind in (NEW, OLD) and pid.isdigit() and not process_alive(int(pid))


def give_back(leftover: Path, out: Path) -> None:
    """Move the user's entries of a leftover generation back into ``out``."""
    manifest = read_manifest(leftover)
    if manifest is None:
        return  # written by kg alone (see publish)
    ours = set(manifest) | {MANIFEST}
    for entry in sorted(os.listdir(leftover)):
        if entry in ours:
            continue
        if not out.exists() or (out / entry).exists() or (out / entry).is_symlink():
            raise KgError(f"{leftover / entry}: left there by a kg build that was killed, and it cannot go back to {out}; move it yourself")
        os.rename(leftover / entry, out / entry)
    sync_folder(out)


def remove_generation(folder: Path, step: Step | None = None) -> None:
    """Remove a generation folder, its manifest last (see ``publish``)."""
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(folder):
            if entry.name == MANIFEST:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            if step:
                step(f"removed {entry.name}")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / MANIFEST)
        os.rmdir(folder)


def write_manifest(folder: Path, entries: list[str]) -> None:
    temporary = folder / f"{MANIFEST}.part"
    with open(temporary, "w", encoding="utf-8") as stream:
        json.dump({"written_by": "kg", "entries": entries}, stream, ensure_ascii=False)
        stream.write("\n")
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, folder / MANIFEST)


def read_manifest(folder: Path) -> list[str] | None:
    try:
        with open(folder / MANIFEST, encoding="utf-8") as stream:
            entries = json.load(stream)["entries"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return [entry for entry in entries if isinstance(entry, str)] if isinstance(entries, list) else None


def folder_mode(out: Path) -> int:
    """The old folder's permissions, or the umask's for a new one (mkdtemp makes it 0700)."""
    try:
        return out.stat().st_mode & 0o7777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o777 & ~mask


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (two builds into one output folder take turns
    at recovering and swapping). Where there is no ``flock`` (Windows) the block runs as it is."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def sync_folder(folder: Path) -> None:
    """Make the entries of ``folder`` durable (renames in it, files made or removed).

    Where a folder cannot be opened or synced (Windows), the rename itself is
    all there is: NTFS journals it.
    """
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def process_alive(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":
        return True  # Windows' os.kill(pid, 0) would signal the process, not probe it: assume alive
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or a system that cannot tell: leave its folder alone
    return True


DEFERRED_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP until the block is done, then deliver them.

    A swap stopped half way is safe (the next run finishes the cleanup), but a
    Ctrl-C should not leave that work to it. Outside the main thread, where
    Python cannot set handlers, the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {}
    for number in DEFERRED_SIGNALS:
        previous[number] = signal.signal(number, lambda signum, _frame: received.append(signum))
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in dict.fromkeys(received):
            os.kill(os.getpid(), number)
