"""The actor report, executed on the fixture corpus and opened in a browser without network."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import lxml.html
import nbformat
import pytest
from conftest import dump_dom

from tassanalysis import report

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
DAY = date(2026, 1, 5)


@pytest.fixture(scope="module")
def result(corpus_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return report.run_report("actor_comentions", notebooks=NOTEBOOKS, today=DAY, out=out,
                             params={"corpus": str(corpus_path), "min_count": "1"})


def test_notebook_is_committed_clean_with_documented_parameters():
    path = NOTEBOOKS / "actor_comentions.ipynb"
    params = report.notebook_parameters(path)
    assert {"corpus", "start", "end", "window", "sources", "sections", "period", "top",
            "gazetteer", "unit", "weight", "focus", "min_count"} <= set(params)
    assert all(info["help"] for info in params.values())
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.kernelspec.name == "python3"
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code")


def test_actor_report_renders_offline_and_every_chart_draws(result, tmp_path):
    assert result.ok, result.error
    page = result.html.read_text(encoding="utf-8")
    tree = lxml.html.fromstring(page)
    assert not [el.get("src") for el in tree.iter("script") if el.get("src")]
    assert page.count("window.vegaEmbed=") == 1
    assert "Names the gazetteer misses" in page and "corpus: str =" not in page
    charts = page.count('class="tass-chart"')
    assert charts >= 4
    dom = lxml.html.fromstring(dump_dom(result.html, tmp_path))
    embeds = dom.find_class("vega-embed")
    assert len(embeds) == charts
    for embed in embeds:
        assert embed.xpath(".//svg//*[@role='graphics-symbol']"), lxml.html.tostring(embed)[:300]
    assert not dom.find_class("tass-chart-error")


@pytest.mark.parametrize(("params", "message"), [
    ({"focus": "nobody"}, "focus: 'nobody' is not an actor of the gazetteer"),
    ({"compare_focus": "nobody"}, "compare_focus: 'nobody' is not an actor of the gazetteer"),
    ({"unit": "page"}, "unit"),
    ({"weight": "tfidf"}, "weight"),
    ({"gazetteer": "/nonexistent/actors.yml"}, "gazetteer"),
])
def test_bad_actor_parameters_are_refused_before_a_kernel_starts(corpus_path, tmp_path,
                                                                  params, message):
    from tassanalysis.report.parameters import ParameterError

    with pytest.raises(ParameterError, match=message.replace("(", r"\(")):
        report.run_report("actor_comentions", notebooks=NOTEBOOKS, today=DAY, out=tmp_path,
                          params={"corpus": str(corpus_path), **params})
    assert not list(tmp_path.rglob("*.ipynb"))  # no kernel ran, nothing written


def test_focus_given_by_name_or_russian_alias_is_resolved_and_named(corpus_path, tmp_path):
    run = report.run_report("actor_comentions", notebooks=NOTEBOOKS, today=DAY, out=tmp_path,
                            params={"corpus": str(corpus_path), "min_count": "1",
                                    "focus": "Sergey Lavrov", "compare_focus": "Трамп"})
    assert run.ok, run.error
    page = run.html.read_text(encoding="utf-8")
    tree = lxml.html.fromstring(page)
    said = " ".join(el.text_content() for el in tree.iter("p", "h3", "caption"))
    assert "Sergey Lavrov: partners by" in said
    assert "Sergey Lavrov: " in said and " against " in said  # the partner-change windows
    assert "Top partners of Sergey Lavrov by outlet group" in said
    assert "Donald Trump" in page and "KeyError" not in page


def test_an_ambiguous_focus_is_refused_with_its_candidates(corpus_path, tmp_path):
    from tassanalysis.report.parameters import ParameterError

    with pytest.raises(ParameterError, match="may be any of: Bill Clinton"):
        report.run_report("actor_comentions", notebooks=NOTEBOOKS, today=DAY, out=tmp_path,
                          params={"corpus": str(corpus_path), "focus": "Clinton"})
