"""The ``time/`` namespace: Unix timestamps in seconds, always in UTC.

Timestamps are numbers of seconds since 1970-01-01T00:00:00Z, possibly
fractional. ``time/format`` and ``time/parse`` take the strftime-style
directives of Rust's ``chrono`` crate, which the reference uses. This
module implements them itself because they differ from C's ``strftime``
(``%.3f``, ``%e``, ``%P``, ``%:z``...). Years outside 1..9999 are not
supported.
"""

from __future__ import annotations

import time as _clock

from ..errors import EvalError
from ..values import Keyword, Map
from .mod_common import check_function, check_number, check_string, register

_DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip


def _utc_datetime(function: str, timestamp):
    """Return ``(datetime, nanoseconds)`` for a timestamp in seconds."""
    from datetime import datetime, timedelta, timezone

    check_number(function, timestamp)
    whole = int(timestamp // 1)
    nanoseconds = int(round((timestamp - whole) * 1_000_000_000))
    if nanoseconds >= 1_000_000_000:
        whole += 1
        nanoseconds -= 1_000_000_000
    epoch = datetime(1970, 1, 1, tzinfo=timezone.utc)
    try:
        moment = epoch + timedelta(seconds=whole)
    except OverflowError as exc:
        raise EvalError(f"{function}: timestamp {timestamp} is out of range") from exc
    return moment, nanoseconds


# ---------------------------------------------------------------------------
# Formatting


def _fraction(nanoseconds: int, digits: int | None) -> str:
    """Return the fractional second with ``digits`` digits, or as few as needed (0/3/6/9)."""
    if digits is None:
        if nanoseconds == 0:
            return ""
        for width in (3, 6, 9):
            if nanoseconds % 10 ** (9 - width) == 0:
                return f"{nanoseconds // 10 ** (9 - width):0{width}d}"
    return f"{nanoseconds // 10 ** (9 - digits):0{digits}d}"


def _year(value: int) -> str:
    return f"{value:04d}" if 0 <= value <= 9999 else f"{value:+05d}"


def _directive(code: str, moment, nanoseconds: int) -> str | None:
    """Return the text of one directive, or None when ``code`` is not one."""
    hour12 = moment.hour % 12 or 12
    iso_year, iso_week, _ = moment.isocalendar()
    simple = {
        "Y": _year(moment.year),
        "C": f"{moment.year // 100:02d}",
        "y": f"{moment.year % 100:02d}",
        "m": f"{moment.month:02d}",
        "b": _MONTH_NAMES[moment.month - 1][:3],
        "h": _MONTH_NAMES[moment.month - 1][:3],
        "B": _MONTH_NAMES[moment.month - 1],
        "d": f"{moment.day:02d}",
        "e": f"{moment.day:2d}",
        "a": _DAY_NAMES[moment.weekday()][:3],
        "A": _DAY_NAMES[moment.weekday()],
        "w": str((moment.weekday() + 1) % 7),
        "u": str(moment.weekday() + 1),
        "U": moment.strftime("%U"),
        "W": moment.strftime("%W"),
        "G": f"{iso_year:04d}",
        "g": f"{iso_year % 100:02d}",
        "V": f"{iso_week:02d}",
        "j": f"{moment.timetuple().tm_yday:03d}",
        "H": f"{moment.hour:02d}",
        "k": f"{moment.hour:2d}",
        "I": f"{hour12:02d}",
        "l": f"{hour12:2d}",
        "P": "am" if moment.hour < 12 else "pm",
        "p": "AM" if moment.hour < 12 else "PM",
        "M": f"{moment.minute:02d}",
        "S": f"{moment.second:02d}",
        "f": f"{nanoseconds:09d}",
        "Z": "UTC",
        "z": "+0000",
        "s": str(int(moment.timestamp())),
        "t": "\t",
        "n": "\n",
        "%": "%",
    }
    if code in simple:
        return simple[code]
    composite = {
        "D": "%m/%d/%y",
        "x": "%m/%d/%y",
        "F": "%Y-%m-%d",
        "v": "%e-%b-%Y",
        "R": "%H:%M",
        "T": "%H:%M:%S",
        "X": "%H:%M:%S",
        "r": "%I:%M:%S %p",
        "c": "%a %b %e %H:%M:%S %Y",
        "+": "%Y-%m-%dT%H:%M:%S%.f+00:00",
    }
    if code in composite:
        return format_timestamp_parts(composite[code], moment, nanoseconds)
    return None


def _pad(text: str, flag: str) -> str:
    if flag == "-":
        return text.lstrip("0 ") or "0"
    if flag == "_":
        stripped = text.lstrip("0") or "0"
        return stripped.rjust(len(text))
    if flag == "0":
        return text.replace(" ", "0")
    return text


def format_timestamp_parts(pattern: str, moment, nanoseconds: int) -> str:
    """Expand chrono-style directives in ``pattern``; raise ValueError for an unknown one."""
    parts = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char != "%":
            parts.append(char)
            index += 1
            continue
        rest = pattern[index + 1 :]
        if rest.startswith((".3f", ".6f", ".9f")):
            parts.append("." + _fraction(nanoseconds, int(rest[1])))
            index += 4
        elif rest.startswith(".f"):
            fraction = _fraction(nanoseconds, None)
            parts.append("." + fraction if fraction else "")
            index += 3
        elif rest[:2] in ("3f", "6f", "9f"):
            parts.append(_fraction(nanoseconds, int(rest[0])))
            index += 3
        elif rest.startswith(":z"):
            parts.append("+00:00")
            index += 3
        elif rest[:1] in ("-", "_", "0") and len(rest) > 1:
            text = _directive(rest[1], moment, nanoseconds)
            if text is None:
                raise ValueError(pattern)
            parts.append(_pad(text, rest[0]))
            index += 3
        else:
            text = _directive(rest[:1], moment, nanoseconds) if rest else None
            if text is None:
                raise ValueError(pattern)
            parts.append(text)
            index += 2
    return "".join(parts)


@register("time/format")
def format_(timestamp, pattern):
    """Format a timestamp (UTC) with chrono-style directives such as ``%Y-%m-%d``."""
    moment, nanoseconds = _utc_datetime("time/format", timestamp)
    check_string("time/format", pattern)
    try:
        return format_timestamp_parts(pattern, moment, nanoseconds)
    except ValueError as exc:
        raise EvalError(f'time/format: invalid format string: "{pattern}"') from exc


# ---------------------------------------------------------------------------
# Parsing

# chrono directive -> Python strptime directive(s).
_PARSE_DIRECTIVES = {
    "F": "%Y-%m-%d",
    "T": "%H:%M:%S",
    "X": "%H:%M:%S",
    "R": "%H:%M",
    "D": "%m/%d/%y",
    "x": "%m/%d/%y",
    "e": "%d",
    "k": "%H",
    "l": "%I",
    "P": "%p",
    "h": "%b",
    "c": "%a %b %d %H:%M:%S %Y",
    "r": "%I:%M:%S %p",
    "+": "%Y-%m-%dT%H:%M:%S%z",
}
_DATE_CODES = set("YmdjFDxcs+") | {"b", "B", "e", "h"}
_HOUR_CODES = set("HIklTRXrcs+")
_MINUTE_CODES = set("MTRXrcs+")


def _translate_parse_pattern(pattern: str) -> tuple[str, set[str]]:
    """Return the strptime pattern for a chrono pattern and the directives it uses."""
    parts = []
    used: set[str] = set()
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char != "%":
            parts.append("%%" if char == "%" else char)
            index += 1
            continue
        rest = pattern[index + 1 :]
        if rest.startswith((".3f", ".6f", ".9f", ".f")):
            parts.append(".%f")
            index += 4 if rest[1] != "f" else 3
            continue
        code = rest[:1]
        used.add(code)
        parts.append(_PARSE_DIRECTIVES.get(code, "%" + code))
        index += 2
    return "".join(parts), used


@register("time/parse")
def parse(text, pattern):
    """Parse ``text`` as a UTC date and time and return whole seconds as a float.

    The pattern must give a full date and at least hours and minutes.
    """
    from datetime import datetime, timezone

    check_string("time/parse", text)
    check_string("time/parse", pattern)
    if pattern.strip() == "%s":
        try:
            return float(int(text.strip()))
        except ValueError as exc:
            raise EvalError("time/parse: parse error: input contains invalid characters") from exc
    python_pattern, used = _translate_parse_pattern(pattern)
    if not (used & _DATE_CODES and used & _HOUR_CODES and used & _MINUTE_CODES):
        raise EvalError("time/parse: parse error: input is not enough for unique date and time")
    try:
        moment = datetime.strptime(text, python_pattern)
    except ValueError as exc:
        message = str(exc)
        if message.startswith("unconverted data remains"):
            message = "trailing input"
        raise EvalError(f"time/parse: parse error: {message}") from exc
    # The wall-clock time is taken as UTC even when the text has an offset.
    moment = moment.replace(tzinfo=timezone.utc)
    return float(int(moment.timestamp()))


# ---------------------------------------------------------------------------
# Arithmetic and parts


@register("time/now")
def now():
    """Return the current time in seconds, with millisecond precision."""
    return _clock.time_ns() // 1_000_000 / 1000


@register("time/add")
def add(timestamp, seconds):
    check_number("time/add", timestamp)
    check_number("time/add", seconds)
    return float(timestamp) + float(seconds)


@register("time/diff")
def diff(later, earlier):
    """Return ``later - earlier`` in seconds, as a float."""
    check_number("time/diff", later)
    check_number("time/diff", earlier)
    return float(later) - float(earlier)


@register("time/date-parts")
def date_parts(timestamp):
    """Return ``{:year :month :day :hour :minute :second :weekday}`` in UTC."""
    moment, _ = _utc_datetime("time/date-parts", timestamp)
    return Map(
        {
            Keyword("year"): moment.year,
            Keyword("month"): moment.month,
            Keyword("day"): moment.day,
            Keyword("hour"): moment.hour,
            Keyword("minute"): moment.minute,
            Keyword("second"): moment.second,
            Keyword("weekday"): _DAY_NAMES[moment.weekday()],
        }
    )


@register("time/ms")
def elapsed_ms(thunk):
    """Call ``thunk`` and return how long it ran in milliseconds, as a float."""
    check_function("time/ms", thunk)
    start = _clock.perf_counter_ns()
    thunk()
    return (_clock.perf_counter_ns() - start) / 1_000_000
