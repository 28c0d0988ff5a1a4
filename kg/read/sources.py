"""Where articles come from: files, folders, archives, standard input, and the records in them.

Every input becomes *units*, each one article's worth of input under the
name it is reported by (its provenance):

=====================================  =========================================
a file of one article (.md, .html...)  ``news/a.md``
a JSON Lines line                      ``news/a.jsonl:12`` (line number)
an element of a JSON array             ``news/a.json[3]`` (index, from 0)
a CSV or TSV row                       ``news/a.csv:5`` (row; the header is row 1)
an archive member                      ``news/a.zip!/2021/b.md``, ``news/a.zip!/c.csv:5``
standard input (``-``)                 ``<stdin>``, ``<stdin>:3``
=====================================  =========================================

A unit carries what it needs to be read anywhere (a worker process, a Dask
worker): the path of a file, the bytes of an archive member or of standard
input, or the JSON text of one record. ``ingest`` turns a unit into an
``Article``. Problems with one unit are ``InputError``s naming it; the rest
is still read.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from kg.errors import InputError
from kg.read import archives, clean
from kg.read.clean import decode_text, display_path, with_notes
from kg.read.cleaning import CleaningRules
from kg.read.records import FieldMap, common_names, flag, keys_of, record_parts
from kg.types import Article

ARTICLE_SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm", ".xhtml"}  # one article a file
RECORD_SUFFIXES = {".jsonl": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv"}
MAX_BYTES = 64 * 1024 * 1024  # a file, an archive member, standard input
STDIN = "-"
STDIN_NAME = "<stdin>"


def input_kind(name: str) -> str | None:
    """What a file of this name holds: "article", "jsonl", "json", "csv", "tsv",
    "archive", or ``None`` for a file kg does not read in a folder."""
    if archives.is_archive(name):
        return "archive"
    suffix = os.path.splitext(name)[1].lower()
    if suffix in ARTICLE_SUFFIXES:
        return "article"
    return RECORD_SUFFIXES.get(suffix)


def input_suffixes() -> list[str]:
    return sorted([*ARTICLE_SUFFIXES, *RECORD_SUFFIXES, *archives.ARCHIVE_SUFFIXES])


@dataclass(frozen=True)
class Unit:
    """One article's worth of input, and the name it is reported by."""

    where: str
    path: Path | None = None  # the file (read when the unit is processed), or the file holding the record
    data: bytes | None = None  # bytes already read: an archive member, standard input
    record: str | None = None  # one record as JSON text: a JSON Lines line, a JSON array element, a CSV row
    fields: FieldMap = FieldMap()
    notes: tuple[str, ...] = ()  # how the enclosing file was read (its encoding...)

    def content_key(self) -> bytes:
        """What the extraction depends on, whatever the input is called."""
        if self.record is not None:
            named = json.dumps(self.fields.named(), sort_keys=True)
            return b"record\0" + named.encode() + b"\0" + self.record.encode("utf-8", "surrogatepass")
        if self.data is not None:
            return b"file\0" + self.data
        assert self.path is not None
        return b"file\0" + read_bytes(self.path)


@dataclass(frozen=True)
class Skipped:
    """A file found in a folder or archive that holds no articles (a manifest): not an input."""

    path: str
    reason: str


# --- finding files ----------------------------------------------------------------


@dataclass
class Found:
    files: list[Path] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    stdin: bool = False


def find_inputs(paths: Iterable[str | os.PathLike[str]], fields: FieldMap | None = None) -> Found:
    """Expand files and folders into input files, in a stable order.

    Folders are walked without following symbolic links to folders, so a link
    loop cannot make the walk endless. A symbolic link inside a folder that
    leads outside it is not read (a hostile folder must not pull in files from
    elsewhere on the machine) and is reported; one that leads to a file inside
    the folder is read like any file (and reported as a duplicate of it).
    Paths named on the command line are read wherever they lead, whatever
    their suffix. ``-`` is standard input.
    """
    found = Found()
    files: list[Path] = []
    for given in paths:
        if os.fspath(given) == STDIN:
            if found.stdin:
                found.errors.append(InputError(STDIN_NAME, "standard input named more than once; read once"))
            found.stdin = True
            continue
        path = Path(given)
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            walked, problems, skipped = walk_folder(path, fields)
            found.errors.extend(problems)
            found.skipped.extend(skipped)
            if not walked and not problems:
                found.errors.append(InputError(display_path(path), "folder holds no article files (" + ", ".join(input_suffixes()) + ")"))
            files.extend(walked)
        else:
            found.errors.append(missing(path))
    found.files = sorted(set(files), key=lambda p: str(p))
    seen: set[tuple[str, str]] = set()
    found.errors = [e for e in found.errors if (e.path, e.reason) not in seen and not seen.add((e.path, e.reason))]
    return found


