"""The ``dipevents`` command: extract events from files, evaluate against gold.

Usage:
    dipevents extract FILE... [--published DATE] [--jobs N]
    dipevents extract - < article.txt
    dipevents evaluate GOLD.jsonl... [--errors] [--json]

``extract`` reads plain-text articles, directories of them (``*.txt``), or JSON
Lines files (``*.jsonl``, one ``{"id", "text", "published"}`` object a line, or
``-`` for standard input with ``--jsonl``) and writes JSON Lines: one event a line
with its ``source`` (the file, or the record's ``id``). Diagnostics go to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO


def _records(
    paths: Sequence[str], published: str | None, jsonl_stdin: bool
) -> Iterator[tuple[str, str, str | None]]:
    for raw in paths:
        if raw == "-":
            if jsonl_stdin:
                yield from _jsonl(sys.stdin, "<stdin>", published)
            else:
                yield "<stdin>", sys.stdin.read(), published
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.suffix in (".txt", ".jsonl") and p.is_file()
            )
        elif path.is_file():
            files = [path]
        else:
            raise FileNotFoundError(f"no such file or directory: {raw}")
        for f in files:
            if f.suffix == ".jsonl":
                with f.open(encoding="utf-8") as fh:
                    yield from _jsonl(fh, str(f), published)
            else:
                yield str(f), f.read_text(encoding="utf-8"), published


def _jsonl(fh: TextIO, name: str, published: str | None) -> Iterator[tuple[str, str, str | None]]:
    from dipevents.evaluate import json_objects

    for no, rec in json_objects(fh, name):
        if not isinstance(rec.get("text"), str):
            raise ValueError(f"{name}:{no}: expected an object with a 'text' string")
        yield str(rec.get("id", f"{name}:{no}")), rec["text"], rec.get("published", published)


def _progress(total: int | None) -> Any:
    if not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # tqdm comes with spaCy; without it there is no bar
        return None
    return tqdm(total=total, unit="doc", file=sys.stderr)


def cmd_extract(args: argparse.Namespace) -> int:
    from dipevents.batch import extract_batch

    if args.published is not None:
        from dipevents.extract import check_published

        check_published(args.published)
    records = _records(args.files, args.published, args.jsonl)
    bar = _progress(None)
    out = sys.stdout
    failed = 0
    for result in extract_batch(records, n_process=args.jobs, batch_size=args.batch_size):
        if result["error"]:
            failed += 1
            print(f"dipevents: {result['id']}: {result['error']}", file=sys.stderr)
        for event in result["events"]:
            out.write(json.dumps({"source": result["id"], **event}, ensure_ascii=False) + "\n")
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return 1 if failed else 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from dipevents.evaluate import evaluate, format_table

    scores = evaluate(args.gold)
    if args.json:
        print(json.dumps(scores.to_dict(), indent=2))
    else:
        print(format_table(scores))
    if args.errors:
        print("\n## errors (strict)\n")
        for err in scores.errors:
            print(f"{err['doc']}\t{err['kind']}\t{json.dumps(err['event'], ensure_ascii=False)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dipevents", description="Diplomatic events from English news, as JSON Lines."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract events from articles")
    ex.add_argument(
        "files", nargs="+", help="text files, directories, .jsonl files, or - for stdin"
    )
    ex.add_argument("--published", help="publication date (YYYY-MM-DD) for plain-text inputs")
    ex.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ex.add_argument("--jsonl", action="store_true", help="standard input is JSON Lines records")
    ex.add_argument(
        "--batch-size", type=int, default=64, help="documents per worker task (default 64)"
    )
    ex.set_defaults(func=cmd_extract)
    ev = sub.add_parser("evaluate", help="score extraction against gold JSON Lines files")
    ev.add_argument("gold", nargs="+", help="gold .jsonl files")
    ev.add_argument("--errors", action="store_true", help="list misses and extras")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.set_defaults(func=cmd_evaluate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "jobs", 1) < 1:
        parser.error("--jobs must be at least 1")
    if getattr(args, "batch_size", 1) < 1:
        parser.error("--batch-size must be at least 1")
    try:
        return int(args.func(args))
    except BrokenPipeError:
        # the reader stopped early ("| head"): not an error; keep Python from
        # complaining again when it flushes stdout at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (OSError, ValueError, TypeError) as err:
        print(f"dipevents: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
