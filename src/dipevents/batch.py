"""Many documents at once: streaming, in order, optionally over several processes.

Each document yields one plain dict, in input order, and nothing is dropped::

    {"id": <the record's id>, "events": [<Event.to_dict()>, ...], "error": None}

A document that cannot be processed gets ``"events": []`` and ``"error"`` set to
``"TypeName: message"``; the documents after it are processed as usual.

Records may be:

* a ``str`` -- the text; its id is its 0-based position in the input;
* a ``(id, text, published)`` tuple (or ``(id, text)``);
* a mapping with ``"text"`` and optionally ``"id"`` (default: the position) and
  ``"published"`` -- the JSON Lines shape ``{"id", "text", "published"}``.

``published`` is a ``datetime.date``, an ISO ``YYYY-MM-DD`` string or ``None``.

Example:
    >>> from dipevents.batch import extract_batch
    >>> out = list(extract_batch(["First text.", ("b", "Second text.", "2018-09-06")]))
    >>> [(r["id"], r["error"]) for r in out]
    [(0, None), ('b', None)]

With ``n_process > 1`` the documents are spread over a pool of worker processes
(see ``extract_batch`` for how they are started). As with any ``multiprocessing`` code,
a script that calls it must guard its entry point with
``if __name__ == "__main__":``.
"""

from __future__ import annotations

import collections
import concurrent.futures
import itertools
import multiprocessing
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

__all__ = ["extract_batch", "extract_partition"]

# What crosses the process boundary: only the validated text and date, never the
# caller's record or id, so arbitrary (even unpicklable) ids are fine.
_Job = tuple[str, Any]
_Outcome = tuple[list[dict[str, Any]], str | None]
# (id, job, error) per record, in input order: ids never leave this process.
_Chunk = list[tuple[object, _Job | None, str | None]]


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _prepare(index: int, record: object) -> tuple[object, _Job | None, str | None]:
    """Split a record into ``(id, job, error)``; exactly one of job/error is set.

    Validation runs in the caller's process so that a bad record never reaches a
    worker and the error text is the same whatever ``n_process`` is.
    """
    from dipevents.extract import check_published  # no spaCy import: stays cheap

    doc_id: object = index
    try:
        published: object = None
        if isinstance(record, str):
            text: object = record
        elif isinstance(record, Mapping):
            doc_id = record.get("id", index)
            if "text" not in record:
                raise ValueError("record has no 'text'")
            text = record["text"]
            published = record.get("published")
        elif isinstance(record, tuple | list):
            if len(record) == 3:
                doc_id, text, published = record
            elif len(record) == 2:
                doc_id, text = record
            else:
                raise ValueError(
                    f"a tuple record must be (id, text, published) or (id, text), "
                    f"got {len(record)} items"
                )
        else:
            raise TypeError(
                "a record must be a str, an (id, text, published) tuple or a mapping "
                f"with 'text', got {type(record).__name__}"
            )
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        return doc_id, (text, check_published(published)), None
    except Exception as exc:  # a bad record is reported, never raised
        return doc_id, None, _describe(exc)


def _run_job(job: _Job) -> _Outcome:
    text, published = job
    try:
        from dipevents.extract import get_default

        events = get_default()(text, published)
        return [e.to_dict() for e in events], None
    except Exception as exc:  # one failing document must not stop the batch
        return [], _describe(exc)


def _run_chunk(jobs: list[_Job]) -> list[_Outcome]:
    return [_run_job(job) for job in jobs]


def _init_worker() -> None:
    # Build the pipeline once per worker, before the first chunk arrives. A failure
    # here is not raised: it would kill the worker, and the same error is reported
    # on each document instead when _run_job meets it again.
    try:
        from dipevents.extract import get_default

        get_default()
    except Exception:
        pass


def _result(doc_id: object, events: list[dict[str, Any]], error: str | None) -> dict[str, Any]:
    return {"id": doc_id, "events": events, "error": error}


def _serial(records: Iterable[object]) -> Iterator[dict[str, Any]]:
    for index, record in enumerate(records):
        doc_id, job, error = _prepare(index, record)
        if job is None:
            yield _result(doc_id, [], error)
        else:
            events, error = _run_job(job)
            yield _result(doc_id, events, error)


def _chunks(records: Iterable[object], size: int) -> Iterator[_Chunk]:
    chunk: _Chunk = []
    for index, record in enumerate(records):
        chunk.append(_prepare(index, record))
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel(
    records: Iterable[object], n_process: int, batch_size: int, start_method: str
) -> Iterator[dict[str, Any]]:
    # A bounded window of submitted chunks rather than Pool.imap: imap's feeder
    # thread drains the whole input eagerly, so an endless or huge input would grow
    # memory without bound. Two chunks per worker keep every worker busy while the
    # caller consumes results. ProcessPoolExecutor rather than Pool because a worker
    # that dies (killed, out of memory) breaks the executor and fails its futures,
    # where Pool would replace the worker and wait forever for the lost chunk.
    window = 2 * n_process
    chunks = _chunks(records, batch_size)
    first = next(chunks, None)
    if first is None:
        return  # nothing to do: do not pay for starting workers
    executor = concurrent.futures.ProcessPoolExecutor(
        n_process,
        mp_context=multiprocessing.get_context(start_method),
        initializer=_init_worker,
    )
    pending: collections.deque[tuple[_Chunk, concurrent.futures.Future[list[_Outcome]]]] = (
        collections.deque()
    )
    try:
        for chunk in itertools.chain([first], chunks):
            pending.append((chunk, _submit(executor, chunk)))
            if len(pending) >= window:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
    finally:
        # On early exit (the consumer stopped, or an error escaped) queued chunks are
        # dropped; at most one running chunk per worker is finished first.
        executor.shutdown(wait=True, cancel_futures=True)


