from __future__ import annotations

import gzip
import io
import json
import tarfile
import zipfile
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from extractor.errors import InputError
from extractor.ingest import (
    Item,
    ReadOptions,
    Shard,
    archive_kind,
    iter_pages,
    plan_inputs,
    read_shard,
)
from extractor.models import Page
from extractor.sources import iter_pages as source_pages
from tests.batch.conftest import WarcMaker


def iter_archive(
    path: Path, opts: ReadOptions | None = None, shard_size: int = 256
) -> list[Item]:
    return list(iter_pages([str(path)], opts, shard_size=shard_size))


def _pages(items: list[Item]) -> list[Page]:
    return [p for p in items if isinstance(p, Page)]


@pytest.mark.parametrize("name", ["a.warc.gz", "a.warc"])
def test_warc_yields_response_records_with_offsets(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, name: str
) -> None:
    warc = make_warc(tmp_path / name, pages[:7])
    items = (iter_archive(warc, shard_size=3))
    got = _pages(items)
    assert len(items) == len(got) == 7  # warcinfo and request records are skipped
    assert [p.url for p in got] == [u for u, _ in pages[:7]]
    assert [p.content for p in got] == [b for _, b in pages[:7]]
    first = got[0]
    assert first.source == "warc"
    assert first.status == 200
    assert first.headers["content-type"].startswith("text/html")
    assert first.fetched_at and first.fetched_at.startswith("20")
    # source_ref is "<path>@<offset>": the offset points at the response record.
    for page in got:
        path, offset = page.source_ref.rsplit("@", 1)  # type: ignore[union-attr]
        assert path == str(warc)
        with open(path, "rb") as fh:
            fh.seek(int(offset))
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Target-URI") == page.url


def test_shards_are_stable_and_sized(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker
) -> None:
    warc = make_warc(tmp_path / "a.warc", pages[:10])  # not gzipped: planned by records
    opts = ReadOptions()
    shards = list(plan_inputs([str(warc)], 4, opts))
    assert [s.size for s in shards] == [4, 4, 2]
    assert [s.index for s in shards] == [0, 1, 2]
    assert sum(s.nbytes for s in shards) == warc.stat().st_size
    again = list(plan_inputs([str(warc)], 4, opts))
    assert [s.key for s in shards] == [s.key for s in again]
    # a shard read on its own gives exactly its pages
    middle = _pages(list(read_shard(shards[1], opts)))
    assert [p.url for p in middle] == [u for u, _ in pages[4:8]]


@pytest.mark.parametrize("pages_per_shard", [1, 2, 3, 7, 1000])
def test_gzipped_warc_byte_ranges_cover_every_record_once(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker, pages_per_shard: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    import extractor.ingest.warc as readers

    warc = make_warc(tmp_path / "a.warc.gz", pages)
    # small ranges (a few KB) so that many fall inside a record or between records
    monkeypatch.setattr(readers, "WARC_BYTES_PER_PAGE", 5_000)
    shards = list(plan_inputs([str(warc)], pages_per_shard, ReadOptions()))
    assert {s.kind for s in shards} == {"warcrange"}
    assert sum(s.nbytes for s in shards) == warc.stat().st_size
    got = _pages([p for s in shards for p in read_shard(s, ReadOptions())])
    with warc.open("rb") as fh:
        it = ArchiveIterator(fh)
        expected = [f"{warc}@{it.get_record_offset()}" for r in it if r.rec_type == "response"]
    assert [p.source_ref for p in got] == expected
    assert [p.url for p in got] == [u for u, _ in pages]
    assert [p.content for p in got] == [b for _, b in pages]


def test_zip_and_tar_members(tmp_path: Path, pages: list[tuple[str, bytes]]) -> None:
    members = [(f"site/{i:02d}.html", body) for i, (_, body) in enumerate(pages[:5])]
    members.append(("notes/ghi-chu.txt", "Một dòng văn bản thuần.".encode()))
    members.append(("img/logo.png", b"\x89PNG\r\n"))
    members.append(("README.md", b"# not an article"))
    members.append(("notes/README.txt", b"not an article either"))
    zpath = tmp_path / "dump.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    for tname, mode in (("dump.tar", "w"), ("dump.tar.gz", "w:gz")):
        with tarfile.open(tmp_path / tname, mode) as tf:
            for name, data in members:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
    for archive in ("dump.zip", "dump.tar", "dump.tar.gz"):
        got = _pages(iter_archive(tmp_path / archive, shard_size=2))
        assert [p.source_ref for p in got] == [
            f"{tmp_path / archive}::{name}" for name, _ in members[:6]
        ], archive  # the .png and the READMEs are not pages
        assert [p.content for p in got] == [d for _, d in members[:6]]
        assert got[0].content_type == "text/html"
        assert got[-1].content_type == "text/plain"
        assert {p.source for p in got} == {"archive"}
    # tar.gz cannot be seeked: its shards carry the pages
    kinds = {s.kind for s in plan_inputs([str(tmp_path / "dump.tar.gz")], 2, ReadOptions())}
    assert kinds == {"inline"}
    assert {s.kind for s in plan_inputs([str(tmp_path / "dump.tar")], 2, ReadOptions())} == {"tar"}


def test_jsonl_fields_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"url": "https://a.vn/1", "html": "<html><body><p>Một</p></body></html>"}),
        "",
        json.dumps({"link": "https://a.vn/2", "text": "Hai ba bốn."}),
        "{not json",
        json.dumps({"url": "https://a.vn/3", "other": 1}),
        json.dumps(["a", "list"]),
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = (iter_archive(path, shard_size=2))
    assert len(items) == 5  # the blank line is no record
    p1, p2, bad_json, no_field, not_obj = items
    assert isinstance(p1, Page) and p1.url == "https://a.vn/1" and p1.source_ref == f"{path}:1"
    assert p1.content_type is not None and p1.content_type.startswith("text/html")
    assert isinstance(p2, Page) and p2.url == "https://a.vn/2" and p2.source_ref == f"{path}:3"
    assert p2.content == "Hai ba bốn.".encode() and p2.content_type.startswith("text/plain")  # type: ignore[union-attr]
    assert isinstance(bad_json, InputError) and bad_json.source_ref == f"{path}:4"
    assert "invalid JSON" in bad_json.reason
    assert isinstance(no_field, InputError) and no_field.url == "https://a.vn/3"
    assert isinstance(not_obj, InputError) and "not an object" in not_obj.reason

    # named fields; gzip-compressed JSONL streams the same records
    custom = tmp_path / "custom.jsonl.gz"
    with gzip.open(custom, "wt", encoding="utf-8") as fh:
        fh.write(
            json.dumps({"u": "https://b.vn/x", "body": "<p>x</p>", "plain": "Văn bản."}) + "\n"
        )
    got = (iter_archive(custom, ReadOptions(text_field="plain", url_field="u")))
    assert len(got) == 1 and isinstance(got[0], Page)
    assert got[0].content == "Văn bản.".encode() and got[0].url == "https://b.vn/x"
    got = (iter_archive(custom, ReadOptions(html_field="body", url_field="u")))
    assert isinstance(got[0], Page) and got[0].content == b"<p>x</p>"
    missing = (iter_archive(custom, ReadOptions(html_field="nope")))
    assert isinstance(missing[0], InputError) and "nope" in missing[0].reason


