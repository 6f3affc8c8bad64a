"""The topic report, executed on the fixture corpus and opened in a browser without network."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import lxml.html
import nbformat
import polars as pl
import pytest
from conftest import dump_dom
from conftest import fixture_corpus as fixture

import tassanalysis as ta
from tassanalysis import report

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
DAY = date(2026, 1, 5)


@pytest.fixture(scope="module")
def result(corpus_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("topic-report")
    got = report.run_report("topic_trends", notebooks=NOTEBOOKS, today=DAY, out=out,
                            params={"corpus": str(corpus_path), "period": "week", "k": "3",
                                    "stability_seeds": "3"})
    assert got.ok, got.error
    return got


def test_parameters_are_documented_and_notebook_is_clean():
    params = report.notebook_parameters(NOTEBOOKS / "topic_trends.ipynb")
    assert {"corpus", "start", "end", "window", "sources", "sections", "period", "topics",
            "model", "k", "seed"} <= set(params)
    assert all(info["help"] for info in params.values())
    nb = nbformat.read(NOTEBOOKS / "topic_trends.ipynb", as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code")


def test_report_is_self_contained_and_its_table_matches_the_package(result, corpus_path):
    page = result.html.read_text(encoding="utf-8")
    tree = lxml.html.fromstring(page)
    refs = [el.get("src") for el in tree.iter("script") if el.get("src")]
    refs += [el.get("href") for el in tree.iter("link") if el.get("href")]
    assert refs == [] and page.count("window.vegaEmbed=") == 1
    assert "topic_trends(dated" not in page  # code hidden
    # the share table shows the numbers topic_trends gives for the same selection
    corpus = ta.load_corpus(corpus_path)
    trends = ta.topic_trends(corpus.filter(pl.col("published_at").is_not_null()),
                             period="week")
    cells = [[td.text_content().strip() for td in tr.iter("td")] for tr in tree.iter("tr")]
    shown = [c for c in cells if len(c) > 4 and c[1] == "Sanctions"]
    assert shown
    for period, _, articles, total, *_ in shown:
        row = trends.filter((pl.col("topic") == "sanctions")
                            & (pl.col("period") == date.fromisoformat(period)))
        assert row.select("articles", "period_articles").row(0) == (int(articles), int(total))
    assert sum(int(c[2]) for c in shown) > 0
    assert "Text read: title, body (datelines removed)." in tree.text_content() or \
        "Text read: title, lead, body" in tree.text_content()


def test_report_draws_offline_and_escapes_titles(result, tmp_path):
    drawn = dump_dom(result.html, tmp_path, budget_ms=15_000)
    dom = lxml.html.fromstring(drawn)
    charts = result.html.read_text(encoding="utf-8").count('class="tass-chart"')
    embeds = dom.find_class("vega-embed")
    assert charts >= 5 and len(embeds) == charts
    for embed in embeds:
        assert embed.xpath(".//svg//path"), lxml.html.tostring(embed)[:300]
    assert not dom.find_class("tass-chart-error")
    # the hostile headline (it mentions sanctions) is shown as text and injects nothing
    assert fixture.HOSTILE_TITLE in dom.text_content()
    assert not [b for b in dom.iter("b") if (b.text or "") == "x"]
    assert not [s for s in dom.iter("script") if "alert(" in (s.text or "")]
    assert not re.search(r"<img[^>]+onerror", drawn)
