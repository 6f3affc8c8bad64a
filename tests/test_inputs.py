"""Inputs of every kind accounted for: unsupported formats named, gzip read."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import polars as pl

import tassanalysis as ta
from tassanalysis.ingest import ingest

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_552685f68ac672a1.txt"
SGML = ('<!DOCTYPE lewis SYSTEM "lewis.dtd">\n<REUTERS TOPICS="YES" NEWID="1">\n'
        "<DATE>26-FEB-1987 15:01:01.79</DATE>\n<TEXT><TITLE>BAHIA COCOA REVIEW</TITLE>\n"
        "<BODY>Showers continued throughout the week in the Bahia cocoa zone.</BODY></TEXT>\n"
        "</REUTERS>\n")


def test_sgml_is_rejected_as_unsupported_naming_what_it_is(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "reut2-000.sgm").write_text(SGML)
    (src / "wire").write_text(SGML)  # no suffix: known by its content
    result = ingest([src], tmp_path / "corpus", progress=False)
    assert result.articles.height == 0
    reasons = ta.load_rejects(tmp_path / "corpus")["reason"].to_list()
    assert reasons == ['unsupported-format: SGML markup (<!DOCTYPE lewis SYSTEM "lewis.dtd">)'] * 2


def test_gzip_pages_and_tables_are_read(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    with gzip.open(src / "page.txt.gz", "wb") as fh:
        fh.write(SEED.read_bytes())
    rows = [{"title": "A", "body": "Some text of the story.", "published_at": "2024-05-01",
             "url": "https://ex.org/world/1"}]
    with gzip.open(src / "rows.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r) for r in rows) + "\n")
    result = ingest([src], tmp_path / "corpus", progress=False)
    assert result.articles.height == 2
    origins = sorted(Path(o).name for o in result.articles["origin"])
    assert origins == ["page.txt.gz", "rows.jsonl.gz:line 1"] or \
        origins == ["page.txt.gz", "rows.jsonl.gz:1"]
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(SEED, plain / "page.txt")
    same = ingest([plain], None, progress=False)
    page = result.articles.filter(pl.col("origin").str.ends_with("page.txt.gz"))
    assert page["body"].to_list() == same.articles["body"].to_list()
