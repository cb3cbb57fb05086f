"""Which providers exist and which one serves calls that name none.

``llm/configure`` and ``llm/define-provider`` register a provider and make
it the default. ``llm/auto-configure`` registers one per credential found
in the environment:

=====================================  ===================================
variable                               provider
=====================================  ===================================
``ANTHROPIC_API_KEY``                  ``:anthropic``
``OPENAI_API_KEY``, ``OPENAI_BASE_URL``  ``:openai`` (either one suffices)
``GEMINI_API_KEY`` or ``GOOGLE_API_KEY``  ``:gemini``
``OLLAMA_HOST``                        ``:ollama``, OpenAI-compatible
=====================================  ===================================

``SEMA_CHAT_PROVIDER`` picks the default among them (else the first in the
table's order) and ``SEMA_CHAT_MODEL`` its model. A call made while no
provider is registered does the same registration first (without loading
prices), so a program with a key in its environment needs no set-up
call. Nothing here opens a connection; the first call does.
"""

from __future__ import annotations

import os
import threading
from urllib.parse import urlsplit

from ..errors import LLMError
from ..values import Keyword
from .providers import KINDS, OpenAIProvider, Provider
from .request import read_options

__all__ = ["auto_configure", "configure", "providers"]

#: What to tell a user who has no provider.
SETUP_HINT = (
    "set ANTHROPIC_API_KEY, OPENAI_API_KEY (or OPENAI_BASE_URL for a compatible "
    "server), GEMINI_API_KEY or OLLAMA_HOST (e.g. http://localhost:11434) and call "
    "llm/auto-configure, or register one with llm/configure or llm/define-provider"
)
KEY_VARIABLES = {
    "openai": ("OPENAI_API_KEY",),
    "anthropic": ("ANTHROPIC_API_KEY",),
    "gemini": ("GEMINI_API_KEY", "GOOGLE_API_KEY"),
}
DEFAULT_OLLAMA_HOST = "http://localhost:11434"
OLLAMA_MODEL = "llama3.2"
CONFIGURE_OPTIONS = frozenset(
    {"api-key", "base-url", "default-model", "timeout", "max-retries", "kind"}
)