def missing(path: Path) -> InputError:
    if path.is_symlink():
        return InputError(display_path(path), "symbolic link that leads nowhere (broken, or a loop)")
    return InputError(display_path(path), "no such file or folder")


def missing_inputs(paths: Iterable[str | os.PathLike[str]]) -> list[InputError]:
    """The paths named that do not exist (standard input always does)."""
    return [missing(Path(p)) for p in paths if os.fspath(p) != STDIN and not Path(p).exists()]


def find_article_files(paths: list[str | os.PathLike[str]]) -> tuple[list[Path], list[InputError]]:
    """The input files under ``paths`` and the problems found on the way (see ``find_inputs``)."""
    found = find_inputs(paths)
    return found.files, found.errors


def walk_folder(folder: Path, fields: FieldMap | None = None) -> tuple[list[Path], list[InputError], list[Skipped]]:
    """The input files under one folder, the links that are not followed, and
    the JSON files that hold no articles."""
    root = os.path.realpath(folder)
    found: list[Path] = []
    problems: list[InputError] = []
    skipped: list[Skipped] = []

    def complain(error: OSError) -> None:
        problems.append(InputError(display_path(error.filename or folder), f"cannot list folder: {error.strerror or error}"))

    for here, dirs, names in os.walk(folder, onerror=complain):
        dirs.sort()
        for name in dirs:
            candidate = Path(here) / name
            if candidate.is_symlink() and not inside(os.path.realpath(candidate), root):
                problems.append(InputError(display_path(candidate), "symbolic link to a folder outside the input folder; not followed"))
        for name in sorted(names):
            if input_kind(name) is None or name.startswith("."):
                continue
            candidate = Path(here) / name
            if candidate.is_symlink():
                target = os.path.realpath(candidate)
                if not os.path.exists(target):
                    problems.append(InputError(display_path(candidate), "symbolic link that leads nowhere (broken, or a loop)"))
                    continue
                if not inside(target, root):
                    problems.append(InputError(display_path(candidate), "symbolic link to a file outside the input folder; not read"))
                    continue
            if input_kind(name) == "json":
                reason = not_articles(candidate, fields)
                if reason:
                    skipped.append(Skipped(display_path(candidate), reason))
                    continue
            found.append(candidate)
    return found, problems, skipped


def inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def not_articles(path: Path | None, fields: FieldMap | None, data: bytes | None = None) -> str | None:
    """Why a JSON file met in a folder or archive is no collection of articles
    (a manifest, a configuration), or ``None`` when it is read as one.

    Only a file that parses and of whose records not one has a text field is
    passed over; anything that fails to parse is read, so that it is reported.
    """
    try:
        text = decode_text(data if data is not None else read_bytes(path), "", None)[0]  # type: ignore[arg-type]
        value = json.loads(text)
    except (InputError, ValueError, RecursionError):
        return None
    records = value if isinstance(value, list) else [value]
    for record in records:
        if isinstance(record, dict):
            try:
                record_parts(record, "", fields)
                return None
            except InputError:
                continue
    return f"JSON file holds no article records (none has a text field: {', '.join(common_names()['text'][:6])}...); not read"


# --- reading ------------------------------------------------------------------------


def read_bytes(path: Path, where: str | None = None) -> bytes:
    where = where or display_path(path)
    try:
        if not path.is_file():
            raise InputError(where, "not a regular file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(where, f"file is {size} bytes, over the {MAX_BYTES}-byte limit")
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES + 1)  # the file may grow between stat and read
        if len(data) > MAX_BYTES:
            raise InputError(where, f"file is over the {MAX_BYTES}-byte limit")
        return data
    except OSError as error:
        raise InputError(where, f"cannot read file: {error.strerror or error}") from error


