"""Extract events from an archive of JSON Lines files with Dask.

Each input line is one article: ``{"id": ..., "text": ..., "published": ...}``
(``published`` an ISO date or null). Each output line is one result, in input order
within each output file::

    {"id": ..., "events": [...], "error": null}

Output files are named ``0.jsonl``, ``1.jsonl``, ... one per partition (one per input
file, or per ``--blocksize`` bytes of input).

Usage::

    pip install "dipevents[dask]"
    python examples/dask_archive.py 'archive/*.jsonl' out/ --workers 4
    python examples/dask_archive.py 'archive/*.jsonl' out/ --scheduler threads

The ``processes`` scheduler is the default because extraction is pure Python and
holds the GIL: threads would not run it in parallel. Each worker process builds the
pipeline once and reuses it for every partition it receives. For a cluster, start a
``dask.distributed.Client`` first and pass ``--scheduler distributed``.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dipevents.batch import extract_partition

SCHEDULERS = ("processes", "threads", "synchronous", "distributed")


def build(
    input_glob: str, output_dir: str | Path, *, blocksize: int | None = None
) -> tuple[list[Any], list[Path]]:
    """The lazy Dask tasks (read, extract, write) and the files they will write.

    Nothing runs until the tasks are computed.

    Only importable functions (``str.strip``, ``json.loads``, ``extract_partition``)
    go into the graph, so worker processes can unpickle it without this script.
    """
    import dask.bag as db

    bag = (
        db.read_text(input_glob, blocksize=blocksize)
        .filter(str.strip)  # tolerate blank lines, e.g. a trailing one
        .map(json.loads)
        .map_partitions(extract_partition)
        .map(json.dumps)
    )
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    tasks = bag.to_textfiles(str(out / "*.jsonl"), compute=False, last_endline=True)
    # Dask's default names: the partition number replaces the "*".
    return tasks, [out / f"{i}.jsonl" for i in range(bag.npartitions)]


def run(
    input_glob: str,
    output_dir: str | Path,
    *,
    scheduler: str = "processes",
    workers: int | None = None,
    blocksize: int | None = None,
) -> list[Path]:
    """Run the job and return the output files in partition order.

    Args:
        input_glob: Files to read, e.g. ``"archive/*.jsonl"`` (any fsspec URL).
        output_dir: Folder for the ``<partition>.jsonl`` results; created if needed.
        scheduler: ``processes`` (default), ``threads``, ``synchronous`` or
            ``distributed`` (uses the current ``dask.distributed`` client).
        workers: Worker processes or threads for the local schedulers
            (default: one per CPU).
        blocksize: Split input files into partitions of about this many bytes
            (default: one partition per file).
    """
    import dask

    if scheduler not in SCHEDULERS:
        raise ValueError(f"scheduler must be one of {', '.join(SCHEDULERS)}, got {scheduler!r}")
    tasks, paths = build(input_glob, output_dir, blocksize=blocksize)
    options: dict[str, Any] = {}
    if scheduler != "distributed":
        options["scheduler"] = scheduler
        if workers is not None:
            options["num_workers"] = workers
    dask.compute(*tasks, **options)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input_glob", help="JSON Lines files to read, e.g. 'archive/*.jsonl'")
    parser.add_argument("output_dir", help="folder for the results (<partition>.jsonl)")
    parser.add_argument("--scheduler", choices=SCHEDULERS, default="processes")
    parser.add_argument("--workers", type=int, default=None, help="default: one per CPU")
    parser.add_argument(
        "--blocksize", type=int, default=None, help="bytes per partition (default: per file)"
    )
    args = parser.parse_args(argv)
    if args.workers is not None and args.workers < 1:
        parser.error("--workers must be >= 1")
    if args.scheduler == "distributed":
        from dask.distributed import Client

        # A local cluster when no address is configured; point DASK_SCHEDULER_ADDRESS
        # (or edit this line) at a real one.
        client = Client(n_workers=args.workers) if args.workers else Client()
        print(f"dashboard: {client.dashboard_link}")
    outputs = run(
        args.input_glob,
        args.output_dir,
        scheduler=args.scheduler,
        workers=args.workers,
        blocksize=args.blocksize,
    )
    failed = 0
    total = 0
    for path in outputs:
        with path.open(encoding="utf-8") as f:
            for line in f:
                total += 1
                failed += json.loads(line)["error"] is not None
    print(f"{total} documents, {failed} with errors, {len(outputs)} files in {args.output_dir}")
    return 0


# The guard matters: the processes scheduler starts workers with "spawn", which
# re-imports this file in every worker.
if __name__ == "__main__":
    raise SystemExit(main())