class Providers:
    """The thread-safe table of registered providers and the default's name."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._first_use = threading.Lock()
        self._table: dict[str, Provider] = {}
        self._default: str | None = None

    def register(self, provider: Provider, make_default: bool = True) -> None:
        """Add ``provider`` under its name. One it replaces is not closed, since
        calls in flight may still use it; its connections go with it."""
        with self._lock:
            self._table[provider.name] = provider
            if make_default or self._default is None:
                self._default = provider.name

    def set_default(self, name: str) -> None:
        with self._lock:
            if name not in self._table:
                raise LLMError(
                    f"no provider named :{name}; registered: {self._names()}"
                )
            self._default = name

    def get(self, name: str | None = None) -> Provider:
        """Return the named provider, or the default; raises :class:`LLMError`
        when there is none."""
        provider = self._table.get(name if name is not None else self._default)
        if provider is not None:
            return provider
        if name is not None:
            raise LLMError(f"no provider named :{name}; registered: {self._names()}")
        with self._first_use:  # concurrent first calls configure once
            if self._default is None and auto_configure(load_prices=False) is None:
                raise LLMError(f"no LLM provider is configured: {SETUP_HINT}")
        return self._table[self._default]

    @property
    def default(self) -> str | None:
        return self._default

    def clear(self) -> None:
        with self._lock:
            table, self._table, self._default = self._table, {}, None
        for provider in table.values():
            provider.close()

    def _names(self) -> str:
        return " ".join(f":{name}" for name in sorted(self._table)) or "none"


#: The providers every call uses.
providers = Providers()


def _env(name: str) -> str | None:
    # Surrounding whitespace (a CRLF .env file's "\r") is never part of a key or URL.
    return (os.environ.get(name) or "").strip() or None


def _key_from_env(kind: str) -> str | None:
    for variable in KEY_VARIABLES.get(kind, ()):
        if _env(variable):
            return _env(variable)
    return None


def configure(name: str, opts=None, **kwargs) -> Keyword:
    """Register an HTTP provider called ``name`` and make it the default.

    ``opts``: ``:kind`` (``openai``, ``anthropic`` or ``gemini``; defaults
    to ``name``), ``:api-key`` (defaults to the kind's environment
    variable), ``:base-url``, ``:default-model``, ``:timeout`` (seconds)
    and ``:max-retries``. Raises :class:`LLMError` for an unknown kind or a
    missing key where the API needs one.
    """
    options = read_options("llm/configure", opts, kwargs, CONFIGURE_OPTIONS)
    kind = options.pop("kind", name)
    kind = kind.name if isinstance(kind, Keyword) else str(kind)
    if kind not in KINDS:
        raise LLMError(
            f"llm/configure: unknown provider kind :{kind} "
            "(known: :openai :anthropic :gemini)"
        )
    api_key = options.pop("api-key", None) or _key_from_env(kind)
    if api_key is None and (kind != "openai" or "base-url" not in options):
        variables = " or ".join(KEY_VARIABLES[kind])
        raise LLMError(f"llm/configure :{name} needs :api-key or {variables}")
    provider = KINDS[kind](
        name,
        api_key=api_key,
        base_url=options.get("base-url"),
        default_model=options.get("default-model"),
        **_transport_options(options),
    )
    providers.register(provider)
    return Keyword(name)


def _transport_options(options: dict) -> dict:
    found = {}
    if "timeout" in options:
        found["timeout"] = float(options["timeout"])
    if "max-retries" in options:
        found["max_retries"] = int(options["max-retries"])
    return found


def ollama_base_url(host: str) -> str:
    """``OLLAMA_HOST`` as a base URL: scheme and port 11434 added when missing."""
    if "://" not in host:
        host = f"http://{host}"
    parts = urlsplit(host)
    netloc = parts.netloc if parts.port else f"{parts.hostname}:11434"
    return f"{parts.scheme}://{netloc}{parts.path.rstrip('/')}/v1"


def _from_environment() -> list[Provider]:
    found: list[Provider] = []
    if _env("ANTHROPIC_API_KEY"):
        found.append(KINDS["anthropic"]("anthropic", api_key=_env("ANTHROPIC_API_KEY")))
    if _env("OPENAI_API_KEY") or _env("OPENAI_BASE_URL"):
        found.append(
            OpenAIProvider(
                "openai",
                api_key=_env("OPENAI_API_KEY"),
                base_url=_env("OPENAI_BASE_URL"),
            )
        )
    if _key_from_env("gemini"):
        found.append(KINDS["gemini"]("gemini", api_key=_key_from_env("gemini")))
    if _env("OLLAMA_HOST"):
        base = ollama_base_url(_env("OLLAMA_HOST"))
        found.append(
            OpenAIProvider("ollama", base_url=base, default_model=OLLAMA_MODEL)
        )
    return found


def auto_configure(load_prices: bool = True) -> Keyword | None:
    """Register a provider per credential in the environment (see the module
    docstring) and, unless ``load_prices`` is false, load fetched pricing.

    Returns the default provider's keyword, or None when none is
    registered. Raises :class:`LLMError` when ``SEMA_CHAT_PROVIDER`` names a
    provider that is not registered.
    """
    found = _from_environment()
    for provider in found:
        providers.register(provider, make_default=False)
    chosen = _env("SEMA_CHAT_PROVIDER")
    if chosen is not None:
        providers.set_default(chosen.lstrip(":"))
    elif found:
        providers.set_default(found[0].name)
    model = _env("SEMA_CHAT_MODEL")
    if model is not None and providers.default is not None:
        providers.get().default_model = model
    if load_prices:
        from .price_sources import load_pricing

        load_pricing()
    return Keyword(providers.default) if providers.default else None
