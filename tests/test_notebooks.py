"""Each report notebook, executed on the fixture corpus and opened in a browser without network."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import lxml.html
import nbformat
import pytest
from conftest import dump_dom
from conftest import fixture_corpus as fixture

from tassanalysis import report

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ["corpus_overview", "term_frequency", "actor_comentions", "topic_trends"]
#: Reports that list articles (titles in KWIC lines or the latest articles).
SHOWS_ARTICLES = {"corpus_overview", "term_frequency", "topic_trends"}
#: Parameters besides the corpus: KWIC for a term the hostile article uses, all lines.
EXTRA = {"term_frequency": {"kwic_terms": "sanctions", "kwic_lines": "200"}}
DAY = date(2026, 1, 5)



@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("reports")


_runs: dict[str, report.ReportResult] = {}


@pytest.fixture
def run(corpus_path, out):
    def _run(name: str) -> report.ReportResult:
        if not (NOTEBOOKS / f"{name}.ipynb").is_file():
            pytest.skip(f"notebooks/{name}.ipynb not present")
        if name not in _runs:
            params = {"corpus": str(corpus_path), **EXTRA.get(name, {})}
            _runs[name] = report.run_report(name, params=params, out=out,
                                            notebooks=NOTEBOOKS, today=DAY)
        return _runs[name]
    return _run


def _external_refs(page: str) -> list[str]:
    tree = lxml.html.fromstring(page)
    refs = [el.get("src") for el in tree.iter("script") if el.get("src")]
    refs += [el.get("href") for el in tree.iter("link") if el.get("href")]
    refs += re.findall(r"@import\s+(?:url\()?['\"]?(https?://[^'\")\s]+)", page)
    return refs


@pytest.mark.parametrize("name", REPORTS)
def test_report_is_written_and_self_contained(run, name, out):
    result = run(name)
    assert result.ok, result.error
    folder = out / name / DAY.isoformat()
    assert result.html == folder / f"{name}.html" and result.html.is_file()
    assert (folder / f"{name}.ipynb").is_file()
    page = result.html.read_text(encoding="utf-8")
    assert _external_refs(page) == []  # no script, stylesheet or import from anywhere
    assert page.count("window.vegaEmbed=") == 1  # the bundle, inlined once
    # code and the parameters cell are hidden; the header tells the provenance
    assert "select_corpus(corpus" not in page and "corpus: str =" not in page
    assert f"<td>{fixture.fixture_articles().height}</td>" in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{name}/{DAY.isoformat()}/{name}.html"' in index
    assert f'href="{name}/latest.html"' in index
    # the notebook's description heads the page and the index
    description = report.render.notebook_description(nbformat.read(NOTEBOOKS / f"{name}.ipynb",
                                                                   as_version=4))
    header = lxml.html.fromstring(page).find_class("tass-header")[0].text_content()
    listed = lxml.html.fromstring(index).text_content()
    assert description and description in header and description in listed


@pytest.mark.parametrize("name", REPORTS)
def test_every_chart_and_table_downloads_its_data(run, name):
    from tassanalysis import display

    result = run(name)
    assert result.ok, result.error
    tree = lxml.html.fromstring(result.html.read_text(encoding="utf-8"))
    charts = tree.find_class("tass-chart")
    tables = [t for t in tree.iter("table") if "tass-table" in (t.get("class") or "")]
    links = tree.find_class("tass-download")
    assert len(links) >= len(charts) + len(tables) and charts and tables
    for link in links:
        lines = display.download_text(link).lstrip("\ufeff").splitlines()
        assert len(lines) >= 2 and link.get("download").endswith(".csv")


@pytest.mark.parametrize("name", REPORTS)
def test_report_draws_offline_and_escapes_article_text(run, name, tmp_path):
    result = run(name)
    assert result.ok, result.error
    page = result.html.read_text(encoding="utf-8")
    charts = page.count('class="tass-chart"')
    assert charts >= 2
    dom = lxml.html.fromstring(dump_dom(result.html, tmp_path))
    embeds = dom.find_class("vega-embed")
    assert len(embeds) == charts, "every chart container was drawn by vega-embed"
    for embed in embeds:
        marks = embed.xpath(".//svg//*[@role='graphics-symbol']")
        paths = embed.xpath(".//svg//path")
        assert marks and paths, lxml.html.tostring(embed)[:500]
    assert not dom.find_class("tass-chart-error")
    # the hostile title is shown as text (where the report lists articles), and injected nothing
    if name in SHOWS_ARTICLES:
        assert fixture.HOSTILE_TITLE in dom.text_content()
    assert not [b for b in dom.iter("b") if (b.text or "") == "x"]
    assert not [s for s in dom.iter("script") if "alert(" in (s.text or "")]
    assert not [i for i in dom.iter("img") if i.get("onerror")]


def _facts(nb_path: Path) -> dict[str, str]:
    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/html", "")
            if "tass-facts" in text:
                tree = lxml.html.fromstring(text)
                return dict(zip([d.text_content() for d in tree.iter("dt")],
                                [d.text_content() for d in tree.iter("dd")], strict=True))
    raise AssertionError("no facts box in the executed notebook")


def test_overview_rolling_window_and_sources(corpus_path, tmp_path):
    result = report.run_report("corpus_overview", out=tmp_path, notebooks=NOTEBOOKS, today=DAY,
                               params={"corpus": str(corpus_path), "window": "last 14 days",
                                       "sources": "tass.com,tass.ru", "period": "day"})
    assert result.ok, result.error
    rows = fixture.fixture_articles().to_dicts()
    last = max(r["published_at"] for r in rows if r["published_at"]).date()
    chosen = [r for r in rows if r["published_at"] and r["source"] in ("tass.com", "tass.ru")
              and last - timedelta(days=13) <= r["published_at"].date() <= last]
    facts = _facts(result.notebook)
    assert facts["Articles"] == str(len(chosen))
    assert facts["Sources"] == str(len({r["source"] for r in chosen}))
    assert result.provenance["articles"] == len(chosen)
    page = result.html.read_text(encoding="utf-8")
    assert "last 14 days" in page and "tass.com, tass.ru" in page  # parameters in the header
    # the window leaves out the undated tass.com story, and the facts say so
    undated = [r for r in rows if r["published_at"] is None
               and r["source"] in ("tass.com", "tass.ru")]
    assert len(undated) == 1
    assert facts["Undated, left out by the day range"] == "1 (their date is not known)"
    # the time note counts it among the articles the time axis cannot show
    assert "One undated article is not on the time axis." in page


@pytest.mark.parametrize("name", ["corpus_overview", "term_frequency", "actor_comentions"])
def test_time_notes_say_how_many_undated_articles_are_not_on_the_time_axis(run, name):
    result = run(name)
    assert result.ok, result.error
    undated = fixture.fixture_articles()["published_at"].null_count()
    assert undated == 1
    tree = lxml.html.fromstring(result.html.read_text(encoding="utf-8"))
    notes = [p.text_content() for p in tree.iter("p") if "by week:" in p.text_content()]
    assert notes and all(n.endswith("One undated article is not on the time axis.")
                         for n in notes), notes


def test_term_report_kwic_lines_match_an_independent_count(run):
    result = run("term_frequency")
    assert result.ok, result.error
    expected = sum(len(re.findall(r"(?i)(?<![\w])sanctions(?![\w])", body))
                   for body in fixture.fixture_articles()["body"])
    nb = nbformat.read(result.notebook, as_version=4)
    texts = [o.get("data", {}).get("text/html", "") for c in nb.cells
             for o in c.get("outputs", [])]
    captions = [lxml.html.fromstring(t).text_content() for t in texts if t.startswith("<h3>")
                and "sanctions" in t]
    assert captions and re.search(rf"(?<![\d,]){expected:,}(?![\d,])", captions[0]), captions
    page = lxml.html.fromstring(result.html.read_text(encoding="utf-8"))
    assert len(page.find_class("kwic-match")) == expected


@pytest.mark.parametrize("name", REPORTS)
def test_papermill_documents_the_parameters(name):
    if not (NOTEBOOKS / f"{name}.ipynb").is_file():
        pytest.skip(f"notebooks/{name}.ipynb not present")
    params = report.notebook_parameters(NOTEBOOKS / f"{name}.ipynb")
    assert {"corpus", "start", "end", "window", "sources", "sections", "period", "top"} <= \
        set(params)
    assert all(info["help"] and info["type"] != "None" for info in params.values())
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code"), "committed without outputs"


def test_charts_draw_outside_reports_as_in_jupyterlab(tmp_path, monkeypatch):
    """A plain papermill run carries the bundle in its outputs; inserting those
    outputs the way JupyterLab does (innerHTML, then re-created script tags)
    draws the chart without network."""
    import json

    import papermill

    from tassanalysis import display

    monkeypatch.delenv(display.REPORT_ENV, raising=False)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    cells = [
        nbformat.v4.new_code_cell("from tassanalysis.display import enable_offline_charts\n"
                                  "enable_offline_charts()"),
        nbformat.v4.new_code_cell(
            "import altair as alt, polars as pl\n"
            "alt.Chart(pl.DataFrame({'x': [1, 2, 3], 'y': [1, 3, 2]})).mark_line()"
            ".encode(x='x', y='y')"),
    ]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    nbformat.write(nb, tmp_path / "lab.ipynb")
    papermill.execute_notebook(str(tmp_path / "lab.ipynb"), str(tmp_path / "ran.ipynb"),
                               kernel_name="python3", progress_bar=False)
    ran = nbformat.read(tmp_path / "ran.ipynb", as_version=4)
    outputs = [o["data"]["text/html"] for c in ran.cells for o in c.outputs
               if "text/html" in o.get("data", {})]
    assert len(outputs) == 2 and "window.vegaEmbed" in outputs[0]
    payload = json.dumps(outputs).replace("<", "\\u003c")
    page = tmp_path / "lab.html"
    page.write_text(f"""<!DOCTYPE html><html><body><div id="out"></div><script>
var outputs = {payload};
outputs.forEach(function (markup) {{
  var box = document.createElement("div");
  box.innerHTML = markup;
  document.getElementById("out").appendChild(box);
  box.querySelectorAll("script").forEach(function (old) {{
    var fresh = document.createElement("script");
    fresh.textContent = old.textContent;
    old.replaceWith(fresh);
  }});
}});
</script></body></html>""", encoding="utf-8")
    dom = lxml.html.fromstring(dump_dom(page, tmp_path))
    embeds = dom.find_class("vega-embed")
    assert len(embeds) == 1 and embeds[0].xpath(".//svg//path")
