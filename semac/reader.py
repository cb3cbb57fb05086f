"""The reader: Sema source text to forms that remember where they came from.

Built on :class:`sexpdata.Parser`, whose atom scanner we reuse; the parts
Sema needs beyond plain s-expressions (vectors, maps, keywords, characters,
quote shorthands, ``#(...)`` short lambdas, f-strings, positions) are
handled by :class:`SemaParser`.

Forms are runtime values (:mod:`runtime.values`) with positions attached:

* symbols are :class:`SourceSymbol`, equal to the interned symbol of the
  same name;
* lists, vectors and map literals are :class:`SourceList`,
  :class:`SourceVector` and :class:`MapLiteral`, each with ``line`` and
  ``column`` (both 1-based);
* numbers, strings, characters, keywords and booleans are plain values.

Reading is iterative, so deeply nested input cannot exhaust the stack.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from fractions import Fraction

import sexpdata

from runtime import registry as _registry
from runtime.values import Char, Keyword, Map, Symbol, Vector

from .errors import ReadError

WHITESPACE = frozenset(" \t\n\r\f\v")
DELIMITERS = frozenset("()[]{}\";'`,") | WHITESPACE
CLOSERS = {"(": ")", "[": "]", "{": "}"}
CHAR_NAMES = {
    "space": " ",
    "newline": "\n",
    "tab": "\t",
    "nul": "\0",
    "null": "\0",
    "return": "\r",
    "linefeed": "\n",
    "delete": "\x7f",
    "escape": "\x1b",
    "backspace": "\x08",
    "alarm": "\x07",
}
QUOTE_PREFIXES = {"'": "quote", "`": "quasiquote", ",": "unquote", ",@": "unquote-splicing"}

_INTEGER = re.compile(r"[+-]?\d+\Z")
_RATIONAL = re.compile(r"([+-]?\d+)/(\d+)\Z")
_FLOAT = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?\Z")
_RADIX = {"x": 16, "b": 2, "o": 8, "d": 10}

#: Whitespace and line comments. Block comments and "#!" lines are left to skip_space.
_SPACE = re.compile(r"[ \t\n\r\f\v]*(?:;[^\n]*[ \t\n\r\f\v]*)*")
#: A token: everything up to the next delimiter, as scan_token reads it.
_TOKEN = re.compile(r"[^ \t\n\r\f\v()\[\]{}\";'`,]+")
#: Tokens that look like symbols but that convert_token reads as constants.
_NAMED_TOKENS = frozenset({"true", "false", "nil"})


class SourceSymbol(Symbol):
    """A symbol occurrence in source code, with its position."""

    __slots__ = ("line", "column")

    def __new__(cls, name: str, line: int = 0, column: int = 0):
        made = Symbol.__new__(cls, name)
        made.line = line
        made.column = column
        return made


class GlobalSymbol(SourceSymbol):
    """A symbol that always means the global of its name, whatever is bound locally.

    f-strings read as ``(str ...)`` with this ``str``, so a local named
    ``str`` does not change what an f-string does; quoted, it is plain ``str``.
    """

    __slots__ = ()


class SourceList(list):
    """A parenthesised form with its position."""

    __slots__ = ("line", "column")


class SourceVector(Vector):
    """A ``[...]`` form with its position."""

    __slots__ = ("line", "column")


class MapLiteral(list):
    """A ``{...}`` form: alternating key and value forms, with its position."""

    __slots__ = ("line", "column")


#: First characters of forms that are not read as a plain token. A token
#: starting with "#" is read by the general path too, after "#(", "#;" and "#\\".
_SPECIAL_STARTS = frozenset("()[]{}'`,\"#")


def position(form) -> tuple[int, int] | None:
    """Return ``(line, column)`` of a form, or None when it has none."""
    line = getattr(form, "line", None)
    if line:
        return line, getattr(form, "column", 0)
    return None


def parse_number(token: str):
    """Return the number ``token`` denotes, or None when it is not a number."""
    if _INTEGER.match(token):
        return int(token)
    match = _RATIONAL.match(token)
    if match:
        denominator = int(match.group(2))
        if denominator == 0:
            return None
        value = Fraction(int(match.group(1)), denominator)
        return value.numerator if value.denominator == 1 else value
    if _FLOAT.match(token) and any(ch.isdigit() for ch in token):
        return float(token)
    if len(token) > 2 and token[0] == "#" and token[1].lower() in _RADIX:
        try:
            return int(token[2:], _RADIX[token[1].lower()])
        except ValueError:
            return None
    return None


class _Frame:
    """An open bracket on the reader's stack."""

    __slots__ = ("opener", "items", "line", "column", "prefixes")

    def __init__(self, opener: str, line: int, column: int) -> None:
        self.opener = opener
        self.items: list = []
        self.line = line
        self.column = column
        self.prefixes: list = []


