"""A batch run: plan shards -> run them (local worker processes under the page
budget, or Dask) -> commit each finished shard as a part file -> one
sequential final pass that drops exact duplicates, marks near-duplicates and
writes the outputs atomically.

The final pass reads the parts in shard order, so the output does not depend
on the number of workers, on the scheduler, or on how often the run was
interrupted and resumed. SIGTERM or Ctrl-C stops the run cleanly: the workers
are stopped, and the outputs are written with what was finished (the summary
says ``interrupted``); the next run with the same arguments resumes and
completes them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Config, config_to_dict
from ..errors import ConfigError
from ..ingest import ReadOptions, Shard, plan_inputs
from ..ingest.dedupe import DedupeKeys, Deduper
from ..ingest.files import walk_sorted
from ..ingest.flags import check_output_dir, read_options, remove_stale_parts
from ..ingest.loop import pipeline_factory
from ..ingest.outcomes import Line
from ..models import Article
from ..sinks import Sink, open_sink
from ..sinks.base import AtomicFile
from .executors import Executor, make_executor
from .state import BatchState

__all__ = ["FORMATS", "BatchOptions", "Summary", "output_paths", "run_batch"]

FORMATS = ("jsonl", "csv", "parquet", "duckdb")


@dataclass(frozen=True)
class BatchOptions:
    inputs: tuple[str, ...]
    out: Path
    formats: tuple[str, ...] = ("jsonl",)
    fresh: bool = False
    keep_parts: bool = False
    progress: bool | None = None  # None: on a TTY only
    quiet: bool = False


@dataclass
class Summary:
    pages: int = 0
    articles: int = 0
    figures: int = 0
    near_duplicates: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    seconds: float = 0.0
    resumed_shards: int = 0
    errors_by_reason: Counter[str] = field(default_factory=Counter)
    workers_replaced: int = 0
    interrupted: bool = False

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["rejected"] = dict(sorted(self.rejected.items()))
        d["errors_by_reason"] = dict(sorted(self.errors_by_reason.items()))
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Summary:
        known = {f.name for f in dataclasses.fields(cls)}
        d = {k: v for k, v in data.items() if k in known}
        d["rejected"] = Counter(d.get("rejected", {}))
        d["errors_by_reason"] = Counter(d.get("errors_by_reason", {}))
        return cls(**d)

    def text(self, out: Path) -> str:
        rej = ", ".join(f"{k}={v}" for k, v in sorted(self.rejected.items())) or "none"
        line = (
            f"extractor batch: {self.pages} records -> {self.articles} articles "
            f"({self.near_duplicates} near-duplicates marked), {self.figures} figures; "
            f"rejected: {rej}; errors: {self.errors}"
        )
        if self.errors:
            why = ", ".join(f"{k}={v}" for k, v in sorted(self.errors_by_reason.items()))
            line += f" ({why}; see {out / 'errors.jsonl'})"
        if self.workers_replaced:
            line += f"; {self.workers_replaced} stuck or dead workers replaced"
        if self.resumed_shards:
            line += f"; resumed, {self.resumed_shards} shards already done"
        if self.interrupted:
            line += "; interrupted: the outputs hold what was finished, run the same command to complete them"
        return line + f"; {self.seconds:.1f} s"


def output_paths(out: Path, fmt: str) -> Path:
    """Where each format goes inside the output directory."""
    return {
        "jsonl": out / "articles.jsonl",
        "csv": out,
        "parquet": out,
        "duckdb": out / "articles.duckdb",
    }[fmt]


def _outputs_exist(out: Path, formats: tuple[str, ...], partitioned: bool) -> bool:
    names = ["summary.json", "errors.jsonl"]
    for fmt in formats:
        names += {
            "jsonl": ["articles.jsonl"],
            "csv": ["articles.csv", "figures.csv"],
            "parquet": ["articles", "figures"]
            if partitioned
            else ["articles.parquet", "figures.parquet"],
            "duckdb": ["articles.duckdb"],
        }[fmt]
    return all((out / n).exists() for n in names)


def _input_size(raw: str) -> int:
    p = Path(raw)
    try:
        if p.is_dir():
            return sum(f.stat().st_size for f in walk_sorted(p))
        return p.stat().st_size
    except OSError:
        return 0


def _fingerprint(config: Config, inputs: tuple[str, ...], read: ReadOptions) -> str:
    """What determines the records: inputs (path, size, mtime), shard size,
    reading options and the extraction settings; not workers/scheduler/format."""
    ins = []
    for raw in inputs:
        p = Path(raw)
        try:
            st = p.stat()
            ins.append(
                [
                    str(p.resolve()),
                    0 if p.is_dir() else st.st_size,
                    0 if p.is_dir() else st.st_mtime_ns,
                ]
            )
        except OSError:
            ins.append([raw, None, None])
    cfg = config_to_dict(config)
    for k in ("workers", "scheduler", "partition_by_year", "recycle_pages"):
        cfg["batch"].pop(k, None)
    cfg.pop("limits", None)  # a page over budget is remembered; other budgets may resume
    raw_fp = json.dumps(
        {"inputs": ins, "read": dataclasses.asdict(read), "config": cfg},
        sort_keys=True,
        default=str,
    )
    return hashlib.sha1(raw_fp.encode("utf-8")).hexdigest()


def _progress(total: int, enabled: bool | None) -> Any:
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(
        total=total, unit="B", unit_scale=True, unit_divisor=1024, desc="batch", file=sys.stderr
    )


def run_batch(config: Config, opts: BatchOptions) -> Summary:
    """Run (or resume) a batch job; returns the summary of the final output
    (``interrupted`` when SIGTERM/Ctrl-C stopped it: then the outputs hold what
    was finished)."""
    for fmt in opts.formats:
        if fmt not in FORMATS:
            raise ConfigError(f"unknown output format {fmt!r} ({', '.join(FORMATS)})")
    bc = config.batch
    if bc.shard_size < 1:
        raise ConfigError("batch.shard_size must be at least 1")
    pipeline_factory(bc.pipeline)  # fail early, not in every worker
    read = read_options(config)
    # Absolute paths: Dask workers may run elsewhere (another cwd), and the
    # source references must not depend on where the run was started.
    opts = dataclasses.replace(
        opts, inputs=tuple(i if i == "-" else os.path.abspath(i) for i in opts.inputs)
    )
    out = opts.out
    check_output_dir(out, "batch output directory")
    started = time.monotonic()
    state = BatchState(out, _fingerprint(config, opts.inputs, read), fresh=opts.fresh)
    try:
        formats = ",".join(opts.formats) + (":year" if bc.partition_by_year else "")
        if state.get("finalized") == formats and _outputs_exist(
            out, opts.formats, bc.partition_by_year
        ):
            data = json.loads((out / "summary.json").read_text(encoding="utf-8"))
            return Summary.from_dict(data)
        if state.get("parts_dropped"):
            raise ConfigError(
                f"{out} holds a finished run whose outputs differ from those asked for (other "
                "format, or files removed) and its parts were dropped; use --fresh, or --keep-parts "
                "next time to re-export"
            )
        writer = _Writer(config, opts, state)
        run = _Shards(config, opts, state, read, writer)
        try:
            try:
                run.run()
                summary = writer.finish(int(state.get("planned") or 0))
            except _Stopped as stop:
                # what was finished is written; the state stays open for a resume
                summary = writer.finish_partial(stop.partial)
                summary.interrupted = True
        except BaseException:
            writer.abort()
            raise
        summary.resumed_shards = run.resumed
        summary.workers_replaced = run.replaced
        summary.seconds = time.monotonic() - started
        _write_json(out / "summary.json", summary.to_dict())
        if summary.interrupted:
            return summary
        state.set("finalized", formats)
        if not opts.keep_parts:
            state.drop_parts()
            state.set("parts_dropped", "1")
        return summary
    finally:
        state.close()


class _Stopped(Exception):
    """Ctrl-C / SIGTERM during the run: carries the outcomes of the shards in flight."""

    def __init__(self, partial: list[tuple[Shard, list[Line]]]) -> None:
        super().__init__("stopped")
        self.partial = partial


class _Shards:
    """Plan, run and commit the shards (the part of a run before the final pass)."""

    def __init__(
        self, config: Config, opts: BatchOptions, state: BatchState, read: ReadOptions,
        writer: _Writer,
    ) -> None:  # fmt: skip
        self.config, self.opts, self.state, self.read, self.writer = (
            config, opts, state, read, writer,
        )  # fmt: skip
        self.resumed = 0
        self.replaced = 0

    def run(self) -> None:
        executor = make_executor(self.config.batch.workers, self.config.batch.scheduler)
        try:
            _run_shards(self, executor)
        except KeyboardInterrupt:
            partial = executor.partial()
            executor.close(kill=True)
            raise _Stopped(partial) from None
        except BaseException:
            executor.close(kill=True)
            raise
        pool = getattr(executor, "_pool", None)
        self.replaced = getattr(pool, "replaced", 0)
        executor.close()


def _run_shards(run: _Shards, executor: Executor) -> None:
    config, opts, state, read, writer = run.config, run.opts, run.state, run.read, run.writer
    done = state.finished()
    committed = set(done)
    bar = _progress(
        sum(_input_size(i) for i in opts.inputs), opts.progress if not opts.quiet else False
    )
    sizes: dict[int, int] = {}
    planned = 0
    counts: Counter[str] = Counter()

    def pending() -> Iterator[Shard]:
        nonlocal planned
        for shard in plan_inputs(opts.inputs, config.batch.shard_size, read):
            planned = shard.index + 1
            key = done.get(shard.index)
            if key is None:
                sizes[shard.index] = shard.nbytes
                yield shard
            elif key == shard.key:
                run.resumed += 1
                writer.advance(committed)
                if bar is not None:
                    bar.update(shard.nbytes)
            else:
                raise ConfigError(
                    f"{shard.path}: input changed since the interrupted run; use --fresh to start over"
                )

    poison = state.poison()
    try:
        for res in executor.run(pending(), config, read, poison=poison, on_poison=state.add_poison):
            state.commit_shard(res.index, res.key, res.pages, res.counts, res.payload)
            committed.add(res.index)
            writer.advance(committed)
            counts.update(res.counts)
            counts["records"] += res.pages
            if bar is not None:
                bar.update(sizes.pop(res.index, 0))
                rejected = sum(v for k, v in counts.items() if k.startswith("rejected:"))
                elapsed = max(bar.format_dict.get("elapsed", 0.0), 1e-6)
                bar.set_postfix(
                    {"records": counts["records"], "rec/s": f"{counts['records'] / elapsed:.0f}",
                     "articles": counts["article"], "rejected": rejected, "errors": counts["error"]},
                    refresh=False,
                )  # fmt: skip
    finally:
        if bar is not None:
            bar.close()
    state.set("planned", str(planned))


def _write_json(path: Path, data: dict[str, Any]) -> None:
    f = AtomicFile(path)
    json.dump(data, f.fh, ensure_ascii=False, indent=2, sort_keys=True)
    f.fh.write("\n")
    f.commit()


def _clean_stale(out: Path) -> None:
    """Temporary files of a final pass that was killed half-way."""
    remove_stale_parts(
        out,
        ("articles", "figures", "errors.jsonl", "summary.json", "parquet", "articles.duckdb"),
    )


class _Writer:
    """The final pass: reads the part files in shard order, as soon as each is
    committed, drops exact duplicates, marks near-duplicates and writes the
    outputs under temporary names; ``finish`` renames them into place."""

    def __init__(self, config: Config, opts: BatchOptions, state: BatchState) -> None:
        out = opts.out
        _clean_stale(out)
        self.state = state
        self.sinks: list[Sink] = [
            open_sink(
                fmt, str(output_paths(out, fmt)), partition_by_year=config.batch.partition_by_year
            )
            for fmt in opts.formats
        ]
        self.errors = AtomicFile(out / "errors.jsonl")
        self.dedupe = Deduper(state.dir / "dedupe.sqlite", config.batch.near_duplicate_threshold)
        self.summary = Summary()
        self.next = 0

    def advance(self, committed: set[int]) -> None:
        """Write every part from ``next`` on that is already committed."""
        while self.next in committed:
            self._feed(self.next)
            self.next += 1

    def _feed(self, index: int) -> None:
        with self.state.part_path(index).open("rb") as fh:
            self._lines(fh)

    def _lines(self, lines: Iterable[bytes]) -> None:
        summary = self.summary
        for line in lines:
            rec = json.loads(line)
            kind = rec.pop("t")
            summary.pages += 1
            if kind == "article":
                art = rec["article"]
                keep, dup_of = self.dedupe.check(art["article_id"], DedupeKeys(**rec["dedupe"]))
                if not keep:
                    summary.rejected["duplicate"] += 1
                    continue
                article = Article.from_dict(art)
                article.duplicate_of = dup_of
                summary.articles += 1
                summary.figures += len(article.figures)
                summary.near_duplicates += dup_of is not None
                for sink in self.sinks:
                    sink.write(article)
            elif kind == "rejected":
                summary.rejected[rec["reason"]] += 1
            else:
                summary.errors += 1
                summary.errors_by_reason[rec.get("reason") or "error"] += 1
                self.errors.fh.write(json.dumps(rec, ensure_ascii=False) + "\n")

    def finish(self, n_shards: int) -> Summary:
        self.advance(set(range(self.next, n_shards)))
        return self._close()

    def finish_partial(self, partial: list[tuple[Shard, list[Line]]]) -> Summary:
        """A stopped run: every committed part (in shard order, gaps left out),
        then the pages finished in the shards that were in flight."""
        done = sorted(i for i in self.state.finished() if i >= self.next)
        for index in done:
            self._feed(index)
        for shard, lines in sorted(partial, key=lambda p: p[0].index):
            if shard.index not in done:
                self._lines(line for _, line in lines)
        return self._close()

    def _close(self) -> Summary:
        for sink in self.sinks:
            sink.close()
        self.errors.commit()
        self.dedupe.close()
        return self.summary

    def abort(self) -> None:
        """Leave no temporary outputs behind (what a kill leaves, the next
        run's ``_clean_stale`` removes)."""
        self.errors.abort()
        self.dedupe.close()
