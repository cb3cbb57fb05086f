"""Where price tables come from: the shipped snapshot, the web and its cache.

The fetched format is llm-prices.com's ``current-v1.json``::

    {"updated_at": "YYYY-MM-DD",
     "prices": [{"id", "vendor", "name", "input", "output", "input_cached"}]}

An entry with a missing, null or negative price is skipped; a file with no
usable entry, or not of this shape, is ignored and the previous source
stays.

:func:`load_pricing` (run by ``llm/auto-configure``) uses the cache at
``$SEMA_HOME/pricing-cache.json`` (``~/.sema`` by default) when it is
younger than 24 hours, so start-up costs no network time. Otherwise it
fetches ``$SEMA_PRICING_URL`` (the llm-prices.com file by default) with a
2 second total deadline; a good file replaces the cache by write-then-
rename, so a crash never leaves half a file. When the fetch fails, a stale
but valid cache still beats the built-in snapshot. Failures are logged at
DEBUG level only.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
from decimal import Decimal
from importlib import resources
from pathlib import Path

from .logs import logger
from .pricing import Price, PriceTable, pricing

__all__ = [
    "builtin_table",
    "cache_path",
    "fetch",
    "load_pricing",
    "parse_table",
    "write_cache",
]

LOGGER = "runtime.llm.pricing"

DEFAULT_URL = "https://www.llm-prices.com/current-v1.json"
URL_ENV = "SEMA_PRICING_URL"
HOME_ENV = "SEMA_HOME"
CACHE_NAME = "pricing-cache.json"
#: Seconds for the whole fetch: connect, headers and body.
FETCH_DEADLINE = 2.0
#: Seconds a cache stays fresh enough to skip the fetch.
CACHE_MAX_AGE = 24 * 3600
_MAX_BYTES = 8 * 1024 * 1024


def _price(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    value = Decimal(value)
    return value if value.is_finite() and value >= 0 else None


def _entry(item) -> tuple[str, str, Price] | None:
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        return None
    price_in, price_out = _price(item.get("input")), _price(item.get("output"))
    if price_in is None or price_out is None:
        return None
    vendor = item.get("vendor") if isinstance(item.get("vendor"), str) else ""
    return (
        item["id"],
        vendor,
        Price(price_in, price_out, _price(item.get("input_cached"))),
    )


def parse_table(raw: bytes | str) -> PriceTable | None:
    """Parse a ``current-v1.json`` document; None when it is not that shape."""
    try:
        data = json.loads(raw, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("prices"), list):
        return None
    entries = [entry for entry in map(_entry, data["prices"]) if entry is not None]
    if not entries:
        return None
    updated = data.get("updated_at")
    return PriceTable(entries, updated if isinstance(updated, str) else None)


def builtin_table() -> PriceTable:
    """The snapshot shipped in ``runtime/data/llm-prices.json``."""
    raw = resources.files("runtime").joinpath("data/llm-prices.json").read_bytes()
    table = parse_table(raw)
    if table is None:
        raise RuntimeError("runtime/data/llm-prices.json is damaged; reinstall semac")
    return table


def cache_path() -> Path:
    home = os.environ.get(HOME_ENV) or os.path.join(os.path.expanduser("~"), ".sema")
    return Path(home) / CACHE_NAME


def read_cache(path: Path) -> tuple[PriceTable | None, bool]:
    """Return ``(table or None, fresh)``; a corrupt cache reads as no cache."""
    try:
        age = time.time() - path.stat().st_mtime
        table = parse_table(path.read_bytes())
    except OSError:
        return None, False
    return table, table is not None and age < CACHE_MAX_AGE


def write_cache(path: Path, raw: bytes) -> None:
    """Replace ``path`` by ``raw`` atomically: a temporary file in the same
    folder, flushed to disk, then renamed over the old one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(raw)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _download(url: str, deadline: float, result: list) -> None:
    import httpx  # only auto-configure fetches; see runtime.llm.transport

    chunks, size = [], 0
    with httpx.stream(
        "GET", url, timeout=FETCH_DEADLINE, follow_redirects=True
    ) as response:
        response.raise_for_status()
        for chunk in response.iter_bytes():
            size += len(chunk)
            if time.monotonic() > deadline or size > _MAX_BYTES:
                return
            chunks.append(chunk)
    result.append(b"".join(chunks))


def fetch(url: str, deadline: float = FETCH_DEADLINE) -> bytes | None:
    """GET ``url`` within ``deadline`` seconds in total; None on any failure.

    The download runs in a daemon thread so that a server that trickles
    bytes cannot hold the caller past the deadline.
    """
    result: list = []
    errors: list = []
    limit = time.monotonic() + deadline

    def run() -> None:
        try:
            _download(url, limit, result)
        except Exception as exc:  # any failure only means "no fetched prices"
            errors.append(exc)

    worker = threading.Thread(target=run, name="sema-pricing-fetch", daemon=True)
    worker.start()
    worker.join(deadline)
    if result:
        return result[0]
    reason = errors[0] if errors else f"no complete reply within {deadline:g}s"
    logger(LOGGER).debug("pricing fetch from %s failed: %s", url, reason)
    return None


def load_pricing() -> str:
    """Install the best fetched table; return ``"cache"``, ``"fetched"``,
    ``"stale-cache"`` or ``"none"`` for what was used."""
    path = cache_path()
    cached, fresh = read_cache(path)
    if fresh:
        pricing.set_fetched(cached)
        return "cache"
    raw = fetch(os.environ.get(URL_ENV) or DEFAULT_URL)
    table = parse_table(raw) if raw is not None else None
    if table is not None:
        pricing.set_fetched(table)
        try:
            write_cache(path, raw)
        except OSError as exc:
            logger(LOGGER).debug("could not write pricing cache %s: %s", path, exc)
        return "fetched"
    if raw is not None:
        logger(LOGGER).debug("ignored pricing file: not the current-v1 shape")
    if cached is not None:
        pricing.set_fetched(cached)
        return "stale-cache"
    return "none"
