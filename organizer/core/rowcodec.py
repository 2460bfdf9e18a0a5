"""Turning records into table rows and JSON objects and back, driven by field types."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from enum import StrEnum
from typing import Any, TypeVar

from organizer.core.cleantext import without_controls
from organizer.core.dates import PartialDate
from organizer.core.details import DocumentDetails
from organizer.core.records import Record

R = TypeVar("R", bound=Record)

Encoder = Callable[[Any], Any]
Decoder = Callable[[Any], Any]


@dataclasses.dataclass(frozen=True)
class Column:
    """How one field of a record is written to and read from its column."""

    name: str
    json_name: str
    encode: Encoder
    decode: Decoder


def _identity(value: Any) -> Any:
    return value


def _codec_for(hint: Any) -> tuple[Encoder, Decoder]:
    optional = False
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        members = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        optional = len(members) < len(typing.get_args(hint))
        hint = members[0]
    if hint is PartialDate:
        encode: Encoder = PartialDate.to_storage
        decode: Decoder = PartialDate.parse
    elif isinstance(hint, type) and issubclass(hint, StrEnum):
        encode, decode = (lambda value: value.value), hint
    elif hint is DocumentDetails:  # stored as its JSON text, read back typed
        encode, decode = DocumentDetails.to_storage, _decode_details
    elif hint is bool:
        encode, decode = int, bool
    elif hint is str:  # what a file said is stored without control characters
        encode, decode = without_controls, _identity
    elif typing.get_origin(hint) is tuple:
        encode, decode = _encode_texts, _decode_texts
    else:
        encode, decode = _identity, _identity
    if optional:
        return _none_safe(encode), _none_safe(decode)
    return encode, decode


def _decode_details(stored: str | DocumentDetails) -> DocumentDetails:
    return stored if isinstance(stored, DocumentDetails) else DocumentDetails(stored)


def _encode_texts(values: tuple[str, ...]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _decode_texts(text: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """A JSON list of texts as stored; a tuple or list given directly passes through."""
    if not isinstance(text, str):
        return tuple(str(item) for item in text)
    try:
        values = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(str(item) for item in values) if isinstance(values, list) else ()


def _none_safe(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def wrapped(value: Any) -> Any:
        return None if value is None else function(value)

    return wrapped


_COLUMNS: dict[type[Record], tuple[Column, ...]] = {}


def columns(cls: type[Record]) -> tuple[Column, ...]:
    cached = _COLUMNS.get(cls)
    if cached is None:
        cached = _COLUMNS[cls] = _build_columns(cls)
    return cached


def _build_columns(cls: type[Record]) -> tuple[Column, ...]:
    hints = typing.get_type_hints(cls)
    result = []
    for item in dataclasses.fields(cls):
        encode, decode = _codec_for(hints[item.name])
        json_name = item.metadata.get("json", item.name)
        result.append(Column(item.name, json_name, encode, decode))
    return tuple(result)


def to_row(record: Record) -> dict[str, Any]:
    return {
        column.name: column.encode(getattr(record, column.name)) for column in columns(type(record))
    }


def from_row(cls: type[R], row: typing.Mapping[str, Any]) -> R:
    values = {column.name: column.decode(row[column.name]) for column in columns(cls)}
    return cls(**values)


def to_json(record: Record) -> dict[str, Any]:
    """The JSON shape: stored values (dates as text, words as words, bools as bools)."""
    result: dict[str, Any] = {}
    for column in columns(type(record)):
        value = getattr(record, column.name)
        if isinstance(value, bool):
            result[column.json_name] = value
        elif isinstance(value, tuple):
            result[column.json_name] = list(value)
        else:
            result[column.json_name] = column.encode(value)
    return result