class SemaParser(sexpdata.Parser):
    """Reads every form of a Sema source text, keeping positions."""

    def __init__(self, text: str, filename: str = "<string>") -> None:
        super().__init__(text, nil=None, true=None, false=None, line_comment=";")
        self.atom_end = set(DELIMITERS)
        self.atom_end_or_escape_re = re.compile(
            "|".join(re.escape(char) for char in sorted(DELIMITERS))
        )
        self.filename = filename
        self.text = text
        self.line_starts = [0]
        self.last_line = 0
        position = text.find("\n")
        while position != -1:
            self.line_starts.append(position + 1)
            position = text.find("\n", position + 1)

    # -- positions and errors -------------------------------------------

    def location(self, index: int) -> tuple[int, int]:
        # Tokens are read in order, so the previous result is usually one line away.
        line = self.last_line
        starts = self.line_starts
        if starts[line] <= index and (line + 1 >= len(starts) or index < starts[line + 1]):
            return line + 1, index - starts[line] + 1
        if line + 1 < len(starts) and starts[line + 1] <= index and (line + 2 >= len(starts) or index < starts[line + 2]):
            self.last_line = line + 1
            return line + 2, index - starts[line + 1] + 1
        low, high = 0, len(self.line_starts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            if self.line_starts[middle] <= index:
                low = middle
            else:
                high = middle - 1
        self.last_line = low
        return low + 1, index - self.line_starts[low] + 1

    def error(self, message: str, index: int) -> ReadError:
        line, column = self.location(min(index, len(self.text)))
        return ReadError(message, self.filename, line, column, self.text)

    # -- atoms ------------------------------------------------------------

    def atom(self, token: str):
        """Convert one scanned token; called by :meth:`sexpdata.Parser.parse_atom`."""
        return token

    def convert_token(self, token: str, index: int, line: int, column: int):
        number = parse_number(token)
        if number is not None:
            return number
        if token in ("#t", "true", "#true"):
            return True
        if token in ("#f", "false", "#false"):
            return False
        if token == "nil":
            return None
        if token.startswith(":") and len(token) > 1:
            return Keyword(token[1:])
        if token.startswith("#"):
            raise self.error(f"invalid syntax {token!r}", index)
        return SourceSymbol(token, line, column)

    def scan_token(self, index: int) -> tuple[int, str]:
        end = index
        text = self.text
        length = len(text)
        while end < length and text[end] not in DELIMITERS:
            end += 1
        return end, text[index:end]

    def read_character(self, index: int) -> tuple[int, Char]:
        # index points at '#'; text[index + 1] == '\\'
        start = index + 2
        if start >= len(self.text):
            raise self.error("expected a character after #\\", index)
        end = start + 1
        while end < len(self.text) and self.text[end] not in DELIMITERS:
            end += 1
        name = self.text[start:end]
        if len(name) == 1:
            return end, Char(name)
        if name in CHAR_NAMES:
            return end, Char(CHAR_NAMES[name])
        if name[0] in "xuU" and len(name) > 1:
            try:
                return end, Char(chr(int(name[1:], 16)))
            except (ValueError, OverflowError):
                pass
        # A delimiter character such as #\( or #\; is read as itself.
        if self.text[start] in DELIMITERS:
            return start + 1, Char(self.text[start])
        raise self.error(f"unknown character name #\\{name}", index)

    def read_string(self, index: int) -> tuple[int, str]:
        text = self.text
        end = text.find('"', index + 1)
        if end != -1 and text.find("\\", index + 1, end) == -1:
            return end + 1, text[index + 1 : end]
        parts = []
        position = index + 1
        length = len(text)
        while True:
            if position >= length:
                raise self.error("unterminated string: expected a closing '\"'", index)
            char = text[position]
            if char == '"':
                return position + 1, "".join(parts)
            if char != "\\":
                parts.append(char)
                position += 1
                continue
            position += 1
            if position >= length:
                raise self.error("unterminated string: expected a closing '\"'", index)
            escape = text[position]
            simple = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "0": "\0", "$": "$"}
            if escape in simple:
                parts.append(simple[escape])
                position += 1
            elif escape == "x":
                end = text.find(";", position)
                digits = text[position + 1 : end] if end != -1 else ""
                if end == -1 or not digits or not all(c in "0123456789abcdefABCDEF" for c in digits):
                    raise self.error("invalid \\x escape: expected hex digits and ';'", position - 1)
                parts.append(chr(int(digits, 16)))
                position = end + 1
            elif escape == "u":
                digits = text[position + 1 : position + 5]
                if len(digits) != 4 or not all(c in "0123456789abcdefABCDEF" for c in digits):
                    raise self.error("invalid \\u escape: expected 4 hex digits", position - 1)
                parts.append(chr(int(digits, 16)))
                position += 5
            elif escape == "\n":
                position += 1
                while position < length and text[position] in " \t":
                    position += 1
            else:
                # The reference keeps an unknown escape as written: "\q" is backslash, q.
                parts.append("\\" + escape)
                position += 1

    # -- the main loop ----------------------------------------------------

    def skip_space(self, index: int) -> int:
        text = self.text
        length = len(text)
        while index < length:
            char = text[index]
            if char in WHITESPACE:
                index += 1
            elif char == ";":
                newline = text.find("\n", index)
                index = length if newline == -1 else newline + 1
            elif text.startswith("#|", index):
                end = self.skip_block_comment(index)
                index = end
            elif text.startswith("#!", index) and index == 0:
                newline = text.find("\n", index)
                index = length if newline == -1 else newline + 1
            else:
                break
        return index

    def skip_block_comment(self, index: int) -> int:
        depth = 0
        position = index
        while position < len(self.text):
            if self.text.startswith("#|", position):
                depth += 1
                position += 2
            elif self.text.startswith("|#", position):
                depth -= 1
                position += 2
                if depth == 0:
                    return position
            else:
                position += 1
        raise self.error("unterminated block comment: expected '|#'", index)

    def read_all(self) -> list:
        """Return every top-level form of the text."""
        forms: list = []
        stack: list[_Frame] = []
        pending_prefixes: list = []  # (name, line, column) for quote shorthands
        discard_next: list[int] = []  # stack depths where a #; datum is pending
        text = self.text
        length = len(text)
        index = 0
        skip = _SPACE.match
        scan = _TOKEN.match
        new_object = object.__new__
        line_starts = self.line_starts
        # The line that contains ``index`` (0-based, into line_starts), where
        # it starts and where the next one starts. Index only grows here, so
        # the line needs finding again only once index passes next_line_start.
        line_number = 0
        line_start = 0
        next_line_start = line_starts[1] if len(line_starts) > 1 else length + 1

        def finish(value, index_of_value):
            nonlocal pending_prefixes
            # Apply quote prefixes that were waiting for this datum.
            target_prefixes = stack[-1].prefixes if stack else pending_prefixes
            while target_prefixes and target_prefixes[-1][3] == len(stack):
                name, line, column, _ = target_prefixes.pop()
                wrapped = SourceList([SourceSymbol(name, line, column), value])
                wrapped.line, wrapped.column = line, column
                value = wrapped
            if discard_next and discard_next[-1] == len(stack):
                discard_next.pop()
                return
            if stack:
                stack[-1].items.append(value)
            else:
                forms.append(value)

        while True:
            index = skip(text, index).end()
            if index >= length:
                break
            char = text[index]
            if char == "#" and text[index + 1 : index + 2] in ("|", "!"):
                index = self.skip_space(index)
                if index >= length:
                    break
                char = text[index]
            if index >= next_line_start:
                line_number = bisect_right(line_starts, index) - 1
                line_start = line_starts[line_number]
                next_line_start = line_starts[line_number + 1] if line_number + 1 < len(line_starts) else length + 1
            line = line_number + 1
            column = index - line_start + 1
            if char not in _SPECIAL_STARTS and not (char == "f" and text.startswith('f"', index)):
                # A token that does not start with "#". Such a number starts
                # with a digit, a sign or a dot. Only numbers, keywords and
                # named constants need convert_token.
                match = scan(text, index)
                if match is None:
                    raise self.error(f"unexpected character {char!r}", index)
                end = match.end()
                token = text[index:end]
                if char in "+-." and end - index > 1 or char == ":" or char.isdigit() or token in _NAMED_TOKENS:
                    value = self.convert_token(token, index, line, column)
                else:
                    # SourceSymbol(token, line, column) without its two __new__ calls.
                    value = new_object(SourceSymbol)
                    value.name = token
                    value.line = line
                    value.column = column
                index = end
                if stack:
                    frame = stack[-1]
                    if not frame.prefixes and not discard_next:
                        frame.items.append(value)
                        continue
                finish(value, index)
                continue
            if char in "([{":
                stack.append(_Frame(char, line, column))
                index += 1
                continue
            if text.startswith("#(", index):
                stack.append(_Frame("#(", line, column))
                index += 2
                continue
            if char in ")]}":
                if not stack:
                    raise self.error(f"unexpected '{char}' with no open bracket", index)
                frame = stack[-1]
                opener = "(" if frame.opener == "#(" else frame.opener
                if CLOSERS[opener] != char:
                    raise self.error(
                        f"expected '{CLOSERS[opener]}' to close '{frame.opener}' opened at "
                        f"line {frame.line}, column {frame.column}, found '{char}'",
                        index,
                    )
                if frame.prefixes:
                    name = frame.prefixes[-1][0]
                    raise self.error(f"expected a form after {name} shorthand", index)
                stack.pop()
                value = self.build(frame, index)
                index += 1
                finish(value, index)
                continue
            if char in "'`,":
                name = QUOTE_PREFIXES[char]
                size = 1
                if text.startswith(",@", index):
                    name, size = "unquote-splicing", 2
                target = stack[-1].prefixes if stack else pending_prefixes
                target.append((name, line, column, len(stack)))
                index += size
                continue
            if text.startswith("#;", index):
                discard_next.append(len(stack))
                index += 2
                continue
            if char == '"':
                index, value = self.read_string(index)
                finish(value, index)
                continue
            if text.startswith('f"', index):
                end, raw = self.read_fstring(index + 1)
                value = self.build_fstring(raw, line, column, index)
                index = end
                finish(value, index)
                continue
            if text.startswith("#\\", index):
                index, value = self.read_character(index)
                finish(value, index)
                continue
            end, token = self.scan_token(index)
            if not token:
                raise self.error(f"unexpected character {char!r}", index)
            value = self.convert_token(token, index, line, column)
            index = end
            finish(value, index)

        if stack:
            frame = stack[-1]
            opener = "(" if frame.opener == "#(" else frame.opener
            raise ReadError(
                f"unexpected end of input: expected '{CLOSERS[opener]}' to close "
                f"'{frame.opener}' opened at line {frame.line}, column {frame.column}",
                self.filename,
                frame.line,
                frame.column,
                self.text,
            )
        if pending_prefixes or discard_next:
            raise self.error("unexpected end of input: expected a form after a quote", length)
        return forms

    def read_fstring(self, index: int) -> tuple[int, str]:
        """Read an f-string's text, whose ${...} parts may hold strings of their own.

        Escapes outside ${...} are decoded; the text inside is returned as
        written, to be read as a form.
        """
        text = self.text
        parts: list[str] = []
        position = index + 1
        while position < len(text):
            char = text[position]
            if char == '"':
                return position + 1, "".join(parts)
            if text.startswith("${", position):
                end = self.skip_embedded(position + 2, index)
                parts.append(text[position:end])
                position = end
                continue
            if char == "\\":
                end, decoded = self.read_string_piece(position)
                parts.append(decoded.replace("$", "\x00dollar"))
                position = end
                continue
            parts.append(char)
            position += 1
        raise self.error("unterminated f-string: expected a closing '\"'", index - 1)

    def skip_embedded(self, position: int, start: int) -> int:
        """Return the index just after the '}' that closes a ${ opened before ``position``."""
        depth = 1
        text = self.text
        while position < len(text):
            char = text[position]
            if char == '"':
                position, _ = self.read_string(position)
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    return position + 1
            position += 1
        raise self.error("unterminated ${ in f-string: expected '}'", start - 1)

    def read_string_piece(self, position: int) -> tuple[int, str]:
        """Decode the single escape sequence at ``position`` (a backslash)."""
        probe = '"' + self.text[position : position + 12]
        size = 3  # the quote, the backslash and one character
        if probe[2:3] == "x" and ";" in probe:
            size = probe.index(";") + 1
        elif probe[2:3] == "u":
            size = 7
        _, decoded = SemaParser(probe[:size] + '"', self.filename).read_string(0)
        return position + size - 1, decoded

    def build(self, frame: _Frame, index: int):
        items = frame.items
        if frame.opener == "(":
            result = SourceList(items)
        elif frame.opener == "[":
            result = SourceVector(items)
        elif frame.opener == "{":
            if len(items) % 2:
                raise ReadError(
                    "map literal needs an even number of forms (key value pairs)",
                    self.filename,
                    frame.line,
                    frame.column,
                    self.text,
                )
            result = MapLiteral(items)
        else:
            result = self.build_short_lambda(items, frame)
        result.line, result.column = frame.line, frame.column
        return result

    def build_short_lambda(self, body: list, frame: _Frame) -> SourceList:
        highest = 0
        uses_rest = False
        stack = [body]
        while stack:
            current = stack.pop()
            for item in current:
                if isinstance(item, Symbol):
                    name = item.name
                    if name == "%":
                        highest = max(highest, 1)
                    elif name == "%&":
                        uses_rest = True
                    elif name.startswith("%") and name[1:].isdigit():
                        highest = max(highest, int(name[1:]))
                elif isinstance(item, list):
                    stack.append(item)
        line, column = frame.line, frame.column

        def replace(form):
            if isinstance(form, Symbol) and form.name == "%":
                return SourceSymbol("%1", getattr(form, "line", line), getattr(form, "column", column))
            if isinstance(form, list) and type(form) in (SourceList, SourceVector, MapLiteral):
                copy = type(form)(replace(item) for item in form)
                copy.line, copy.column = form.line, form.column
                return copy
            return form

        params = [SourceSymbol(f"%{n}", line, column) for n in range(1, highest + 1)]
        if uses_rest:
            params += [SourceSymbol(".", line, column), SourceSymbol("%&", line, column)]
        param_list = SourceList(params)
        param_list.line, param_list.column = line, column
        call = SourceList(replace(item) for item in body)
        call.line, call.column = line, column
        result = SourceList([SourceSymbol("lambda", line, column), param_list, call])
        return result

    def build_fstring(self, raw: str, line: int, column: int, index: int) -> SourceList:
        parts: list = [GlobalSymbol("str", line, column)]
        position = 0
        literal: list[str] = []
        while position < len(raw):
            if raw.startswith("${", position):
                end = embedded_end(raw, position + 2)
                if end < 0:
                    raise self.error("unterminated ${ in f-string: expected '}'", index)
                if literal:
                    parts.append("".join(literal))
                    literal = []
                inner = SemaParser(raw[position + 2 : end], self.filename).read_all()
                if len(inner) != 1:
                    raise self.error("each ${...} in an f-string must hold exactly one form", index)
                parts.append(inner[0])
                position = end + 1
            else:
                literal.append(raw[position])
                position += 1
        if literal:
            parts.append("".join(literal))
        parts = [part.replace("\x00dollar", "$") if isinstance(part, str) else part for part in parts]
        result = SourceList(parts)
        result.line, result.column = line, column
        return result


