"""Throughput, cold start, memory and scaling of dipevents (a script, not a test).

Usage (from the repository root)::

    .venv/bin/python benchmarks/throughput.py            # ratio to the tokenizer, cold start, RSS
    .venv/bin/python benchmarks/throughput.py --scaling  # 1 MB vs 10 MB single document
    .venv/bin/python benchmarks/throughput.py --batch    # extract_batch on 1 vs 2 processes
    .venv/bin/python benchmarks/throughput.py --all      # everything, then one Markdown table

The corpus is made from the gold articles (``../shared/gold/*.jsonl`` by default;
``--gold DIR`` to point elsewhere), read at run time and never stored: their sentences
are recombined with a seeded RNG into distinct documents until the corpus reaches
``--size-mb`` (default 2) megabytes. Identical documents never occur, so a cache keyed
on text cannot flatter the figures.

The main figure is the cost of extraction relative to spaCy's blank English tokenizer
on the same documents, timed in alternating rounds in one process so that machine
noise hits both sides alike; the median of the per-round ratios is reported.

Targets: ratio <= 8, cold start <= 2 s, peak RSS <= 400 MB, 10 MB / 1 MB <= 12,
2-process batch speedup >= 1.6x.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_GOLD = ROOT.parent / "shared" / "gold"
MB = 1_000_000  # characters; the gold text is nearly all ASCII

TARGETS = {
    "ratio": 8.0,
    "cold_start_s": 2.0,
    "peak_rss_mb": 400.0,
    "scaling": 12.0,
    "batch_speedup": 1.6,
}


# --------------------------------------------------------------------------- corpus


@dataclass
class Source:
    sentences: list[str]
    published: list[str | None]
    first_article: tuple[str, str | None]


def load_gold(gold_dir: Path) -> Source:
    import spacy

    files = sorted(gold_dir.glob("*.jsonl"))
    if not files:
        sys.exit(f"no *.jsonl under {gold_dir}; pass --gold DIR")
    rows: list[dict[str, Any]] = []
    for path in files:
        with path.open(encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    seen: set[str] = set()
    sentences = []
    for doc in nlp.pipe(r["text"] for r in rows):
        for sent in doc.sents:
            text = sent.text.strip()
            if len(sent) >= 4 and text not in seen:
                seen.add(text)
                sentences.append(text)
    return Source(
        sentences=sentences,
        published=[r.get("published") for r in rows],
        first_article=(rows[0]["text"], rows[0].get("published")),
    )


@dataclass
class Corpus:
    docs: list[str]
    published: list[str | None]
    sentences: int
    chars: int = field(init=False)

    def __post_init__(self) -> None:
        self.chars = sum(map(len, self.docs))


def build_corpus(src: Source, size: int, seed: int) -> Corpus:
    """Distinct documents of 4-20 recombined sentences, in 1-4 paragraphs."""
    rng = random.Random(seed)
    docs: list[str] = []
    published: list[str | None] = []
    seen: set[tuple[int, ...]] = set()
    chars = sentences = 0
    while chars < size:
        k = rng.randint(4, 20)
        pick = tuple(rng.sample(range(len(src.sentences)), k))
        if pick in seen:
            continue
        seen.add(pick)
        parts = [src.sentences[i] for i in pick]
        cuts = sorted(rng.sample(range(1, k), min(k - 1, rng.randint(0, 3))))
        paras = [" ".join(parts[a:b]) for a, b in zip([0, *cuts], [*cuts, k], strict=True)]
        text = "\n\n".join(paras)
        docs.append(text)
        published.append(rng.choice(src.published))
        chars += len(text)
        sentences += k
    return Corpus(docs, published, sentences)


def spliced_sentences(src: Source, seed: int) -> Iterator[str]:
    """Endless distinct sentences: the head of one gold sentence, the tail of another.

    A single 10 MB document needs far more sentences than the gold holds; splicing
    keeps every sentence distinct (so no cache helps the large document more than the
    small one) while keeping the vocabulary and the density of cues realistic.
    """
    rng = random.Random(seed)
    seen: set[tuple[int, int]] = set()
    n = len(src.sentences)
    while True:
        a, b = rng.randrange(n), rng.randrange(n)
        if (a, b) in seen:
            if len(seen) >= n * n:
                raise RuntimeError("ran out of distinct spliced sentences")
            continue
        seen.add((a, b))
        head = src.sentences[a].split()
        tail = src.sentences[b].split()
        yield " ".join(head[: len(head) // 2] + tail[len(tail) // 2 :])


def one_document(src: Source, size: int, seed: int) -> str:
    parts: list[str] = []
    total = 0
    for i, sent in enumerate(spliced_sentences(src, seed)):
        if total >= size:
            break
        # A paragraph break now and then, as in an article.
        sep = "\n\n" if i % 7 == 6 else " "
        parts.append(sent + sep)
        total += len(sent) + len(sep)
    return "".join(parts)[:size]


# --------------------------------------------------------------------------- timing


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def peak_rss_mb() -> float:
    # Linux reports kilobytes, macOS bytes.
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def lift_max_length_if_needed(text: str, notes: list[str]) -> None:
    """Report, then lift, spaCy's nlp.max_length guard for a long single document."""
    from dipevents.extract import extract_events, get_default

    nlp = get_default().nlp
    if len(text) <= nlp.max_length:
        return
    try:
        extract_events(text[: nlp.max_length + 1])
    except ValueError as exc:
        if "E088" not in str(exc):
            raise
        notes.append(
            f"extract_events refuses a {len(text):,}-character document: spaCy's "
            f"nlp.max_length is {nlp.max_length:,} (E088). The benchmark lifted it to time "
            f"the rules; the Extractor should lift it itself (blank tokenizer + "
            f"sentencizer memory is linear)."
        )
        nlp.max_length = len(text) + 1


