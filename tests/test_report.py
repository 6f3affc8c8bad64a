"""Report runner, parameter checks, overview frames and display helpers."""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import nbformat
import polars as pl
import pytest
from conftest import fixture_corpus as fixture

from tassanalysis import display, overview, report

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def articles() -> pl.DataFrame:
    return fixture.fixture_articles()


def _rows(frame: pl.DataFrame) -> list[dict]:
    return frame.to_dicts()


# --------------------------------------------------------------------------- overview

@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_articles_over_time_counts_match_a_python_count(articles, period):
    def bucket(ts: datetime) -> date:
        d = ts.date()
        if period == "week":
            return d - timedelta(days=d.weekday())
        if period == "month":
            return d.replace(day=1)
        return d

    expected = Counter((bucket(r["published_at"]), r["source"]) for r in _rows(articles)
                       if r["published_at"] is not None)
    got = overview.articles_over_time(articles, by="source", period=period)
    nonzero = {(r["period"], r["source"]): r["articles"] for r in got.to_dicts() if r["articles"]}
    assert nonzero == dict(expected)
    # every bucket between the first and the last appears for every source
    periods = got["period"].unique().sort().to_list()
    assert got.height == len(periods) * articles["source"].n_unique()
    step = {"day": 1, "week": 7}.get(period)
    if step:
        assert all((b - a).days == step for a, b in zip(periods, periods[1:], strict=False))


def test_articles_over_time_pools_small_groups(articles):
    got = overview.articles_over_time(articles, by="section", period="month", top=2)
    sections = Counter(r["section"] or "(none)" for r in _rows(articles)
                       if r["published_at"] is not None)
    top2 = {s for s, _ in sorted(sections.items(), key=lambda kv: (-kv[1], kv[0]))[:2]}
    assert set(got["section"].unique()) == top2 | {"other"}
    assert got["articles"].sum() == sum(sections.values())


def test_date_source_reject_and_language_counts(articles):
    rows = _rows(articles)
    dates = overview.date_source_counts(articles)
    assert dict(zip(dates["date_source"], dates["articles"], strict=True)) == \
        dict(Counter(r["date_source"] for r in rows))
    assert set(dates["method"]) == {r["date_source"].split(":")[0] for r in rows}
    assert dates["share"].sum() == pytest.approx(1.0)
    rejects = overview.reject_counts(fixture.fixture_rejects())
    assert rejects.rows() == [("no-body", 2, pytest.approx(2 / 3)),
                              ("not-an-article", 1, pytest.approx(1 / 3))]
    langs = overview.language_counts(articles)
    assert dict(zip(langs["language"], langs["articles"], strict=True)) == \
        dict(Counter(r["language"] for r in rows))


def test_section_counts_share_within_source(articles):
    got = overview.section_counts(articles, by="source")
    for source, part in got.group_by("source"):
        assert part["share"].sum() == pytest.approx(1.0)
        n = sum(1 for r in _rows(articles) if r["source"] == source[0])
        assert part["articles"].sum() == n


def test_corpus_facts(articles):
    facts = overview.corpus_facts(articles)
    assert facts["Articles"] == articles.height
    assert facts["Undated articles"] == articles["published_at"].null_count()
    assert facts["Inputs merged as duplicates"] == articles["merged"].sum()
    assert facts["Last article"].startswith(str(articles["published_at"].max().date()))


@pytest.mark.parametrize("text, last, first", [
    ("7d", date(2018, 1, 27), date(2018, 1, 21)),
    ("last 7 days", date(2018, 1, 27), date(2018, 1, 21)),
    ("1 day", date(2018, 1, 27), date(2018, 1, 27)),
    ("2w", date(2018, 1, 27), date(2018, 1, 14)),
    ("1 month", date(2018, 3, 31), date(2018, 3, 1)),
    ("1m", date(2018, 3, 30), date(2018, 3, 1)),
    ("3 months", date(2018, 5, 31), date(2018, 3, 1)),
    ("last year", date(2018, 2, 28), date(2017, 3, 1)),
])
def test_window_first_day(text, last, first):
    assert overview.parse_window(text).first_day(last) == first


