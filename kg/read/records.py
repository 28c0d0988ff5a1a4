"""Which field of a news record holds what: text, title, date, source, URL, author.

A record is one JSON Lines line, one element of a JSON array or one CSV row.
Collections name their fields differently (``content``, ``text``, ``body``,
``正文``...): each part is looked up among the common names listed in
``kg/data/record_fields.yaml``, or under the name the user gave
(``--text-field`` and the like, ``FieldMap`` from Python).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from kg.errors import InputError
from kg.resources import data_path, load_yaml

PARTS = ("text", "title", "date", "source", "url", "author")
MAX_KEYS_SHOWN = 20


@dataclass(frozen=True)
class FieldMap:
    """The field that holds each part of a record, where the user named it.

    ``None`` (the default) looks the part up among the common names.
    """

    text: str | None = None
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None

    def named(self) -> dict[str, str]:
        """The parts the user named, and their field names."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def flag(part: str) -> str:
    """The command-line option that names a part's field."""
    return f"--{part}-field"


@cache
def common_names() -> dict[str, tuple[str, ...]]:
    raw = load_yaml(data_path("record_fields.yaml"))
    return {part: tuple(str(name) for name in raw.get(part) or ()) for part in PARTS}


@dataclass(frozen=True)
class RecordParts:
    """The raw values of a record's parts (``None`` where it has none)."""

    text: str
    text_field: str
    title: Any = None
    date: Any = None
    source: Any = None
    url: Any = None
    author: Any = None
    warnings: tuple[str, ...] = ()


def record_parts(record: dict[str, Any], where: str, field_map: FieldMap | None = None) -> RecordParts:
    """Find each part of ``record``; a record without text raises ``InputError``
    naming its fields and the option to name the right one."""
    field_map = field_map or FieldMap()
    lowered: dict[str, str] = {}
    for key in record:
        lowered.setdefault(str(key).strip().lower(), key)

    def lookup(name: str) -> str | None:
        if name in record:
            return name
        return lowered.get(name.strip().lower())

    text_key = text_field(record, where, field_map, lookup)
    found: dict[str, Any] = {}
    warnings = []
    for part in PARTS[1:]:
        named = getattr(field_map, part)
        if named:
            key = lookup(named)
            if key is None:
                warnings.append(f"record has no field {shown(named)} (named by {flag(part)})")
            found[part] = record.get(key) if key is not None else None
            continue
        found[part] = None
        for name in common_names()[part]:
            key = lookup(name)
            if key is not None and record[key] not in (None, "", [], {}):
                found[part] = record[key]
                break
    return RecordParts(text=record[text_key] if text_key is not None else "", text_field=text_key or "", warnings=tuple(warnings), **found)


def text_field(record: dict[str, Any], where: str, field_map: FieldMap, lookup: Any) -> str | None:
    """The key of the record's text: the named one, else the first common name holding text.

    A common-named field that holds an empty string still counts (the record
    then fails as an article with no text, which is what it is).
    """
    if field_map.text:
        key = lookup(field_map.text)
        if key is None:
            raise InputError(where, f"record has no field {shown(field_map.text)} (named by {flag('text')}); {keys_of(record)}")
        if not isinstance(record[key], str):
            raise InputError(where, f"text field {shown(key)} holds a {type(record[key]).__name__}, not text")
        return key
    empty = odd = None
    for name in common_names()["text"]:
        key = lookup(name)
        if key is None:
            continue
        value = record[key]
        if isinstance(value, str) and value.strip():
            return key
        if isinstance(value, str):
            empty = empty or key
        elif value is not None:
            odd = odd or key
    if empty is not None:
        return empty
    held = f": {shown(odd)} holds a {type(record[odd]).__name__}, not text" if odd is not None else ""
    raise InputError(where, f"record has no text field{held}; {keys_of(record)}; name the field that holds the text with {flag('text')}")


def keys_of(record: dict[str, Any]) -> str:
    keys = [shown(str(key)) for key in list(record)[:MAX_KEYS_SHOWN]]
    more = f" and {len(record) - MAX_KEYS_SHOWN} more" if len(record) > MAX_KEYS_SHOWN else ""
    return f"its fields are {', '.join(keys)}{more}" if keys else "it has no fields"


def shown(name: str) -> str:
    """A field name quoted for a message: control characters escaped, long names cut."""
    text = json.dumps(name[:40] + ("…" if len(name) > 40 else ""), ensure_ascii=False)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


# --- authors --------------------------------------------------------------------

SEPARATORS = re.compile(r"[\s、，,;；/|]+")
HANZI_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})+")


@cache
def name_words() -> tuple[frozenset[str], frozenset[str]]:
    """(surnames, credit roles such as 记者) from the shipped lexicon."""
    lexicon = load_yaml(data_path("lexicon.yaml"))
    return frozenset(lexicon.get("surnames") or ()), frozenset(lexicon.get("credit_roles") or ())


def author_names(value: Any) -> tuple[list[str], str | None]:
    """(people's names, the rest) of an author field.

    ``"记者 张三、李四"`` gives two names; ``"新华社"`` is no person's name
    (no surname starts it) and comes back as the rest, which the caller may
    take for the publisher.
    """
    values = value if isinstance(value, list) else [value]
    surnames, roles = name_words()
    names: list[str] = []
    rest: list[str] = []
    for item in values:
        if not isinstance(item, str):
            continue
        for token in SEPARATORS.split(item.strip()):
            if not token or token in roles:
                continue
            if is_person_name(token, surnames):
                names.append(token)
            else:
                rest.append(token)
    return list(dict.fromkeys(names)), (" ".join(rest) or None) if not names else None


def is_person_name(token: str, surnames: frozenset[str]) -> bool:
    if not HANZI_NAME.fullmatch(token):
        return False
    if "·" in token:
        return True
    if token[:2] in surnames:
        return len(token) <= 4
    return token[0] in surnames and len(token) <= 3
