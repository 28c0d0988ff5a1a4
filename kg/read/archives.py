"""Reading the members of a zip or tar archive under the rules of a folder walk.

A member is read only if its name stays inside the archive (no absolute
path, no ``..``), it is a regular file (no symbolic or hard link, no device),
and it is small enough: each member at most the file size limit, all members
together at most ``MAX_ARCHIVE_BYTES`` uncompressed, and no more than
``MAX_RATIO`` times the archive's own size once past the file limit. A zip
bomb is reported, not read: the sizes an archive declares are checked before
anything is decompressed, and the bytes actually read are counted too, in
case the declarations lie.
"""

from __future__ import annotations

import os
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024  # 1 GB uncompressed, all members together
# Uncompressed bytes per archive byte beyond which an archive is taken for a bomb.
# News text deflates 3 to 10 times; deflate itself cannot pass about 1,032.
MAX_RATIO = 100

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")


def is_archive(name: str) -> bool:
    return name.lower().endswith(ARCHIVE_SUFFIXES)


@dataclass(frozen=True)
class Member:
    """A regular file read from an archive."""

    name: str  # its path inside the archive, "/"-separated, without a leading "./"
    data: bytes


@dataclass(frozen=True)
class Refused:
    """A member (or the rest of the archive) that is not read, and why."""

    name: str  # the member's name, or "" for the archive as a whole
    reason: str


class ArchiveError(Exception):
    """The archive cannot be opened or read on (corrupt, truncated, not an archive)."""


def members(path: Path, member_limit: int, total_limit: int | None = None) -> Iterator[Member | Refused]:
    """The members of the zip or tar archive at ``path``, in name order for a zip
    and stored order for a tar (a compressed tar can only be read in order).

    Raises ``ArchiveError`` when the archive cannot be read at all; damage
    found after some members were read is a final ``Refused`` for the archive.
    """
    total_limit = MAX_ARCHIVE_BYTES if total_limit is None else total_limit
    size = os.stat(path).st_size
    if path.name.lower().endswith(".zip"):
        yield from zip_members(path, size, member_limit, total_limit)
    else:
        yield from tar_members(path, size, member_limit, total_limit)


def unsafe_name(name: str) -> str | None:
    """Why a member's name would lead outside the archive's folder, or ``None``."""
    if "\x00" in name:
        return "a NUL byte in the member's name"
    parts = re.split(r"[\\/]+", name)
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name):
        return "absolute path in the archive; not read"
    if ".." in parts:
        return "path with '..' leads outside the archive; not read"
    return None


def clean_name(name: str) -> str:
    parts = [p for p in re.split(r"[\\/]+", name) if p not in ("", ".")]
    return "/".join(parts)


def too_big(total: int, size: int, member_limit: int, total_limit: int) -> str | None:
    """Why an archive that has expanded to ``total`` bytes so far is not read on."""
    if total > total_limit:
        return f"archive holds more than {total_limit} bytes uncompressed (the limit); the rest is not read"
    # a small archive cannot hurt, however well it compresses
    if total > member_limit and total > MAX_RATIO * max(size, 1):
        return f"archive expands more than {MAX_RATIO} times its size (a zip bomb?); the rest is not read"
    return None


# --- zip ----------------------------------------------------------------------------


def zip_members(path: Path, size: int, member_limit: int, total_limit: int) -> Iterator[Member | Refused]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise ArchiveError(f"not a readable zip archive: {error}") from error
    with archive:
        infos = sorted(archive.infolist(), key=lambda info: info.filename)
        declared = sum(info.file_size for info in infos if not info.is_dir() and info.file_size <= member_limit)
        problem = too_big(declared, size, member_limit, total_limit)
        if problem:
            yield Refused("", problem.replace("; the rest is not read", "; not read"))
            return
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            name = info.filename
            mode = info.external_attr >> 16
            why = unsafe_name(name)
            if why is None and stat.S_ISLNK(mode):
                why = "symbolic link in the archive; not read"
            elif why is None and mode and not stat.S_ISREG(mode) and stat.S_IFMT(mode):
                why = "not a regular file in the archive; not read"
            elif why is None and info.flag_bits & 0x1:
                why = "encrypted member; not read"
            elif why is None and info.file_size > member_limit:
                why = f"member is {info.file_size} bytes, over the {member_limit}-byte limit"
            if why:
                yield Refused(name if unsafe_name(name) else clean_name(name), why)
                continue
            try:
                with archive.open(info) as stream:
                    data = stream.read(member_limit + 1)
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError, zlib.error, ValueError) as error:
                yield Refused(clean_name(name), f"cannot read member: {type(error).__name__}: {error}")
                continue
            if len(data) > member_limit:
                yield Refused(clean_name(name), f"member is over the {member_limit}-byte limit")
                continue
            total += len(data)
            problem = too_big(total, size, member_limit, total_limit)
            if problem:
                yield Refused("", problem)
                return
            yield Member(clean_name(name), data)


# --- tar ----------------------------------------------------------------------------------


def tar_members(path: Path, size: int, member_limit: int, total_limit: int) -> Iterator[Member | Refused]:
    try:
        archive = tarfile.open(path, mode="r:*")  # noqa: SIM115 (closed by the with below)
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as error:
        raise ArchiveError(f"not a readable tar archive: {error}") from error
    total = 0
    read = 0
    with archive:
        stream = iter(archive)
        while True:
            try:
                info = next(stream)
            except StopIteration:
                return
            except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as error:
                if read == 0 and total == 0:
                    raise ArchiveError(f"not a readable tar archive: {type(error).__name__}: {error}") from error
                yield Refused("", f"archive is damaged after {read} member(s): {type(error).__name__}: {error}")
                return
            if info.isdir():
                continue
            # a member's bytes are decompressed even to be skipped: count them before
            # going past them, so that a bomb stops here and not after the decompression
            total += max(info.size, 0)
            problem = too_big(total, size, member_limit, total_limit)
            if problem:
                yield Refused("", problem)
                return
            name = info.name
            why = unsafe_name(name)
            if why is None and info.issym():
                why = "symbolic link in the archive; not read"
            elif why is None and info.islnk():
                why = "hard link in the archive; not read"
            elif why is None and not info.isfile():
                why = "not a regular file in the archive; not read"
            elif why is None and info.size > member_limit:
                why = f"member is {info.size} bytes, over the {member_limit}-byte limit"
            if why:
                yield Refused(name if unsafe_name(name) else clean_name(name), why)
                continue
            try:
                handle = archive.extractfile(info)
                data = handle.read(member_limit + 1) if handle is not None else b""
            except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError) as error:
                yield Refused("", f"archive is damaged at {clean_name(name)!r}: {type(error).__name__}: {error}")
                return
            if len(data) > member_limit:  # a sparse member is bigger than its stored bytes
                yield Refused(clean_name(name), f"member is over the {member_limit}-byte limit")
                continue
            read += 1
            yield Member(clean_name(name), data)