def test_directory_mixes_files_and_archives(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker
) -> None:
    root = tmp_path / "in"
    (root / "b").mkdir(parents=True)
    (root / "a.html").write_bytes(pages[0][1])
    (root / "b" / "c.txt").write_text("Văn bản thuần.", encoding="utf-8")
    (root / "b" / "skip.bin").write_bytes(b"\x00\x01")
    make_warc(root / "b" / "d.warc.gz", pages[1:3])
    refs = [p.source_ref for p in _pages(iter_archive(root))]
    warc = root / "b" / "d.warc.gz"
    assert refs[:2] == [str(root / "a.html"), str(root / "b" / "c.txt")]
    assert len(refs) == 4 and all(r.startswith(f"{warc}@") for r in refs[2:])  # type: ignore[union-attr]


def test_unreadable_inputs_become_errors(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker
) -> None:
    warc = make_warc(tmp_path / "ok.warc.gz", pages[:3])
    broken = tmp_path / "broken.warc.gz"
    data = warc.read_bytes()
    broken.write_bytes(data[: len(data) // 2 + 17] + b"garbage" * 10)
    shards = list(plan_inputs([str(tmp_path / "missing.warc"), str(broken)], 10, ReadOptions()))
    assert shards[0].kind == "error" and "no such file" in shards[0].message
    # Depending on where the cut falls, the planner stops with an error shard or
    # the cut record fails when read; either way it is reported with where it
    # happened, and the records before it are read.
    items = [i for s in shards[1:] for i in read_shard(s, ReadOptions())]
    assert isinstance(items[0], Page) and items[0].url == pages[0][0]
    bad = [i for i in items if isinstance(i, InputError)]
    assert len(bad) == 1  # one line for the cut record, naming its offset
    assert "WARC record" in bad[0].reason and bad[0].source_ref.startswith(f"{broken}@")
    assert bad[0].reason.isprintable() and len(bad[0].reason) < 250
    bad_zip = tmp_path / "bad.zip"
    bad_zip.write_bytes(b"PK not a zip")
    (shard,) = plan_inputs([str(bad_zip)], 10, ReadOptions())
    items = list(read_shard(shard, ReadOptions()))
    assert isinstance(items[0], InputError) and "unreadable zip" in items[0].reason


def test_archive_kind() -> None:
    assert archive_kind(Path("x/CC-MAIN-1.warc.gz")) == "warc"
    assert archive_kind(Path("a.TGZ")) == "tar"
    assert archive_kind(Path("a.ndjson")) == "jsonl"
    assert archive_kind(Path("a.html")) is None


def test_extract_sources_accept_archives(
    tmp_path: Path, pages: list[tuple[str, bytes]], make_warc: WarcMaker
) -> None:
    warc = make_warc(tmp_path / "a.warc.gz", pages[:3])
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    items = list(source_pages([str(warc), str(bad)]))
    assert [type(i) for i in items] == [Page, Page, Page, InputError]
    assert isinstance(items[3], InputError) and items[3].source == f"{bad}:1"


def test_shard_key_changes_with_content() -> None:
    a = Shard("x.warc", "warc", (1, 2, 3))
    b = Shard("x.warc", "warc", (1, 2, 4))
    assert a.key != b.key and a.key == Shard("x.warc", "warc", (1, 2, 3), index=5).key
