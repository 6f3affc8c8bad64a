"""Charts built from real analysis frames: valid Vega-Lite, small data, escaped HTML."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import vl_convert

from tassanalysis import charts, terms
from tassanalysis.charts import actors as actor_charts
from tassanalysis.schema import validate

UTC = dt.UTC


@pytest.fixture(scope="module")
def corpus() -> pl.DataFrame:
    rows = [
        ("tass.com", dt.datetime(2017, 1, 3, tzinfo=UTC),
         "Foreign Minister Lavrov said Moscow welcomes talks. Lavrov met the envoy. "
         "Foreign Minister Lavrov spoke again about talks."),
        ("tass.com", dt.datetime(2017, 3, 3, tzinfo=UTC),
         "Moscow talks on sanctions. Foreign Minister Lavrov said sanctions hurt."),
        ("bbc.com", dt.datetime(2017, 2, 3, tzinfo=UTC),
         "London talks <script>alert('x')</script> on Brexit & trade. Brexit talks stalled."),
        ("bbc.com", dt.datetime(2017, 3, 9, tzinfo=UTC),
         "Brexit again; London and Brussels hold talks. Foreign Minister Lavrov visits London."),
    ]
    frame = pl.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(rows))], "source": [r[0] for r in rows],
        "published_at": pl.Series([r[1] for r in rows], dtype=pl.Datetime("us", "UTC")),
        "body": [r[2] for r in rows], "title": [f"<i>Title</i> {i}" for i in range(len(rows))],
        "date_source": "page", "language": "en", "origin": "test",
    })
    return validate(frame, cast=True)


def _compiles(chart) -> dict:
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    vega = vl_convert.vegalite_to_vega(spec)
    assert vega["marks"]
    return spec


def _data_rows(spec: dict) -> int:
    return sum(len(v) for v in spec.get("datasets", {}).values())


def test_term_frequency_chart(corpus):
    plain = _compiles(charts.chart_term_frequency(terms.term_frequency(corpus, top=5)))
    assert "articles" in plain["title"] and "words" in plain["title"]
    assert _data_rows(plain) == 5
    by_source = charts.chart_term_frequency(terms.term_frequency(corpus, by="source", top=3))
    spec = _compiles(by_source)
    assert spec["facet"]["row"]["field"] == "group"
    per_month = terms.term_frequency(corpus, period="month", top=3)
    spec = _compiles(charts.chart_term_frequency(per_month, title="Per month"))
    assert spec["title"] == "Per month"


def test_keyness_chart(corpus):
    key = terms.keyness(corpus, target={"source": "tass.com"}, min_count=1)
    spec = _compiles(charts.chart_keyness(key, top=3))
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) <= 6
    assert all((r["value"] > 0) == (r["direction"] == "over") for r in rows)
    each = terms.each_vs_rest(corpus, min_count=1)
    assert _compiles(charts.chart_keyness(each, value="log_ratio"))["facet"]


def test_trend_chart(corpus):
    tf = terms.term_frequency(corpus, period="month", top=None)
    spec = _compiles(charts.chart_term_trends(tf, terms=["talks", "lavrov"]))
    rows = next(iter(spec["datasets"].values()))
    assert {r["term"] for r in rows} == {"talks", "lavrov"}
    assert len(rows) == 2 * 3  # three months, empty ones as zeros
    assert _compiles(charts.chart_term_trends(
        terms.term_frequency(corpus, by="source", period="month", top=2)))


def test_collocation_chart(corpus):
    pairs = terms.collocations(corpus, min_count=2)
    spec = _compiles(charts.chart_collocations(pairs, measure="pmi"))
    assert "pmi" in spec["title"]


def test_kwic_html_escapes_article_text(corpus):
    lines = terms.kwic(corpus, "talks", width=4)
    page = charts.kwic_table_html(lines, caption="<talks>")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<i>" not in page and "&lt;i&gt;Title&lt;/i&gt;" in page
    assert "&lt;talks&gt;" in page
    assert page.count("<tr>") == lines.height + 1
    assert _compiles(charts.chart_kwic(lines))


def test_charts_refuse_lazy_and_huge_frames(corpus):
    tf = terms.term_frequency(corpus, top=5)
    with pytest.raises(TypeError):
        charts.chart_term_frequency(tf.lazy())
    big = pl.concat([tf] * 1000)
    with pytest.raises(ValueError):
        charts.chart_term_frequency(big)


def test_keyness_chart_takes_its_top_terms_from_a_large_table():
    n = 9_000
    frame = pl.DataFrame({
        "term": [f"t{i}" for i in range(n)],
        "count_target": [i % 50 + 1 for i in range(n)],
        "count_reference": [50 - i % 50 for i in range(n)],
        "rate_target": [1.0] * n, "rate_reference": [1.0] * n,
        "g2": [float(i) for i in range(n)], "g2_p": [0.0001] * n,
        "chi2": [1.0] * n, "chi2_p": [0.01] * n, "log_ratio": [1.0] * n,
        "direction": ["over" if i % 2 else "under" for i in range(n)],
    })
    spec = charts.chart_keyness(frame, top=5).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert sorted(r["term"] for r in rows) == sorted(
        [f"t{i}" for i in (8999, 8997, 8995, 8993, 8991, 8998, 8996, 8994, 8992, 8990)])


def test_save_html_writes_a_chart_that_draws_offline(tmp_path):
    """One call saves a chart as one file: no CDN, the Vega bundle inlined, drawn by Chromium."""
    import re

    from conftest import dump_dom

    import tassanalysis as ta

    chart = ta.chart_term_frequency(ta.term_frequency(ta.load_sample(), top=5))
    page = ta.save_html(chart, tmp_path / "terms.html")
    text = page.read_text(encoding="utf-8")
    assert text.count("window.vegaEmbed=") == 1
    assert not re.findall(r"""<(?:script|link)[^>]+(?:src|href)=["']?https?:""", text)
    dom = dump_dom(page, tmp_path)
    assert "<svg" in dom and 'role="graphics-symbol"' in dom