def bench_ratio(corpus: Corpus, rounds: int) -> dict[str, float]:
    import spacy

    from dipevents.extract import extract_events

    tok_nlp = spacy.blank("en")
    tokens = sum(len(tok_nlp.tokenizer(t)) for t in corpus.docs)  # also warms the tokenizer
    for text, pub in zip(corpus.docs[:20], corpus.published, strict=False):
        extract_events(text, pub)  # warm: the lazy build belongs to the cold start

    def tokenize() -> None:
        for text in corpus.docs:
            tok_nlp.tokenizer(text)

    def extract() -> None:
        for text, pub in zip(corpus.docs, corpus.published, strict=True):
            extract_events(text, pub)

    tok_times, ext_times, ratios = [], [], []
    for _ in range(rounds):
        a = timed(tokenize)
        b = timed(extract)
        tok_times.append(a)
        ext_times.append(b)
        ratios.append(b / a)
    b_med = statistics.median(ext_times)
    a_med = statistics.median(tok_times)
    return {
        "ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "tok_s": a_med,
        "ext_s": b_med,
        "docs_per_s": len(corpus.docs) / b_med,
        "sents_per_s": corpus.sentences / b_med,
        "tokens_per_s": tokens / b_med,
        "mb_per_s": corpus.chars / MB / b_med,
        "tok_tokens_per_s": tokens / a_med,
        "tokens": tokens,
    }