@pytest.mark.parametrize("bad", ["", "seven days", "0d", "7 fortnights", "d7"])
def test_parse_window_rejects(bad):
    with pytest.raises(ValueError, match="window"):
        overview.parse_window(bad)


def test_select_corpus_window_ends_at_last_date(corpus_path, articles):
    got = overview.select_corpus(corpus_path, window="10d", sources=["tass.com"])
    last = articles["published_at"].max().date()
    expected = [r["doc_id"] for r in _rows(articles)
                if r["published_at"] is not None and r["source"] == "tass.com"
                and last - timedelta(days=9) <= r["published_at"].date() <= last]
    assert sorted(got["doc_id"]) == sorted(expected) and expected


# --------------------------------------------------------------------------- display

def test_table_html_escapes_untrusted_text():
    frame = pl.DataFrame({"<th>": [fixture.HOSTILE_TITLE], "n": [1234], "share": [0.25]})
    out = display.table_html(frame)
    assert "<script>" not in out and "<b>" not in out and "<th>" not in out.replace(
        "<th ", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in out
    assert "1,234" in out and "25.0%" in out


def test_table_html_notes_truncation():
    out = display.table_html(pl.DataFrame({"a": list(range(30))}), max_rows=5)
    assert out.count("<tr>") == 6 and "5 of 30 rows shown" in out


def test_chart_html_cannot_close_its_script():
    spec = {"data": {"values": [{"t": "</script><script>alert(1)</script>\u2028"}]},
            "mark": "point"}
    out = display.chart_html(spec)
    script = out.split("<script", 1)[1]
    assert script.lower().count("</script") == 1  # only the element's own end tag
    embedded = re.search(r"var spec = (.*);\n", out).group(1)
    assert json.loads(embedded) == spec
    assert '"renderer": "svg"' in out


def test_enable_offline_charts_renders_vega_embed_html():
    import altair as alt

    display.enable_offline_charts(include_bundle=False)
    chart = alt.Chart(pl.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_point().encode(x="x", y="y")
    bundle = chart._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert set(bundle) == {"text/html"}
    assert "vegaEmbed" in bundle["text/html"] and "cdn" not in bundle["text/html"].lower()


def test_vega_bundle_inlines_safely():
    code = display.vega_bundle()
    assert "window.vegaEmbed" in code and "</script" not in code.lower()


# --------------------------------------------------------------------------- parameters

def test_parse_params():
    assert report.parse_params(["a=1", "b = x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
    for bad in (["novalue"], ["=1"], ["a b=1"], ["a=1", "a=2"]):
        with pytest.raises(report.ParameterError):
            report.parse_params(bad)


def test_validate_params_converts_to_declared_types(corpus_path):
    values = report.validate_params("corpus_overview", {
        "corpus": str(corpus_path), "top": "5", "sources": "tass.com,reuters.com",
        "start": "2017-12-01", "end": "2017-12-31"}, notebooks=ROOT / "notebooks")
    assert values["top"] == 5 and values["sources"] == ["tass.com", "reuters.com"]
    assert values["corpus"] == str(corpus_path.resolve())
    assert values["period"] == "auto"  # default from the notebook
    json_list = report.validate_params("corpus_overview", {
        "corpus": str(corpus_path), "sections": '["World", "Economy"]'},
        notebooks=ROOT / "notebooks")
    assert json_list["sections"] == ["World", "Economy"]


@pytest.mark.parametrize("params, message", [
    ({"colour": "red"}, "unknown parameter"),
    ({"top": "many"}, "top='many' is not a valid int"),
    ({"top": "0"}, "top must be 1 or more"),
    ({"start": "2018-02-01", "end": "2018-01-01"}, "is after end"),
    ({"start": "01/02/2018"}, "not a date"),
    ({"window": "soon"}, "not a rolling window"),
    ({"window": "7d", "start": "2018-01-01"}, "either start or window"),
    ({"period": "fortnight"}, "period 'fortnight'"),
    ({"focus_share": "1.5"}, "focus_share must be above 0"),
    ({"sources": "tass.com,bbc.co.uk"}, "'bbc.co.uk' not in the corpus"),
    ({"sections": "Sport"}, "'Sport' not in the corpus"),
    ({"corpus": "/no/such/corpus"}, "does not exist"),
])
def test_validate_params_refuses(corpus_path, params, message):
    params = {"corpus": str(corpus_path), **params}
    with pytest.raises(report.ParameterError, match=re.escape(message)):
        report.validate_params("corpus_overview", params, notebooks=ROOT / "notebooks")


def _command(*argv: str) -> int:
    parser = report.add_report_arguments(argparse.ArgumentParser())
    return report.report_command(parser.parse_args(list(argv)))


def test_bad_parameter_exits_before_any_run(tmp_path, corpus_path, capsys):
    out = tmp_path / "reports"
    code = _command("corpus_overview", "--notebooks", str(ROOT / "notebooks"), "--out", str(out),
                    "-p", f"corpus={corpus_path}", "-p", "sources=nowhere.org")
    assert code == 2
    assert "nowhere.org" in capsys.readouterr().err
    assert not out.exists()  # nothing ran, nothing written
    assert _command("no_such_report", "--notebooks", str(ROOT / "notebooks"),
                    "--out", str(out)) == 2


# --------------------------------------------------------------------------- runs

FAILING_SOURCE = '''corpus: str = "data/corpus"  # path to the corpus store
fail: bool = False  # raise in the second cell
message: str = "all good"  # text the report prints'''


def _tiny_notebook(folder: Path) -> None:
    cells = [
        nbformat.v4.new_code_cell(FAILING_SOURCE, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "if fail:\n    raise RuntimeError('the corpus is on fire')\nprint(message)"),
    ]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "tiny.ipynb")


@pytest.mark.slow
def test_failed_run_keeps_notebook_and_last_good_report(tmp_path, corpus_path, capsys):
    notebooks, out = tmp_path / "notebooks", tmp_path / "reports"
    _tiny_notebook(notebooks)
    day = date(2026, 1, 5)
    good = report.run_report("tiny", params={"corpus": str(corpus_path), "message": "first run"},
                             out=out, notebooks=notebooks, today=day)
    assert good.ok and good.html == out / "tiny" / "2026-01-05" / "tiny.html"
    good_html = good.html.read_bytes()
    assert b"first run" in good_html
    assert (out / "tiny" / "2026-01-05" / "tiny.ipynb").is_file()

    code = _command("tiny", "--notebooks", str(notebooks), "--out", str(out), "--date",
                    "2026-01-05", "-p", f"corpus={corpus_path}", "-p", "fail=true")
    assert code == 1
    assert "the corpus is on fire" in capsys.readouterr().err
    failed = out / "tiny" / "2026-01-05" / "failed-tiny.ipynb"
    nb = nbformat.read(failed, as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors and errors[0]["ename"] == "RuntimeError"
    assert good.html.read_bytes() == good_html  # the last good report is untouched
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "FAILED" in index and "failed-tiny.ipynb" in index
    assert "RuntimeError: the corpus is on fire" in index
    assert 'href="tiny/2026-01-05/tiny.html"' in index  # still linked as the last good one

    again = report.run_report("tiny", params={"corpus": str(corpus_path)}, out=out,
                              notebooks=notebooks, today=day)
    assert again.ok and not failed.exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    latest = index.split("<h2>All runs")[0]
    assert "FAILED" not in latest


# --------------------------------------------------------------------------- term options

def test_stopword_option():
    assert overview.stopword_option("en") == "en"
    assert overview.stopword_option("en+ru") == ("en", "ru")
    assert overview.stopword_option("ru, en") == ("ru", "en")
    assert overview.stopword_option("none") is None and overview.stopword_option("") is None
    with pytest.raises(ValueError, match="stopwords"):
        overview.stopword_option("fr")


def test_comparison_kinds(articles):
    each = overview.comparison(articles, by="source", target="each")
    assert each.kind == "each" and each.target is None
    assert overview.comparison(articles, by="section").kind == "each"
    values = overview.comparison(articles, by="source", target="tass.com,tass.ru")
    assert values.target == {"source": ["tass.com", "tass.ru"]} and values.reference is None
    assert values.label == "tass.com, tass.ru vs the rest"
    periods = overview.comparison(articles, target="2017-12", reference="2018-01")
    assert (periods.kind, periods.target, periods.reference) == ("periods", "2017-12", "2018-01")
    assert overview.comparison(articles, target="2017-11..2017-12").reference is None
    with pytest.raises(ValueError, match="'bbc.com' not in the corpus"):
        overview.comparison(articles, target="bbc.com")
    with pytest.raises(ValueError, match="not a period"):
        overview.comparison(articles, target="2017-12", reference="tass.com")
    with pytest.raises(ValueError, match="compare_by"):
        overview.comparison(articles, by="body", target="x")


def test_term_trends_fills_periods_and_rates():
    counts = pl.DataFrame({
        "period": [date(2017, 1, 1), date(2017, 1, 1), date(2017, 3, 1)],
        "term": ["war", "peace", "war"], "count": [3, 1, 2], "doc_count": [2, 1, 1],
        "tokens": [100, 100, 50], "docs": [4, 4, 2]})
    got = overview.term_trends(counts, ["war", "sanctions"], period="month")
    rows = {(r["period"], r["term"]): (r["count"], r["tokens"], r["rate_per_10k"])
            for r in got.to_dicts()}
    assert len(rows) == 3 * 2  # Jan, Feb (no articles), Mar × two terms
    assert rows[(date(2017, 1, 1), "war")] == (3, 100, pytest.approx(300.0))
    assert rows[(date(2017, 2, 1), "war")] == (0, 0, None)
    assert rows[(date(2017, 3, 1), "war")] == (2, 50, pytest.approx(400.0))
    assert rows[(date(2017, 3, 1), "sanctions")] == (0, 50, 0.0)


@pytest.mark.slow
def test_run_all_passes_each_report_its_own_parameters(tmp_path, corpus_path, capsys):
    notebooks, out = tmp_path / "notebooks", tmp_path / "reports"
    _tiny_notebook(notebooks)
    other = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('corpus: str = "data/corpus"  # path to the corpus store',
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print('other report on', corpus)")],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}})
    nbformat.write(other, notebooks / "other.ipynb")
    args = ["--all", "--notebooks", str(notebooks), "--out", str(out), "--date", "2026-01-06",
            "-p", f"corpus={corpus_path}"]
    assert _command(*args, "-p", "colour=red") == 2  # no report takes it: nothing runs
    assert not out.exists()
    assert _command(*args, "-p", "fail=yes") == 1  # tiny fails, other runs fine
    folder = out / "{}" / "2026-01-06"
    assert (Path(str(folder).format("other")) / "other.html").is_file()
    assert (Path(str(folder).format("tiny")) / "failed-tiny.ipynb").is_file()
    assert not (Path(str(folder).format("tiny")) / "tiny.html").exists()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("FAILED") == 2  # latest-run table and all-runs table
    assert "other/2026-01-06/other.html" in index


@pytest.mark.parametrize("pattern, limit", [("sanctions", 5), ("sanctions", 500),
                                            ("the", 30), ("nonexistentword", 3)])
def test_first_kwic_lines_equal_the_full_kwic(articles, pattern, limit):
    from tassanalysis import terms

    big = pl.concat([articles] * 6).with_columns(
        (pl.col("doc_id") + "-" + pl.int_range(pl.len()).cast(pl.String)).alias("doc_id"))
    fast = overview.first_kwic_lines(big.sample(fraction=1.0, shuffle=True, seed=1), pattern,
                                     limit=limit)
    full = terms.kwic(big, pattern, limit=limit)
    assert fast.equals(full)


def test_list_shows_reports_and_parameters(capsys):
    assert _command("--list", "--notebooks", str(ROOT / "notebooks")) == 0
    out = capsys.readouterr().out
    assert "corpus_overview" in out and "term_frequency" in out
    assert "  window: str = ''  rolling window" in out
