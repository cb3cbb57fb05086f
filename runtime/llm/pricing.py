"""Model prices and the cost of a call.

Prices are US dollars per million tokens, kept as exact
:class:`~decimal.Decimal` values so that sums never drift
(``0.1 + 0.2`` stays ``0.3``); they become floats only when shown.

Resolution order for a model, first match wins:

1. custom prices from ``llm/set-pricing``: the exact model name, then the
   longest pattern contained in the name;
2. the fetched llm-prices.com table, when ``llm/auto-configure`` loaded one
   (see :mod:`runtime.llm.price_sources`);
3. the built-in table shipped as ``runtime/data/llm-prices.json``, a dated
   snapshot of the same format;
4. unknown: the cost is None, and stderr gets a one-time warning naming
   the model.

Within a table a model name is looked up as the exact id, then as
``vendor/id``, then normalised (:func:`normalise`), then as the longest
normalised id contained in the normalised name at a ``-`` boundary.
"""

from __future__ import annotations

import re
import sys
import threading
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from ..errors import LLMError, type_name
from .usage import Usage

__all__ = ["Price", "PriceTable", "normalise", "pricing", "to_decimal"]

MILLION = Decimal(1_000_000)
CACHE_WRITE_FACTOR = Decimal("1.25")


def to_decimal(value, what: str = "price") -> Decimal:
    """Convert a Sema number to an exact Decimal; floats go through their repr
    so that ``0.15`` means 0.15, not its binary expansion."""
    if isinstance(value, bool):
        raise LLMError(f"{what} must be a number, got a boolean")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise LLMError(f"{what} must be finite, got {value}")
        return Decimal(repr(value))
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    raise LLMError(f"{what} must be a number, got {type_name(value)}")


class Price(NamedTuple):
    """USD per million tokens; ``cached_input`` None means the input price."""

    input: Decimal
    output: Decimal
    cached_input: Decimal | None = None

    def cost(self, usage: Usage) -> Decimal:
        """Exact USD cost of ``usage``.

        Uncached input at ``input``, cache reads at ``cached_input``, cache
        writes at 1.25 x ``input``, all output at ``output``.
        """
        cached = self.input if self.cached_input is None else self.cached_input
        fresh = (
            usage.prompt_tokens - usage.cache_read_tokens - usage.cache_creation_tokens
        )
        micro = (
            max(fresh, 0) * self.input
            + usage.cache_read_tokens * cached
            + usage.cache_creation_tokens * CACHE_WRITE_FACTOR * self.input
            + usage.completion_tokens * self.output
        )
        return micro / MILLION

    def worst_case(self, prompt_tokens: int, completion_tokens: int) -> Decimal:
        """USD cost if every prompt token is uncached input and the output is full."""
        return (prompt_tokens * self.input + completion_tokens * self.output) / MILLION


_DATE_SUFFIX = re.compile(r"(-\d{8}|-\d{4}-\d{2}-\d{2}|@\d{8})$")


def normalise(name: str) -> str:
    """Lower case, ``vendor/`` prefix and ``:tag`` dropped, ``.`` as ``-``,
    and a ``-YYYYMMDD`` or ``-YYYY-MM-DD`` suffix removed."""
    name = name.lower().rsplit("/", 1)[-1].split(":", 1)[0]
    return _DATE_SUFFIX.sub("", name.replace(".", "-"))


def _contains_at_boundary(name: str, part: str) -> bool:
    start = name.find(part)
    while start >= 0:
        end = start + len(part)
        if (start == 0 or name[start - 1] in "-_") and (
            end == len(name) or name[end] in "-_"
        ):
            return True
        start = name.find(part, start + 1)
    return False


class PriceTable:
    """An immutable price list: ``(id, vendor, Price)`` entries plus their date."""

    def __init__(
        self, entries: list[tuple[str, str, Price]], updated_at: str | None
    ) -> None:
        self.updated_at = updated_at
        self.size = len(entries)
        self._by_id: dict[str, Price] = {}
        self._by_normal: dict[str, Price] = {}
        for model_id, vendor, price in entries:
            self._by_id.setdefault(model_id, price)
            if vendor:
                self._by_id.setdefault(f"{vendor}/{model_id}", price)
            self._by_normal.setdefault(normalise(model_id), price)
        self._longest_first = sorted(
            self._by_normal.items(), key=lambda item: -len(item[0])
        )

    def lookup(self, model: str) -> Price | None:
        """Find ``model``'s price by the rules in the module docstring, or None."""
        found = self._by_id.get(model)
        if found is not None:
            return found
        name = normalise(model)
        found = self._by_normal.get(name)
        if found is not None:
            return found
        for normal_id, price in self._longest_first:
            if _contains_at_boundary(name, normal_id):
                return price
        return None


class Pricing:
    """The process-wide resolver: custom prices over fetched over built-in.

    Thread-safe. Lookups are memoised per model until a source changes.
    """

    def __init__(self, builtin_loader) -> None:
        self._lock = threading.Lock()
        self._builtin_loader = builtin_loader
        self._builtin: PriceTable | None = None
        self._fetched: PriceTable | None = None
        self._custom: dict[str, Price] = {}
        self._memo: dict[str, Price | None] = {}
        self._warned: set[str] = set()

    def set_custom(self, pattern: str, price: Price) -> None:
        with self._lock:
            self._custom[pattern] = price
            self._memo = {}

    def set_fetched(self, table: PriceTable | None) -> None:
        with self._lock:
            self._fetched = table
            self._memo = {}

    def reset(self) -> None:
        """Forget custom and fetched prices and the unknown-model warnings."""
        with self._lock:
            self._custom = {}
            self._fetched = None
            self._memo = {}
            self._warned = set()

    def status(self) -> tuple[str, str | None]:
        """``("fetched", date)`` or ``("hardcoded", date)`` for the table in use."""
        if self._fetched is not None:
            return "fetched", self._fetched.updated_at
        return "hardcoded", self._builtin_table().updated_at

    def price_for(self, model: str, warn: bool = True) -> Price | None:
        """Return ``model``'s price, or None when unknown; then, if ``warn``,
        stderr gets a warning naming the model, once per process."""
        memo = self._memo
        if model in memo:
            price = memo[model]
        else:
            price = memo[model] = self._resolve(model)
        if price is None and warn:
            self._warn_unknown(model)
        return price

    def _resolve(self, model: str) -> Price | None:
        custom = self._custom
        if model in custom:
            return custom[model]
        contained = [pattern for pattern in custom if pattern in model]
        if contained:
            return custom[max(contained, key=len)]
        for table in (self._fetched, self._builtin_table()):
            found = table.lookup(model) if table is not None else None
            if found is not None:
                return found
        return None

    def _builtin_table(self) -> PriceTable:
        if self._builtin is None:
            self._builtin = self._builtin_loader()
        return self._builtin

    def _warn_unknown(self, model: str) -> None:
        if model in self._warned:
            return
        with self._lock:
            if model in self._warned:
                return
            self._warned.add(model)
        print(
            f"warning: no price known for model {model!r}; its cost is unknown and "
            "cost budgets cannot count it (set one with llm/set-pricing)",
            file=sys.stderr,
        )


def _load_builtin() -> PriceTable:
    from .price_sources import builtin_table

    return builtin_table()


#: The resolver every call uses.
pricing = Pricing(_load_builtin)