def _submit(
    executor: concurrent.futures.ProcessPoolExecutor, chunk: _Chunk
) -> concurrent.futures.Future[list[_Outcome]]:
    jobs = [job for _, job, _ in chunk if job is not None]
    try:
        return executor.submit(_run_chunk, jobs)
    except Exception as exc:  # a broken pool refuses new work: report, don't raise
        failed: concurrent.futures.Future[list[_Outcome]] = concurrent.futures.Future()
        failed.set_exception(exc)
        return failed


def _collect(
    chunk: _Chunk, future: concurrent.futures.Future[list[_Outcome]]
) -> Iterator[dict[str, Any]]:
    try:
        outcomes = future.result()
    except Exception as exc:
        # The chunk as a whole failed (a worker died, a result could not be sent
        # back): report it on each of its documents rather than lose them.
        failure = _describe(exc)
        outcomes = [([], failure)] * sum(job is not None for _, job, _ in chunk)
    done = iter(outcomes)
    for doc_id, job, error in chunk:
        if job is None:
            yield _result(doc_id, [], error)
        else:
            events, error = next(done)
            yield _result(doc_id, events, error)


def _check_positive(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be >= 1, got {value}")
    return value


def extract_batch(
    records: Iterable[object],
    *,
    n_process: int = 1,
    batch_size: int = 64,
    start_method: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Extract events from many documents, one result dict per document, in order.

    The input is consumed lazily: at most ``2 * n_process * batch_size`` documents
    are held at any time, so any number of documents (even an endless generator)
    runs in constant memory.

    Args:
        records: ``str`` texts, ``(id, text, published)`` tuples or mappings with
            ``"id"``, ``"text"`` and ``"published"`` (see the module docstring).
        n_process: Worker processes; ``1`` runs in the calling process.
        batch_size: Documents sent to a worker at a time (ignored when
            ``n_process == 1``).
        start_method: The ``multiprocessing`` start method for the workers:
            ``"spawn"``, ``"fork"`` or ``"forkserver"``. ``None`` (the default) picks
            ``fork`` on Linux when the calling process runs no other Python thread
            (workers then start at once and share the parent's loaded pipeline) and
            ``spawn`` otherwise (each worker imports spaCy and builds the pipeline,
            about a second, but it is safe in threaded programs and everywhere).

    Yields:
        ``{"id": ..., "events": [event dicts], "error": None | "TypeName: message"}``.

    Raises:
        TypeError, ValueError: ``n_process`` or ``batch_size`` is not an int >= 1
            (raised at the call, before any document is read).

    Example:
        >>> rows = [{"id": "a", "text": "Talks were held.", "published": "2018-09-06"},
        ...         {"id": "b", "text": 42, "published": None}]
        >>> [(r["id"], r["error"]) for r in extract_batch(rows)]
        [('a', None), ('b', 'TypeError: text must be a str, got int')]

    Stop early with ``itertools.islice``; close the generator (or let it be
    collected) to stop the workers::

        >>> import itertools
        >>> endless = (f"Document {i}." for i in itertools.count())
        >>> [r["id"] for r in itertools.islice(extract_batch(endless), 3)]
        [0, 1, 2]
    """
    n_process = _check_positive("n_process", n_process)
    batch_size = _check_positive("batch_size", batch_size)
    if start_method is not None and start_method not in multiprocessing.get_all_start_methods():
        raise ValueError(
            f"start_method must be one of {multiprocessing.get_all_start_methods()} or None, "
            f"got {start_method!r}"
        )
    if n_process == 1:
        return _serial(records)
    return _parallel(records, n_process, batch_size, start_method or _auto_start_method())


def _auto_start_method() -> str:
    # fork copies only the calling thread; a lock held by another thread at that
    # moment stays locked forever in the child. With no other thread it is safe on
    # Linux (macOS system libraries are not fork-safe) and saves each worker the
    # import of spaCy and the build of the matchers.
    if (
        sys.platform.startswith("linux")
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    ):
        return "fork"
    return "spawn"


def extract_partition(records: Iterable[object]) -> list[dict[str, Any]]:
    """All results for one partition, in the calling process.

    A picklable top-level function for data-parallel frameworks that hand each
    worker a partition of records: Dask (``bag.map_partitions(extract_partition)``),
    Spark (``rdd.mapPartitions(extract_partition)``) or Ray. The pipeline is built
    once per worker process and reused across partitions.

    Example:
        >>> [r["id"] for r in extract_partition([("x", "Some text.", None)])]
        ['x']
    """
    return list(_serial(records))
