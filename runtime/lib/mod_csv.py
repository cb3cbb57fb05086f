"""The ``csv/`` namespace: comma-separated text with ``"`` quoting (RFC 4180).

Parsing skips blank lines, keeps spaces around fields and requires every
record to have as many fields as the first one, as the reference does.
Encoding writes strings as they are and other values in their written form
(``:a``, ``nil``, ``#\\c``), quoting a field only when it has to, and ends
every record with ``\\n``.
"""

from __future__ import annotations

from ..errors import EvalError, SemaTypeError, type_name
from ..printer import display_string, write_string
from ..values import Keyword, Map
from .mod_common import check_string, register


def _records(function: str, text) -> list[list[str]]:
    import csv
    import io

    check_string(function, text)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records = []
    try:
        for record in reader:
            if not record:
                continue
            if records and len(record) != len(records[0]):
                raise EvalError(
                    f"{function}: parse error: record {len(records)} "
                    f"(line: {reader.line_num}): found record with {len(record)} "
                    f"fields, but the previous record has {len(records[0])} fields"
                )
            records.append(record)
    except csv.Error as exc:
        raise EvalError(f"{function}: parse error: {exc}") from exc
    return records


@register("csv/parse")
def parse(text):
    """Return the records of ``text`` as lists of strings."""
    return _records("csv/parse", text)


@register("csv/parse-maps")
def parse_maps(text):
    """Return one map per record, keyed by the header record's fields as keywords.

    When a header repeats a name, the later column wins.
    """
    records = _records("csv/parse-maps", text)
    if not records:
        return []
    header = [Keyword(name) for name in records[0]]
    return [Map(zip(header, record)) for record in records[1:]]


def _cell_text(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return display_string(value)
    return write_string(value)


def _check_list(value) -> list:
    if type(value) is not list:
        raise SemaTypeError(
            "list", value, message=f"csv/encode: expected list, got {type_name(value)}"
        )
    return value


def _quote(field: str) -> str:
    if any(char in field for char in ',"\r\n'):
        return '"' + field.replace('"', '""') + '"'
    return field


def _record_text(row: list) -> str:
    fields = [_cell_text(cell) for cell in row]
    if fields == [""]:
        # A lone empty field is quoted so that the record is not a blank line.
        return '""\n'
    return ",".join(_quote(field) for field in fields) + "\n"


@register("csv/encode")
def encode(rows):
    """Return CSV text for a list of rows, each a list of values."""
    _check_list(rows)
    lines = []
    width = None
    for row in rows:
        _check_list(row)
        if width is not None and len(row) != width:
            raise EvalError(
                f"csv/encode: found record with {len(row)} fields, "
                f"but the previous record has {width} fields"
            )
        width = len(row)
        lines.append(_record_text(row))
    return "".join(lines)