def units_of(
    paths: Iterable[str | os.PathLike[str]], fields: FieldMap | None = None, stdin: IO[bytes] | None = None
) -> Iterator[Unit | InputError | Skipped]:
    """The units of every input under ``paths``, in a stable order, and what
    could not be read (``InputError``) or holds no articles (``Skipped``)."""
    fields = fields or FieldMap()
    found = find_inputs(list(paths), fields)
    yield from found.errors
    yield from found.skipped
    for path in found.files:
        yield from guarded(display_path(path), file_units(path, fields))
    if found.stdin:
        yield from guarded(STDIN_NAME, stdin_units(stdin or sys.stdin.buffer, fields))


def guarded(where: str, units: Iterator[Unit | InputError | Skipped]) -> Iterator[Unit | InputError | Skipped]:
    """``units``, with a whole-input problem turned into an error at its end."""
    try:
        yield from units
    except InputError as error:
        yield error
    except Exception as error:  # noqa: BLE001 - one bad input must not stop the others
        yield InputError(where, f"cannot be read: {type(error).__name__}: {error}")


def file_units(path: Path, fields: FieldMap) -> Iterator[Unit | InputError | Skipped]:
    """The units of one file; a problem with the whole file raises ``InputError``."""
    kind = input_kind(path.name)
    where = display_path(path)
    if kind == "archive":
        yield from archive_units(path, where, fields)
    elif kind in ("jsonl", "json", "csv", "tsv"):
        yield from record_units(read_bytes(path), where, kind, fields, path)
    else:  # an article, or a file named on the command line whatever its suffix
        yield Unit(where, path, fields=fields)


def record_units(data: bytes, where: str, kind: str, fields: FieldMap, path: Path | None = None) -> Iterator[Unit | InputError]:
    text, notes = decode_text(data, where)
    unit = Unit(where, path, fields=fields, notes=tuple(notes))
    if kind == "jsonl":
        yield from jsonl_units(text, unit)
    elif kind == "json":
        yield from json_units(text, unit)
    else:
        yield from csv_units(text, unit, "\t" if kind == "tsv" else None)


def jsonl_lines(text: str) -> Iterator[tuple[int, str]]:
    """The records of a JSON Lines text: (line number, line), blank lines skipped.

    Records end at "\\n" only: ``str.splitlines()`` would also cut at
    U+2028, U+0085 and other characters JSON allows raw inside a string.

    >>> list(jsonl_lines('{"a": "x\\u2028y"}\\r\\n\\n{}'))
    [(1, '{"a": "x\\u2028y"}'), (3, '{}')]
    """
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if line.strip():
            yield number, line


def jsonl_units(text: str, unit: Unit) -> Iterator[Unit]:
    for number, line in jsonl_lines(text):
        yield replace(unit, where=f"{unit.where}:{number}", record=line)


def json_units(text: str, unit: Unit) -> Iterator[Unit | InputError]:
    """The records of a JSON file: an array of objects, one object, or (often
    under a .json name) JSON Lines."""
    try:
        value = json.loads(text)
    except RecursionError:
        raise InputError(unit.where, "not JSON: nested too deep") from None
    except json.JSONDecodeError as error:
        lines = list(jsonl_lines(text))
        if error.msg == "Extra data" and lines and is_json_object(lines[0][1]):
            yield from jsonl_units(text, unit)
            return
        raise InputError(unit.where, f"not JSON: {error}") from None
    if isinstance(value, dict):
        yield replace(unit, record=json.dumps(value, ensure_ascii=False))
    elif isinstance(value, list):
        if not value:
            raise InputError(unit.where, "JSON array holds no records")
        for index, element in enumerate(value):
            yield replace(unit, where=f"{unit.where}[{index}]", record=json.dumps(element, ensure_ascii=False))
    else:
        raise InputError(unit.where, f"JSON file holds a {type(value).__name__}, not article records")


def is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


CSV_DELIMITERS = ",\t;|"