def embedded_end(raw: str, position: int) -> int:
    """Index of the '}' closing a ${ whose body starts at ``position``, or -1."""
    depth = 1
    while position < len(raw):
        char = raw[position]
        if char == '"':
            position += 1
            while position < len(raw) and raw[position] != '"':
                position += 2 if raw[position] == "\\" else 1
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return position
        position += 1
    return -1


def read_string(text: str, filename: str = "<string>") -> list:
    """Return all top-level forms in ``text``; raises :class:`ReadError`."""
    return SemaParser(text, filename).read_all()


def strip_source(form):
    """Return ``form`` as plain runtime data: lists, vectors, maps, interned symbols."""
    if isinstance(form, Symbol):
        return Symbol(form.name)
    if isinstance(form, MapLiteral):
        result = Map()
        for key, value in zip(form[0::2], form[1::2]):
            result[strip_source(key)] = strip_source(value)
        return result
    if isinstance(form, Vector):
        return Vector(strip_source(item) for item in form)
    if isinstance(form, list):
        return [strip_source(item) for item in form]
    if isinstance(form, dict):
        result = Map()
        for key, value in form.items():
            result[strip_source(key)] = strip_source(value)
        return result
    return form


# Lend the reader to runtime builtins such as read-many, which may not import semac.
_registry.HOOKS.update({"read_string": read_string, "strip_source": strip_source, "ReadError": ReadError})
