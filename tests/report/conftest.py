"""Records for the report tests, built from the two seed articles' text and gold
figures (offsets found by locating each quote in the text), plus articles written
to plant the inconsistencies the report must flag."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from extractor.models import Article, Figure, Period, make_article_id

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
GOLD = SHARED / "eval" / "dev"

# "trong đó" breakdowns of the Yên Bái seed: gold index of the part -> of its total
YENBAI_PARENTS = {3: 1, 5: 1, 4: 2, 6: 2, 9: 8, 10: 8}

_SENT_END = re.compile(r"(?<=[.!?;…])\s+|\n+")


def sentence_of(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence (or clause list) around text[start:end]."""
    bounds = [0] + [m.end() for m in _SENT_END.finditer(text)] + [len(text)]
    s = max(b for b in bounds if b <= start)
    e = min((b for b in bounds if b >= end), default=len(text))
    return text[s:e].strip(), s


def figures_from_gold(text: str, gold: list[dict[str, Any]], parents: dict[int, int] | None = None) -> list[Figure]:
    figures = []
    cursor: dict[str, int] = {}
    for i, g in enumerate(gold):
        quote = g["quote"]
        at = text.find(quote, cursor.get(quote, 0))
        assert at >= 0, f"quote not in text: {quote!r}"
        cursor[quote] = at + 1
        sentence, s0 = sentence_of(text, at, at + len(quote))
        figures.append(
            Figure(
                kind=g["kind"],
                value=g["value"],
                value_high=g.get("value_high"),
                start=at,
                end=at + len(quote),
                quote=quote,
                rule=f"gold:{g['kind']}",
                unit=g.get("unit"),
                qualifier=g.get("qualifier") or "exact",
                subject=g.get("subject"),
                organizer=g.get("organizer"),
                period=Period.of(g["period"]) if g.get("period") else None,
                parent=(parents or {}).get(i),
                sentence=sentence,
                sentence_start=s0,
                confidence=0.9,
            )
        )
    return figures


def seed_article(name: str, **meta: Any) -> Article:
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    parents = YENBAI_PARENTS if name == "seed-yenbai-2024" else None
    text = gold["text"]
    url = meta.pop("url", None)
    return Article(
        article_id=make_article_id(url, text),
        text=text,
        url=url,
        title=gold["title"],
        figures=figures_from_gold(text, gold["figures"], parents),
        **meta,
    )


def made_article(text: str, site: str, published: str, province: str, province_2025: str | None,
                 figs: list[dict[str, Any]], url: str | None = None) -> Article:
    """An article written for a test; figs as gold dicts plus optional parent/confidence."""
    parents = {i: f["parent"] for i, f in enumerate(figs) if f.get("parent") is not None}
    figures = figures_from_gold(text, figs, parents)
    for f, g in zip(figures, figs, strict=True):
        f.confidence = g.get("confidence", 0.9)
    return Article(
        article_id=make_article_id(url, text),
        text=text,
        url=url,
        site=site,
        title=text.split("\n", 1)[0],
        published=published,
        province=province,
        province_2025=province_2025,
        figures=figures,
    )


def _g(kind: str, value: float, quote: str, unit: str, **kw: Any) -> dict[str, Any]:
    return {"kind": kind, "value": value, "quote": quote, "unit": unit, **kw}


def planted_articles() -> list[Article]:
    """Articles with known problems:

    * a Yên Bái 2024 article (another site) whose breakdown 8 + 15 does not make 21,
      and that reports the seed's 2.596 attendances as 2.965 (same fact, different number);
    * Tây Ninh classes over 2021-2023 where 2023 is 40x the other years (outlier);
    * a low-confidence figure.
    """
    conflict = made_article(
        "LĐLĐ tỉnh Yên Bái tổng kết công tác đào tạo cán bộ năm 2024\n"
        "Năm 2024, nhằm nâng cao chất lượng đội ngũ cán bộ công đoàn các cấp, các cấp công đoàn "
        "tổ chức 21 lớp tập huấn, bồi dưỡng cho 2.965 lượt cán bộ, đoàn viên. "
        "Trong đó, LĐLĐ tỉnh tổ chức 8 lớp với 691 lượt đoàn viên; công đoàn cấp trên trực tiếp "
        "cơ sở tổ chức 15 lớp.\n<script>alert('x')</script> & \"quoted\"",
        site="congdoan.vn",
        published="2025-01-10T08:00:00+07:00",
        province="Yên Bái",
        province_2025="Lào Cai",
        url="https://congdoan.vn/tin-tuc/tong-ket-345.html",
        figs=[
            _g("classes", 21, "tổ chức 21 lớp tập huấn", "lớp", organizer="các cấp công đoàn", period="2024"),
            _g("attendances", 2965, "2.965 lượt cán bộ, đoàn viên", "lượt", subject="cán bộ, đoàn viên",
               organizer="các cấp công đoàn", period="2024"),
            _g("classes", 8, "LĐLĐ tỉnh tổ chức 8 lớp", "lớp", organizer="LĐLĐ tỉnh", period="2024", parent=0),
            _g("attendances", 691, "691 lượt đoàn viên", "lượt", subject="đoàn viên", organizer="LĐLĐ tỉnh",
               period="2024", parent=1),
            _g("classes", 15, "tổ chức 15 lớp", "lớp", organizer="công đoàn cấp trên trực tiếp cơ sở",
               period="2024", parent=0),
        ],
    )
    history = []
    for year, n in ((2021, 10), (2022, 12), (2023, 480)):
        history.append(
            made_article(
                f"Tây Ninh: kết quả tập huấn năm {year}\n"
                f"Trong năm {year}, LĐLĐ tỉnh Tây Ninh đã tổ chức {n} lớp tập huấn cho cán bộ công đoàn cơ sở.",
                site="laodong.vn",
                published=f"{year}-12-20T10:00:00+07:00",
                province="Tây Ninh",
                province_2025="Tây Ninh",
                url=f"https://laodong.vn/cong-doan/tay-ninh-{year}.ldo",
                figs=[_g("classes", n, f"tổ chức {n} lớp tập huấn", "lớp", organizer="LĐLĐ tỉnh Tây Ninh",
                         confidence=0.3 if year == 2022 else 0.9)],
            )
        )
    return [conflict, *history]


@pytest.fixture
def seeds() -> list[Article]:
    if not GOLD.is_dir():
        pytest.skip(f"gold annotations not found at {GOLD}")
    yenbai = seed_article(
        "seed-yenbai-2024", site="baoyenbai.com.vn", province="Yên Bái", province_2025="Lào Cai",
        url="https://baoyenbai.com.vn/12/300000/yen-bai-nang-cao.aspx",
    )
    hanoi = seed_article(
        "seed-hanoi-2019", site="laodongthudo.vn", province="Hà Nội", province_2025="Hà Nội",
        published="2019-02-12T09:36:00+07:00", url="https://laodongthudo.vn/nang-cao-chat-luong.html",
    )
    return [yenbai, hanoi]


@pytest.fixture
def corpus(seeds: list[Article]) -> list[Article]:
    return [*seeds, *planted_articles()]


@pytest.fixture
def corpus_jsonl(tmp_path: Path, corpus: list[Article]) -> Path:
    p = tmp_path / "records.jsonl"
    p.write_text("".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in corpus), encoding="utf-8")
    return p