COLD_CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
import dipevents
text, published = json.loads(sys.stdin.read())
events = dipevents.extract_events(text, published)
t1 = time.perf_counter()
print(json.dumps({"in_process_s": t1 - t0, "events": len(events),
                  "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def cache_bytecode() -> bool:
    """Write dipevents' bytecode, as pip does when it installs a wheel.

    Python writes it at the first import too, unless PYTHONDONTWRITEBYTECODE is set (as
    in some containers): an editable install there compiles every module of the package
    from source at every start, about 0.2 s that no installed copy pays.
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("dipevents")
    if spec is None or spec.origin is None:
        return False
    return bool(compileall.compile_dir(str(Path(spec.origin).parent), quiet=1))


def bench_cold_start(article: tuple[str, str | None], runs: int = 3) -> dict[str, float]:
    cache_bytecode()
    walls, inner, rss = [], [], []
    payload = json.dumps(list(article))
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", COLD_CHILD],
            input=payload,
            capture_output=True,
            text=True,
            check=True,
        )
        walls.append(time.perf_counter() - t0)
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        inner.append(out["in_process_s"])
        rss.append(out["maxrss"] / (1024 * 1024 if sys.platform == "darwin" else 1024))
    return {
        "cold_wall_s": statistics.median(walls),
        "cold_inner_s": statistics.median(inner),
        "cold_rss_mb": max(rss),
    }


def scaling_child(gold: Path, size_mb: int, seed: int) -> None:
    """Time one single-document extraction; print JSON for the parent."""
    from dipevents.extract import extract_events

    notes: list[str] = []
    src = load_gold(gold)
    # Distinct texts for every timed pass: timing one text again would time it
    # against the tokenizer's cache of that very text. The short document is timed
    # three times (three texts, the median) because one pass of a second or two is
    # noisy on a shared machine; the long one runs long enough to average it out.
    texts = [one_document(src, size_mb * MB, seed + k) for k in range(3 if size_mb <= 1 else 1)]
    for text in texts:
        lift_max_length_if_needed(text, notes)
    extract_events(texts[0][:20_000])  # warm: the pipeline build is not what is measured
    seconds = statistics.median(timed(lambda t=t: extract_events(t)) for t in texts)
    print(json.dumps({"seconds": seconds, "rss_mb": peak_rss_mb(), "notes": notes}))


def bench_scaling(gold: Path, seed: int, limit: float, notes: list[str]) -> dict[str, float]:
    """1 MB and 10 MB single documents, each in a fresh process with a time limit.

    Separate processes give each size its own peak RSS, and the limit keeps a
    super-linear extractor from hanging the benchmark.
    """
    out: dict[str, float] = {}
    for size in (1, 10):
        cmd = [sys.executable, __file__, "--gold", str(gold), "--seed", str(seed)]
        cmd += ["--scaling-child", str(size)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, check=True)
        except subprocess.TimeoutExpired:
            notes.append(f"the {size} MB document took more than {limit:.0f} s; stopped")
            out[f"t_{size}mb_s"] = float("inf")
            out[f"rss_{size}mb_mb"] = float("nan")
            continue
        child = json.loads(proc.stdout.strip().splitlines()[-1])
        notes.extend(n for n in child["notes"] if n not in notes)
        out[f"t_{size}mb_s"] = child["seconds"]
        out[f"rss_{size}mb_mb"] = child["rss_mb"]
        print(f"{size} MB document: {child['seconds']:.1f} s", flush=True)
    out["scaling"] = out["t_10mb_s"] / out["t_1mb_s"]
    return out


SPIN = "s = 0\nfor i in range(20_000_000):\n    s += i\n"


def parallel_ceiling() -> float:
    """How much faster 2 CPU-bound processes finish than 1 run twice, on this machine.

    Virtual CPUs are often hyperthreads or shared with neighbours; this bounds what
    any 2-process speedup can reach here, whatever the library does.
    """

    def spin(n: int) -> float:
        t0 = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(n)]
        for p in procs:
            p.wait()
        return time.perf_counter() - t0

    return statistics.median(2 * spin(1) / spin(2) for _ in range(3))


def bench_batch(corpus: Corpus, rounds: int) -> dict[str, float]:
    from dipevents.batch import extract_batch

    records = [
        (i, t, p) for i, (t, p) in enumerate(zip(corpus.docs, corpus.published, strict=True))
    ]

    def run(n: int, start_method: str | None = None) -> Callable[[], None]:
        def go() -> None:
            batches = extract_batch(records, n_process=n, batch_size=32, start_method=start_method)
            for _ in batches:
                pass

        return go

    run(1)()  # warm the in-process pipeline
    one, default, spawn = [], [], []
    for _ in range(rounds):
        one.append(timed(run(1)))
        default.append(timed(run(2)))  # includes starting the pool, as a user pays it
        spawn.append(timed(run(2, "spawn")))
    return {
        "parallel_ceiling": parallel_ceiling(),
        "batch_1_s": statistics.median(one),
        "batch_2_s": statistics.median(default),
        "batch_speedup": statistics.median(a / b for a, b in zip(one, default, strict=True)),
        "batch_2_spawn_s": statistics.median(spawn),
        "batch_speedup_spawn": statistics.median(a / b for a, b in zip(one, spawn, strict=True)),
    }


# --------------------------------------------------------------------------- report


def machine() -> dict[str, str]:
    import spacy

    import dipevents

    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return {
        "cpus": str(len(usable) if usable is not None else os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "dipevents": f"{dipevents.__version__} ({commit})",
    }


def verdict(value: float, target: float, *, higher_is_better: bool = False) -> str:
    ok = value >= target if higher_is_better else value <= target
    return "yes" if ok else "**no**"


def markdown(r: dict[str, float], m: dict[str, str], corpus: Corpus | None) -> str:
    lines = [
        f"Machine: {m['cpus']} CPUs, {m['cpu']}; Python {m['python']}, spaCy {m['spacy']}, "
        f"dipevents {m['dipevents']}.",
    ]
    if corpus is not None:
        tokens = f", {int(r['tokens']):,} tokens" if "tokens" in r else ""
        lines.append(
            f"Corpus: {len(corpus.docs):,} distinct documents, {corpus.chars / MB:.2f} MB, "
            f"{corpus.sentences:,} sentences{tokens}."
        )
    lines += ["", "| Measure | Value | Target | Met |", "|---|---|---|---|"]
    if "ratio" in r:
        lines += [
            f"| extract_events time / blank tokenizer time (median) | {r['ratio']:.2f}x "
            f"(range {r['ratio_min']:.2f}-{r['ratio_max']:.2f}) | <= 8x | "
            f"{verdict(r['ratio'], TARGETS['ratio'])} |",
            f"| Throughput | {r['docs_per_s']:,.0f} docs/s, {r['sents_per_s']:,.0f} sentences/s, "
            f"{r['tokens_per_s']:,.0f} tokens/s ({r['mb_per_s']:.2f} MB/s) | | |",
            f"| Blank tokenizer alone | {r['tok_tokens_per_s']:,.0f} tokens/s | | |",
            f"| Peak RSS after the runs | {r['peak_rss_mb']:.0f} MB | <= 400 MB | "
            f"{verdict(r['peak_rss_mb'], TARGETS['peak_rss_mb'])} |",
        ]
    if "cold_wall_s" in r:
        lines += [
            f"| Cold start: fresh interpreter, `import dipevents` + first `extract_events` "
            f"(wall, median of 3) | {r['cold_wall_s']:.2f} s (in-process "
            f"{r['cold_inner_s']:.2f} s) | <= 2 s | "
            f"{verdict(r['cold_wall_s'], TARGETS['cold_start_s'])} |",
            f"| Cold start peak RSS | {r['cold_rss_mb']:.0f} MB | <= 400 MB | "
            f"{verdict(r['cold_rss_mb'], TARGETS['peak_rss_mb'])} |",
        ]
    if "scaling" in r:
        lines += [
            f"| One 10 MB document / one 1 MB document | {r['scaling']:.2f}x "
            f"({r['t_10mb_s']:.1f} s / {r['t_1mb_s']:.2f} s) | <= 12x | "
            f"{verdict(r['scaling'], TARGETS['scaling'])} |",
            f"| Peak RSS, 1 MB / 10 MB document (own process) | {r['rss_1mb_mb']:.0f} MB / "
            f"{r['rss_10mb_mb']:.0f} MB | | |",
        ]
    if "batch_speedup" in r:
        lines += [
            f"| extract_batch, 2 processes vs 1 (default start method; incl. pool start) | "
            f"{r['batch_speedup']:.2f}x "
            f"({r['batch_1_s']:.1f} s / {r['batch_2_s']:.1f} s) | >= 1.6x | "
            f"{verdict(r['batch_speedup'], TARGETS['batch_speedup'], higher_is_better=True)} |",
        ]
        lines.append(
            f"| This machine's ceiling: 2 CPU-bound processes vs 1 run twice | "
            f"{r['parallel_ceiling']:.2f}x | | |"
        )
        lines.append(
            f'| extract_batch, 2 processes vs 1, `start_method="spawn"` (each worker imports '
            f"spaCy and builds the pipeline) | {r['batch_speedup_spawn']:.2f}x "
            f"({r['batch_1_s']:.1f} s / {r['batch_2_spawn_s']:.1f} s) | | |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="folder of gold *.jsonl")
    parser.add_argument("--rounds", type=int, default=9, help="alternating rounds (default 9)")
    parser.add_argument("--size-mb", type=float, default=2.0, help="corpus size (default 2)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--scaling", action="store_true", help="1 MB vs 10 MB single document")
    parser.add_argument("--batch", action="store_true", help="extract_batch on 1 vs 2 processes")
    parser.add_argument("--all", action="store_true", help="every measurement")
    parser.add_argument(
        "--scaling-limit",
        type=float,
        default=600,
        help="seconds allowed per single-document run (default 600)",
    )
    parser.add_argument("--scaling-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.size_mb <= 0:
        parser.error("--rounds must be >= 1 and --size-mb > 0")
    if args.scaling_child is not None:
        scaling_child(args.gold, args.scaling_child, args.seed)
        return 0
    main_mode = args.all or not (args.scaling or args.batch)

    src = load_gold(args.gold)
    notes: list[str] = []
    results: dict[str, float] = {}
    corpus = None
    if main_mode or args.batch:
        corpus = build_corpus(src, int(args.size_mb * MB), args.seed)
        print(
            f"corpus: {len(corpus.docs):,} distinct documents, {corpus.chars / MB:.2f} MB, "
            f"{corpus.sentences:,} sentences (from {len(src.sentences)} gold sentences)",
            flush=True,
        )
    if main_mode:
        assert corpus is not None
        # The cold start first, while the machine is as quiet as it gets.
        results.update(bench_cold_start(src.first_article))
        print(f"cold start: {results['cold_wall_s']:.2f} s wall", flush=True)
        results.update(bench_ratio(corpus, args.rounds))
        results["peak_rss_mb"] = peak_rss_mb()
        print(f"ratio: {results['ratio']:.2f}x over {args.rounds} rounds", flush=True)
    if args.batch or args.all:
        assert corpus is not None
        results.update(bench_batch(corpus, max(1, min(args.rounds, 3))))
        print(f"batch speedup: {results['batch_speedup']:.2f}x", flush=True)
    if args.scaling or args.all:
        results.update(bench_scaling(args.gold, args.seed, args.scaling_limit, notes))
        print(f"scaling: {results['scaling']:.2f}x", flush=True)

    print()
    print(markdown(results, machine(), corpus))
    for note in notes:
        print(f"\nNote: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
