"""Time ``extractor report`` on synthetic records: the two seed articles (gold
figures) copied N times across provinces, years and sites.

    .venv/bin/python bench/bench_report.py [N_ARTICLES]
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.report.conftest import GOLD, seed_article  # noqa: E402

PROVINCES = [("Yên Bái", "Lào Cai"), ("Hà Nội", "Hà Nội"), ("Bình Dương", "Hồ Chí Minh"),
             ("Hà Giang", "Tuyên Quang"), ("Quảng Nam", "Đà Nẵng"), ("Tây Ninh", "Tây Ninh")]
SITES = ["laodong.vn", "nld.com.vn", "congdoan.vn", "baoyenbai.com.vn"]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    if not GOLD.is_dir():
        sys.exit(f"needs {GOLD}")
    seeds = [seed_article("seed-yenbai-2024"), seed_article("seed-hanoi-2019")]
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records.jsonl"
        with records.open("w", encoding="utf-8") as fh:
            for i in range(n):
                old, new = PROVINCES[i % len(PROVINCES)]
                year = 2016 + i % 9
                art = replace(seeds[i % 2], article_id=f"bench{i:07d}", province=old, province_2025=new,
                              site=SITES[i % len(SITES)], published=f"{year}-06-01T08:00:00+07:00")
                d = art.to_dict()
                for f in d["figures"]:
                    f["period"] = str(year)
                    f["value"] = f["value"] + (i % 7)
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
        out = Path(tmp) / "report.html"
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "extractor", "report", str(records), "-o", str(out)],
                           capture_output=True, text=True, cwd=REPO)
        dt = time.perf_counter() - t0
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(r.stderr.strip())
        print(f"articles={n} records={records.stat().st_size / 1e6:.1f} MB html={out.stat().st_size / 1e6:.1f} MB "
              f"time={dt:.1f} s peak_rss={rss:.0f} MB")


if __name__ == "__main__":
    main()