def _months(n: int) -> list[dt.date]:
    return [dt.date(2017 + (m // 12), m % 12 + 1, 1) for m in range(n)]


def _rates(series: int, months: list[dt.date], tokens=None) -> pl.DataFrame:
    tokens = tokens or [10_000] * len(months)
    return pl.DataFrame([
        {"period": d, "term": f"t{s}", "count": 5 + s + i, "tokens": tokens[i],
         "rate_per_10k": (5 + s + i) / tokens[i] * 10_000}
        for s in range(series) for i, d in enumerate(months)])


def test_more_than_four_series_are_small_multiples():
    months = _months(6)
    four = _compiles(charts.chart_term_trends(_rates(4, months)))
    assert "facet" not in four and "layer" in four
    five = _compiles(charts.chart_term_trends(_rates(5, months)))
    assert five["facet"]["field"] == "term" and five["columns"] >= 3
    # no colour legend to decode and no end-of-line labels that could overlap
    assert all("color" not in layer["encoding"] and layer["mark"]["type"] != "text"
               for layer in five["spec"]["layer"])


def test_an_empty_month_is_a_gap_not_a_line_across():
    months = _months(5)
    frame = _rates(2, months).filter(pl.col("period") != months[2])  # no article in March
    spec = _compiles(charts.chart_term_trends(frame))
    rows = next(iter(spec["datasets"].values()))
    march = [r for r in rows if r["period"].startswith(months[2].isoformat())]
    assert len(march) == 2 and all(r["rate_per_10k"] is None for r in march)
    line = spec["layer"][0]
    assert line["mark"]["type"] == "line" and line["mark"]["invalid"].startswith("break-paths")
    assert line["encoding"]["y"]["field"] == "_solid"
    assert line["transform"][0]["calculate"].startswith("datum.thin || datum.partial ? null")


def test_a_thin_period_is_hollow_and_out_of_the_scale():
    months = _months(5)
    frame = _rates(1, months, tokens=[10_000, 10_000, 300, 10_000, 10_000])
    frame = frame.with_columns(
        pl.when(pl.col("period") == months[2]).then(3).otherwise(pl.col("count")).alias("count"))
    frame = frame.with_columns(rate_per_10k=pl.col("count") / pl.col("tokens") * 10_000)
    spec = _compiles(charts.chart_term_trends(frame))
    rows = next(iter(spec["datasets"].values()))
    thin = [r for r in rows if r["thin"]]
    assert [r["period"][:10] for r in thin] == [months[2].isoformat()]
    assert spec["layer"][0]["transform"][0]["calculate"].startswith("datum.thin")  # off the line
    hollow = [layer for layer in spec["layer"]
              if layer["mark"]["type"] == "point" and layer["mark"].get("filled") is False]
    assert len(hollow) == 1
    highest_full = max(r["rate_per_10k"] for r in rows if not r["thin"])
    domain = hollow[0]["encoding"]["y"]["scale"]["domain"]
    assert domain[1] < thin[0]["rate_per_10k"] and domain[1] >= highest_full
    assert "Hollow points" in " ".join(spec["title"]["subtitle"])


def test_actor_mentions_draw_one_article_periods_hollow():
    months = _months(4)
    frame = pl.DataFrame([{"period": d, "actor": a, "actor_id": a.lower(), "count": c,
                           "units": u, "share": c / u}
                          for a in ("Putin", "Trump")
                          for d, c, u in zip(months, (10, 1, 12, 9), (40, 1, 40, 38),
                                             strict=True)])
    spec = _compiles(actor_charts.chart_actor_mentions(frame))
    rows = next(iter(spec["datasets"].values()))
    assert {r["period"][:10] for r in rows if r["thin"]} == {months[1].isoformat()}
    assert spec["layer"][0]["encoding"]["y"]["scale"]["domain"][1] < 1.0


def test_network_labels_never_overlap_and_every_node_is_labelled_or_listed():
    import math

    from tassanalysis.charts.actors import chart_network, place_labels

    # a dense cluster: twelve nodes within a few pixels of each other, plus a loner
    nodes = pl.DataFrame({
        "actor_id": [f"a{i}" for i in range(13)],
        "actor": [f"Actor number {i}" for i in range(13)],
        "mentions": [100 - i for i in range(13)],
        "x": [0.01 * math.cos(i) for i in range(12)] + [1.0],
        "y": [0.01 * math.sin(i) for i in range(12)] + [1.0]})
    placed = place_labels(nodes, width=620, height=520)
    boxes = []
    for row in placed.filter(pl.col("spot").is_not_null()).iter_rows(named=True):
        boxes.append(row)
    assert placed.filter(pl.col("actor_id") == "a12")["spot"][0] is not None
    assert 0 < len(boxes) < 13  # the cluster cannot hold every label
    # no two placed labels share an anchor side that overlaps (checked in pixels)
    width = {r["actor_id"]: 0.6 * 11 * len(r["actor"]) + 2 for r in boxes}
    x0, x1 = nodes["x"].min() - 0.08, nodes["x"].max() + 0.08
    y0, y1 = nodes["y"].min() - 0.08, nodes["y"].max() + 0.08

    def box(r):
        px = (r["label_x"] - x0) / (x1 - x0) * 620
        py = (y1 - r["label_y"]) / (y1 - y0) * 520
        w, h = width[r["actor_id"]], 13
        left = {"above": px - w / 2, "below": px - w / 2, "right": px, "left": px - w}[r["spot"]]
        top = {"above": py - h, "below": py, "right": py - h / 2, "left": py - h / 2}[r["spot"]]
        return left, top, left + w, top + h

    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            la, ta, ra, ba = box(a)
            lb, tb, rb, bb = box(b)
            assert not (la < rb - 0.5 and lb < ra - 0.5 and ta < bb - 0.5 and tb < ba - 0.5), \
                (a["actor"], b["actor"])
    edges = pl.DataFrame({"actor_a": ["a0"], "actor_b": ["a12"], "weight": [0.5], "count": [3],
                          "x": [0.0], "y": [0.0], "x2": [1.0], "y2": [1.0]})
    nodes = nodes.with_columns(type=pl.lit("person"), degree=1, weighted_degree=0.5,
                               betweenness=0.0, community=0)
    spec = _compiles(chart_network(nodes, edges))
    listed = spec["title"]["subtitle"][0]
    for name in placed.filter(pl.col("spot").is_null())["actor"]:
        assert name in listed


def test_a_chart_with_several_data_sets_has_one_download():
    from tassanalysis.display import chart_html

    spec = {"layer": [{"data": {"name": "a"}, "mark": "point"},
                      {"data": {"name": "b"}, "mark": "rule"}],
            "datasets": {"a": [{"actor": "Putin", "x": 1}], "b": [{"actor_a": "Putin", "w": 2}]},
            "title": "Actor network"}
    out = chart_html(spec)
    assert out.count("tass-download") == 1 and 'download="actor-network.csv"' in out


def test_keyness_chart_draws_only_significant_terms_and_says_so():
    frame = pl.DataFrame({
        "term": ["strong", "weak", "under"], "count_target": [40, 3, 1],
        "count_reference": [2, 2, 30], "rate_target": [1.0] * 3, "rate_reference": [1.0] * 3,
        "g2": [30.0, 0.4, 20.0], "g2_p": [1e-7, 0.53, 1e-5], "chi2": [1.0] * 3,
        "chi2_p": [0.01] * 3, "log_ratio": [3.0, 0.5, -3.0],
        "direction": ["over", "over", "under"]})
    spec = _compiles(charts.chart_keyness(frame))
    rows = next(iter(spec["datasets"].values()))
    assert sorted(r["term"] for r in rows) == ["strong", "under"]
    assert spec["title"]["subtitle"] == ["Only terms with p < 0.001 (G² test); 1 weaker term "
                                         "left out."]
    everything = _compiles(charts.chart_keyness(frame, level=1))
    assert len(next(iter(everything["datasets"].values()))) == 3


def test_keyness_returns_every_term_but_compare_terms_leaves_out_outlet_names():
    body = "Al Jazeera reports the talks. Jazeera says the summit will go on."
    rows = [("aljazeera.com", f"{body} Summit talks {i}.") for i in range(12)]
    rows += [("tass.com", f"Moscow talks. TASS reports the summit. Kremlin {i}.")
             for i in range(12)]
    frame = validate(pl.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(rows))], "source": [r[0] for r in rows],
        "published_at": pl.Series([dt.datetime(2017, 1, 3, tzinfo=UTC)] * len(rows),
                                  dtype=pl.Datetime("us", "UTC")),
        "body": [r[1] for r in rows], "title": "t", "date_source": "page", "language": "en",
        "origin": "test"}), cast=True)
    target = {"source": "aljazeera.com"}
    every = terms.keyness(frame, target=target, min_count=1)
    assert {"jazeera", "aljazeera"} & set(every["term"])  # keyness itself keeps every term
    assert every["g2_p"].is_not_null().all()
    compare = terms.comparison(frame, by="source", target="aljazeera.com")
    shown = terms.compare_terms(frame, compare, min_count=1)
    assert not {"jazeera", "aljazeera", "tass"} & set(shown["term"])
    assert "kremlin" in set(shown["term"]) or "moscow" in set(shown["term"])
    assert terms.outlet_name_terms(["europe.chinadaily.com.cn"]) == ["chinadaily"]


