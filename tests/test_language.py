"""Language for any language; pages in scripts without spaces are articles."""

from __future__ import annotations

import polars as pl

from tassanalysis.ingest.fields import detect_language
from tassanalysis.ingest.html import parse_html
from tassanalysis.ingest.language import language_series


def test_german_page_is_not_labelled_english():
    page = ("<html><body><article><h1>Regierung</h1><p>Die Bundesregierung hat am Dienstag "
            "beschlossen, die Sanktionen gegen mehrere Unternehmen um ein weiteres Jahr zu "
            "verlängern, teilte ein Sprecher in Berlin mit.</p></article></body></html>")
    assert parse_html(page)["language"] == "de"


def test_japanese_page_is_an_article_not_no_body():
    page = ("<html><body><article><h1>計画</h1><p>東京都は火曜日、新しい都市計画を発表した。"
            "計画には公共交通の拡充と住宅の整備が含まれており、都知事は記者会見で詳細を説明した。"
            "</p></article></body></html>")
    rec = parse_html(page)
    assert rec["language"] == "ja"
    assert "都市計画" in rec["body"]


def test_series_matches_one_by_one():
    texts = ["The minister said on Tuesday that the talks were over and a deal was near.",
             "Министр заявил во вторник, что переговоры закончились и сделка была близка.",
             "Le ministre a déclaré mardi que les négociations étaient terminées.",
             None]
    assert language_series(pl.Series(texts)).to_list() == [detect_language(t) for t in texts]
    assert language_series(pl.Series(texts)).to_list() == ["en", "ru", "fr", "und"]
