"""Run many calls at once on a bounded thread pool.

Each job runs in a copy of the caller's context, taken when it is
submitted (workers do not inherit context), so ``with-budget`` scopes
apply inside the workers. Every job runs to completion even when another
fails; the results come back in input order, and then the first error in
input order is raised. Usage is recorded by each call as it completes, so
the successes are in the ledger before that error reaches the caller.
"""

from __future__ import annotations

import contextvars
import sys
from collections.abc import Callable
from typing import TextIO, TypeVar

from ..errors import LLMError
from .logs import logger

__all__ = ["DEFAULT_CONCURRENCY", "run_batch"]

LOGGER = "runtime.llm.batch"

T = TypeVar("T")

#: Calls in flight at once when ``:concurrency`` is not given.
DEFAULT_CONCURRENCY = 8
#: Batches shorter than this show no progress bar.
PROGRESS_MIN_ITEMS = 10
_BAR_WIDTH = 30


class Progress:
    """A one-line bar redrawn with ``\\r`` on a terminal stream."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.done = 0
        self.stream = stream
        self._draw()

    @classmethod
    def maybe(cls, total: int, stream: TextIO | None) -> Progress | None:
        """A bar on ``stream`` (stderr by default) if it is a terminal and the
        batch is long enough, else None."""
        stream = stream if stream is not None else sys.stderr
        isatty = getattr(stream, "isatty", None)
        if total < PROGRESS_MIN_ITEMS or isatty is None or not isatty():
            return None
        return cls(total, stream)

    def step(self, count: int) -> None:
        self.done += count
        self._draw()

    def close(self) -> None:
        self.stream.write("\r" + " " * (_BAR_WIDTH + 40) + "\r")
        self.stream.flush()

    def _draw(self) -> None:
        filled = _BAR_WIDTH * self.done // self.total
        bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
        self.stream.write(f"\rllm batch [{bar}] {self.done}/{self.total}")
        self.stream.flush()


def concurrency_of(value) -> int:
    """Validate ``:concurrency``; raises :class:`LLMError` unless a positive int."""
    if value is None:
        return DEFAULT_CONCURRENCY
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise LLMError(f":concurrency must be a positive integer, got {value!r}")
    return value


def run_batch(
    jobs: list[Callable[[], T]],
    concurrency: int = DEFAULT_CONCURRENCY,
    progress_stream: TextIO | None = None,
) -> list[T]:
    """Run ``jobs`` with at most ``concurrency`` at once; return their results
    in order, or raise the first error in input order after all finished."""
    if not jobs:
        return []
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    progress = Progress.maybe(len(jobs), progress_stream)
    pool = ThreadPoolExecutor(
        max_workers=min(concurrency, len(jobs)), thread_name_prefix="sema-llm"
    )
    try:
        futures = [pool.submit(contextvars.copy_context().run, job) for job in jobs]
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            if progress is not None:
                progress.step(len(finished))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if progress is not None:
            progress.close()
    return _results(futures)


def _results(futures) -> list:
    first_error = None
    for index, future in enumerate(futures):
        error = future.exception()
        if error is None:
            continue
        logger(LOGGER).info(
            "batch item %d of %d failed", index + 1, len(futures), exc_info=error
        )
        if first_error is None:
            first_error = error
    if first_error is not None:
        raise first_error
    return [future.result() for future in futures]