def test_common_in_needs_enough_articles_of_an_outlet():
    corpus = pl.DataFrame({
        "source": ["a.com", "b.com", "c.com"] + ["d.com"] * 12,
        "body": ["The president spoke."] * 3 + ["Subscribe now. The president spoke."] * 6
        + ["Subscribe now. Weather news."] * 6})
    table = pl.DataFrame({"term": ["president", "subscribe"]})
    flagged = terms.flag_common_terms(table, corpus)
    assert flagged["common_in"].to_list() == [[], ["d.com"]]


def test_a_partner_change_without_a_direction_is_grey_and_says_see_reason():
    from tassanalysis.actors import partner_change

    day = lambda d: pl.datetime(2017, 1, d, time_zone="UTC")  # noqa: E731
    # 10 articles naming Lavrov with Kerry before the 16th, 10 with Tillerson after; two
    # articles with Lavrov and Lukashenko on each side (no change to claim)
    pairs = ([("lavrov", "kerry")] * 10 + [("lavrov", "lukashenko")] * 2
             + [("lavrov", "tillerson")] * 10 + [("lavrov", "lukashenko")] * 2)
    mentions = pl.DataFrame({"doc_id": [str(i) for i, p in enumerate(pairs) for _ in p],
                             "actor_id": [a for p in pairs for a in p]}).with_columns(
        pl.when(pl.col("doc_id").cast(pl.Int64) < 12).then(day(5)).otherwise(day(25))
        .alias("published_at"))
    decided = partner_change(mentions, focus="Sergey Lavrov", before=("2017-01-01", "2017-01-15"),
                             after=("2017-01-16", "2017-01-31"), min_count=1)
    assert decided.filter(pl.col("direction").is_null())["partner"].to_list() == ["lukashenko"]
    undecided = partner_change(mentions, focus="lavrov", before=("2016-01-01", "2016-12-31"),
                               after=("2017-01-16", "2017-01-31"), min_count=1)
    assert undecided["direction"].null_count() == undecided.height > 0
    assert undecided["log_ratio"].null_count() == undecided.height  # no share before: no ratio
    frame = pl.concat([decided, undecided.with_columns(
        pl.col("partner") + "-unmeasured")], how="vertical_relaxed")
    spec = _compiles(actor_charts.chart_partner_change(frame))
    color = spec["encoding"]["color"]
    assert color["scale"]["domain"] == ["rose", "fell", "no claim (see reason)"]
    grey = color["scale"]["range"][2]
    assert grey not in color["scale"]["range"][:2]
    rows = next(iter(spec["datasets"].values()))
    assert {r["direction"] for r in rows} == {"rose", "fell", "no claim (see reason)"}
    assert [r["reason"] for r in rows if r["direction"].startswith("no claim")] == [
        decided.filter(pl.col("partner") == "lukashenko")["reason"][0]]
    assert any("no significant change" in (r["reason"] or "") for r in rows)
    assert any(t.get("field") == "reason" for t in spec["encoding"]["tooltip"])
    assert "opacity" not in spec["encoding"]  # a claimed direction is significant: no fading
    # partners of a window without the focus have no ratio: named under the title, not drawn
    assert not any(r["partner"].endswith("-unmeasured") for r in rows)
    assert "tillerson-unmeasured" in spec["title"]["subtitle"][0]
    svg = vl_convert.vegalite_to_svg(spec)
    assert "no claim (see reason)" in svg  # the legend names it


def test_heatmap_labels_are_whole_names_never_cut():
    from tassanalysis.actors.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    longest = (gaz.actors.sort(pl.col("actor").str.len_chars(), descending=True)
               .head(3)["actor_id"].to_list())
    ids = [*longest, "pentagon", "us"]
    pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1:]]
    co = pl.DataFrame({"actor_a": [a for a, _ in pairs], "actor_b": [b for _, b in pairs],
                       "count": 2, "count_a": 3, "count_b": 2, "npmi": 0.4})
    spec = _compiles(actor_charts.chart_co_mention_heatmap(co, actors=gaz.actors))
    svg = vl_convert.vegalite_to_svg(spec)
    names = gaz.actors.filter(pl.col("actor_id").is_in(ids))["actor"].to_list()
    assert max(len(n) for n in names) > 40  # far longer than Vega's default 180 px
    for name in names:
        shown = name.replace("&", "&amp;").replace("(", "").replace(")", "")
        assert svg.replace("(", "").replace(")", "").count(shown) >= 2, name  # both axes
    assert "…" not in svg
