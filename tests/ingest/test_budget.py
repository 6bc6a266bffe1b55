"""The per-page budget in the worker pool: a page over its time or memory
budget, or one that kills its worker, is one error outcome with its source;
the worker is replaced and the next pages go through."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from extractor import Budget, OverBudget, extract_html, extract_text
from extractor.config import Config
from extractor.ingest import PageError, WorkerPool
from extractor.ingest.budget import rss_mb
from extractor.models import Article, Page

TEXT = (
    "Năm 2024, Liên đoàn Lao động tỉnh Nghệ An đã tổ chức 21 lớp tập huấn cho 2.596 lượt "
    "cán bộ công đoàn cơ sở về kỹ năng thương lượng tập thể và an toàn vệ sinh lao động."
)


def _config(patterns_dir: Path, pipeline: str, **limits: float) -> Config:
    return Config(patterns_dir=patterns_dir).with_overrides(
        {
            "nlp.enabled": False,
            "batch.pipeline": f"tests.ingest.hostile:{pipeline}",
            **{f"limits.{k}": v for k, v in limits.items()},
        }
    )


def _page(marker: str = "", ref: str = "in.jsonl:1") -> Page:
    url = f"https://a.vn/bai-viet-{marker}.html" if marker else "https://a.vn/bai-viet.html"
    return Page(TEXT.encode(), url=url, content_type="text/plain; charset=utf-8", source_ref=ref)


@pytest.mark.parametrize(
    ("pipeline", "marker", "reason", "seconds", "replaced"),
    [
        ("stuck", "hostile-stuck", "timeout", 8.0, 1),  # deaf to signals: killed, replaced
        ("forever", "hostile-forever", "timeout", 4.0, 0),  # Python code: the soft budget stops it
        ("hog", "hostile-hog", "too_large", 20.0, 0),
        ("segfault", "hostile-segv", "crash", 4.0, 1),
    ],
)
def test_a_page_over_budget_is_one_error_and_the_next_page_goes_on(
    patterns_dir: Path, pipeline: str, marker: str, reason: str, seconds: float, replaced: int
) -> None:
    config = _config(
        patterns_dir, pipeline, page_seconds=1.0, grace_seconds=1.0, page_memory_mb=400
    )
    with WorkerPool(config) as pool:
        assert isinstance(pool.process(_page()), Article)  # the worker is warm
        started = time.monotonic()
        bad = pool.process(_page(marker, ref="dump.jsonl:7"))
        took = time.monotonic() - started
        assert isinstance(bad, PageError), bad
        assert bad.reason == reason and bad.source == "dump.jsonl:7"
        assert bad.url == f"https://a.vn/bai-viet-{marker}.html"
        assert took < seconds
        after = pool.process(_page())
        assert isinstance(after, Article) and len(after.figures) == 2
        assert pool.poison["dump.jsonl:7"] == bad  # remembered: a resumed run skips it
    assert pool.replaced == replaced


def test_memory_hog_stays_near_its_cap(patterns_dir: Path) -> None:
    config = _config(patterns_dir, "hog", page_seconds=30.0, grace_seconds=1.0, page_memory_mb=300)
    with WorkerPool(config) as pool:
        pool.process(_page())
        peak = 0.0
        bad = pool.process(_page("hostile-hog"))
        for slot in pool.slots:
            if slot.handle is not None:
                peak = max(peak, rss_mb(slot.handle.pid) or 0.0)
        assert isinstance(bad, PageError) and bad.reason == "too_large"
        assert "300 MB" in bad.message
        assert peak < 300  # the replacement worker starts small again


def test_poisoned_page_is_not_tried_again(patterns_dir: Path) -> None:
    config = _config(patterns_dir, "stuck", page_seconds=60.0)
    known = PageError("dump.jsonl:7", None, "over the 1 s page budget", "timeout", "PageTimeout")
    with WorkerPool(config, poison={"dump.jsonl:7": known}) as pool:
        started = time.monotonic()
        assert pool.process(_page("hostile-stuck", ref="dump.jsonl:7")) == known
        assert time.monotonic() - started < 5  # not 60 s: it was not run


def test_python_api_budget(patterns_dir: Path) -> None:
    config = Config(patterns_dir=patterns_dir).with_overrides({"nlp.enabled": False})
    art = extract_text(TEXT, config=config, budget=Budget(5, 1024, 1))
    assert {(f.kind, f.value) for f in art.figures} == {("classes", 21), ("attendances", 2596)}
    hostile = _config(patterns_dir, "stuck")
    html = f"<html><body><!-- hostile-stuck --><p>{TEXT}</p></body></html>"
    started = time.monotonic()
    with pytest.raises(OverBudget) as err:
        extract_html(html, "https://a.vn/x.html", config=hostile, budget=Budget(1, 1024, 1))
    assert err.value.reason == "timeout" and time.monotonic() - started < 8
    # the same pipeline without the marker, through the replaced worker
    body = "".join(f"<p>Đợt {i}: {TEXT}</p>" for i in range(5))
    fine = extract_html(
        f"<html><head><title>Tập huấn</title></head><body><article>{body}</article></body></html>",
        "https://a.vn/tap-huan-can-bo-cong-doan-123456.html", config=hostile,
        budget=Budget(5, 1024, 1),
    )  # fmt: skip
    assert fine.figures