def csv_units(text: str, unit: Unit, delimiter: str | None) -> Iterator[Unit | InputError]:
    """One unit a row of a CSV or TSV text with a header row.

    Rows are numbered as a spreadsheet numbers them: the header is row 1. A
    cell may be as big as a file; the article's text limits apply after.
    """
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    text = text.replace("\x00", "")  # the csv module refuses NUL; the cleaner would drop it anyway
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter or sniff_delimiter(text))
    header: list[str] | None = None
    number = 0
    try:
        for number, row in enumerate(reader, 1):  # noqa: B007 - the number names the row that fails
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = column_names(row)
                check_text_column(header, unit)
                continue
            record = {}
            for name, cell in zip(header, row, strict=False):
                record.setdefault(name, cell)
            notes = unit.notes
            if len(row) > len(header):
                notes = (*notes, f"row has {len(row)} cells and the header {len(header)}; the last {len(row) - len(header)} ignored")
            yield replace(unit, where=f"{unit.where}:{number}", record=json.dumps(record, ensure_ascii=False), notes=notes)
    except csv.Error as error:
        yield InputError(f"{unit.where}:{number + 1}", f"cannot be read as CSV: {error}; the rest of the file is not read")
    if header is None:
        raise InputError(unit.where, "CSV file has no header row")


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text: the csv module's sniffer, checked against the header line."""
    first = next((line for line in text[:65536].splitlines() if line.strip()), "")
    try:
        delimiter = csv.Sniffer().sniff(text[:65536], delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        delimiter = ""
    if delimiter in first and delimiter:
        return delimiter
    counts = {d: first.count(d) for d in CSV_DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def column_names(row: list[str]) -> list[str]:
    return [cell.strip() or f"column {index}" for index, cell in enumerate(row, 1)]


def check_text_column(header: list[str], unit: Unit) -> None:
    try:
        record_parts(dict.fromkeys(header, "x"), unit.where, unit.fields)
    except InputError:
        named = unit.fields.text
        problem = f"has no column {named!r} (named by {flag('text')})" if named else "has no text column"
        columns = keys_of(dict.fromkeys(header)).replace("its fields are", "its columns are")
        hint = "" if named else f"; name the column that holds the text with {flag('text')}"
        raise InputError(unit.where, f"CSV file {problem}; {columns}{hint}") from None


def archive_units(path: Path, where: str, fields: FieldMap) -> Iterator[Unit | InputError | Skipped]:
    """The units of a zip or tar archive, member by member (see ``kg.read.archives``),
    in member name order, as a folder's files are."""
    items: list[tuple[str, int, Unit | InputError | Skipped]] = []
    try:
        for member in archives.members(path, MAX_BYTES):
            name = f"{where}!/{display_path(member.name)}"
            if isinstance(member, archives.Refused):
                items.append((member.name or "\uffff", len(items), InputError(name if member.name else where, member.reason)))
                continue
            for item in member_units(member, name, fields):
                items.append((member.name, len(items), item))
    except archives.ArchiveError as error:
        raise InputError(where, str(error)) from None
    except OSError as error:
        raise InputError(where, f"cannot read file: {error.strerror or error}") from None
    for _name, _order, item in sorted(items, key=lambda entry: entry[:2]):
        yield item
    if all(isinstance(item, Skipped) for _name, _order, item in items):
        raise InputError(where, "archive holds no article files (" + ", ".join(input_suffixes()) + ")")


def member_units(member: archives.Member, name: str, fields: FieldMap) -> Iterator[Unit | InputError | Skipped]:
    base = member.name.rsplit("/", 1)[-1]
    kind = input_kind(base)
    if kind is None or base.startswith(".") or "__MACOSX" in member.name.split("/"):
        return
    if kind == "archive":
        yield InputError(name, "an archive inside an archive is not read; unpack it first")
    elif kind == "article":
        yield Unit(name, data=member.data, fields=fields)
    else:
        reason = not_articles(None, fields, member.data) if kind == "json" else None
        if reason:
            yield Skipped(name, reason)
            return
        try:
            yield from record_units(member.data, name, kind, fields)
        except InputError as error:
            yield error


def stdin_units(stream: IO[bytes], fields: FieldMap) -> Iterator[Unit | InputError]:
    """Standard input: JSON Lines if every non-empty line is a JSON object, a
    JSON array of objects, or else one article."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(STDIN_NAME, f"standard input is over the {MAX_BYTES}-byte limit; save it to a file and name that")
    text, notes = decode_text(data, STDIN_NAME)
    unit = Unit(STDIN_NAME, fields=fields, notes=tuple(notes))
    lines = list(jsonl_lines(text))
    if lines and all(is_json_object(line) for _number, line in lines):
        yield from jsonl_units(text, unit)
        return
    if text.lstrip().startswith("["):
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            value = None
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            yield from json_units(text, unit)
            return
    yield replace(unit, data=data, notes=())


# --- units to articles ---------------------------------------------------------------


def read_unit(unit: Unit, rules: CleaningRules | None = None) -> Iterator[Article | InputError]:
    """The article a unit holds, or why it holds none. Never raises."""
    try:
        if unit.record is not None:
            result = clean.read_record(unit.record, unit.where, rules, unit.fields)
            yield result if isinstance(result, InputError) else with_notes(result, list(unit.notes))
            return
        data = unit.data if unit.data is not None else read_bytes(unit.path, unit.where)  # type: ignore[arg-type]
        yield clean.article_from_bytes(data, unit.where, rules)
    except InputError as error:
        yield error
    except Exception as error:  # noqa: BLE001 - one bad input must not stop the others
        yield InputError(unit.where, f"cannot be parsed: {type(error).__name__}: {error}")


def read_inputs(
    paths: Iterable[str | os.PathLike[str]], fields: FieldMap | None = None, rules: CleaningRules | None = None, stdin: IO[bytes] | None = None
) -> Iterator[Article | InputError]:
    """Every article under ``paths`` (or why it could not be read), in order."""
    for unit in units_of(paths, fields, stdin):
        if isinstance(unit, InputError):
            yield unit
        elif isinstance(unit, Unit):
            yield from read_unit(unit, rules)


def read_articles(path: str | os.PathLike[str], rules: CleaningRules | None = None, fields: FieldMap | None = None) -> Iterator[Article | InputError]:
    """Yield the articles in one file: one, or one per record or archive member.

    Problems with one record or member are yielded as errors so that the
    others are still read; a whole-file problem raises ``InputError``.
    Whatever the bytes, nothing else escapes: a failure the cleaner did not
    foresee is an ``InputError`` naming the exception, never a crash.
    """
    path = Path(path)
    fields = fields or FieldMap()
    for unit in file_units(path, fields):
        if isinstance(unit, InputError):
            yield unit
        elif isinstance(unit, Unit):
            if unit.path is not None and unit.record is None:  # a file of one article: its problem is the file's
                yield clean.article_from_bytes(read_bytes(path), unit.where, rules)
            else:
                yield from read_unit(unit, rules)


NAMED_RECORD = re.compile(r"(.+\.(?:csv|tsv)):\d+|(.+\.json)\[\d+\]", re.I | re.S)


def read_named(source: str, base: Path | None = None) -> Article | None:
    """The article reported as ``source`` when it is an archive member
    (``a.zip!/b.md``) or a CSV or JSON record (``a.csv:5``, ``a.json[3]``);
    ``None`` for any other name. A relative container is tried from the
    working folder, then from ``base``."""
    match = NAMED_RECORD.fullmatch(source)
    container = source.split("!/", 1)[0] if "!/" in source else (match.group(1) or match.group(2)) if match else None
    if container is None:
        return None
    path = Path(container)
    if base is not None and not path.exists() and (base / path).exists():
        path = base / path
    rest = source[len(container):]
    for item in read_articles(path, rules=None):
        if item.path[len(display_path(path)):] == rest:
            if isinstance(item, InputError):
                raise item
            return item
    raise InputError(source, "no such article in it")


def read_article(path: str | os.PathLike[str], rules: CleaningRules | None = None) -> Article:
    """Read one article file (the first record of a file of records)."""
    for result in read_articles(Path(path), rules):
        if isinstance(result, InputError):
            raise result
        return result
    raise InputError(display_path(path), "file holds no article")
