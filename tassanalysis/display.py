"""Notebook display helpers: offline Altair charts and escaped, readable tables.

Call :func:`enable_offline_charts` at the top of a notebook. Charts are then
drawn by a ``vegaEmbed(...)`` call in a plain HTML output, with the Vega
libraries bundled by ``vl-convert`` instead of loaded from a CDN:

* inside a report (``tass report``), the report template inlines the bundle
  once per page, so the outputs only hold the chart specs;
* anywhere else (JupyterLab, a plain ``papermill`` run), the bundle is shown
  once per kernel session as the output of :func:`enable_offline_charts`.

Marks are drawn as SVG. Progress bars are switched off inside reports, where a
``tqdm`` widget would pull a script from a CDN.

Article text is untrusted: :func:`table_html`, :func:`show_table` and
:func:`show_facts` escape every value, and chart specs are embedded so that no
string inside them can close the ``<script>`` element.

Examples
--------
>>> import polars as pl
>>> html = table_html(pl.DataFrame({"title": ["<script>alert(1)</script>"]}))
>>> "<script>" in html
False
"""

from __future__ import annotations

import base64
import functools
import gzip
import html
import json
import os
import uuid
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import polars as pl

from tassanalysis.vocab import renamed_options

__all__ = [
    "EMBED_OPTIONS",
    "REPORT_ENV",
    "bundle_script",
    "chart_html",
    "csv_download",
    "enable_offline_charts",
    "constant_columns",
    "facts_html",
    "format_number",
    "format_share",
    "in_report",
    "readable_times",
    "show_facts",
    "show_table",
    "show_text",
    "table_html",
    "vega_bundle",
]

#: Environment variable set by the report runner for the kernel it starts.
REPORT_ENV = "TASSANALYSIS_REPORT"

#: Options passed to ``vegaEmbed``: SVG marks, no action menu (it links to web editors).
EMBED_OPTIONS: dict[str, Any] = {"renderer": "svg", "actions": False}

RENDERER_NAME = "tass_offline"

#: Most rows a chart may embed (Altair's own guard is 5,000).
CHART_MAX_ROWS = 50_000

_bundle_shown = False


def in_report() -> bool:
    """Return True when running inside a kernel started by the report runner.

    Examples
    --------
    >>> isinstance(in_report(), bool)
    True
    """
    return os.environ.get(REPORT_ENV, "") not in ("", "0")


@functools.cache
def vega_bundle() -> str:
    """Return the Vega, Vega-Lite and Vega-Embed JavaScript bundle (about 0.9 MB).

    The bundle defines ``window.vegaEmbed``; it is wrapped so that loading it a
    second time on a page does nothing.

    Examples
    --------
    >>> "vegaEmbed" in vega_bundle()
    True
    """
    import vl_convert

    code = vl_convert.javascript_bundle()
    if "</script" in code.lower():  # cannot happen with the shipped bundle; never inline it then
        raise RuntimeError("the Vega bundle cannot be inlined in a <script> element")
    return "if (!window.vegaEmbed) { (function () {\n" + code + "\n})(); }"


def bundle_script() -> str:
    """Return the bundle as one ``<script>`` element.

    Examples
    --------
    >>> bundle_script().startswith("<script")
    True
    """
    return f'<script type="text/javascript">\n{vega_bundle()}\n</script>'


def _rounded(value: Any) -> Any:
    """``value`` with every float cut to six significant digits (more than a chart shows)."""
    if isinstance(value, float):
        return float(f"{value:.6g}") if value == value and abs(value) != float("inf") else value
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def _script_json(value: Any) -> str:
    """Compact JSON that is safe inside ``<script>``: no ``<``, ``>``, ``&`` or line separators."""
    text = json.dumps(_rounded(value), ensure_ascii=False, default=str, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


#: Largest CSV (in bytes) a page embeds for one table or chart; beyond it the
#: page says how to get the data instead.
CSV_MAX_BYTES = 3_000_000

def _csv_safe(column: str) -> pl.Expr:
    # a cell a spreadsheet would run as a formula (article text is untrusted) gets a quote
    col = pl.col(column)
    formula = col.str.contains(r"^[=+\-@\t\r]") & col.cast(pl.Float64, strict=False).is_null()
    return pl.when(formula).then(pl.lit("'") + col).otherwise(col).alias(column)


def _csv_text(frame: pl.DataFrame) -> str:
    # first every cell as the CSV will hold it (lists joined, categories as text), then
    # the formula guard on every text cell: a joined list may start with "=" too
    flat = frame.with_columns(
        [pl.col(name).cast(pl.List(pl.String)).list.join(", ")
         for name, dtype in frame.schema.items() if isinstance(dtype, pl.List | pl.Array)]
        + [pl.col(name).cast(pl.String) for name, dtype in frame.schema.items()
           if isinstance(dtype, pl.Categorical | pl.Enum | pl.Object)])
    flat = flat.select([pl.col(n) for n, d in flat.schema.items() if not d.is_nested()])
    flat = flat.with_columns([_csv_safe(n) for n, d in flat.schema.items() if d == pl.String])
    return flat.write_csv()


def _slug(text: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    return "-".join(words)[:60] or "data"


def csv_download(data: pl.DataFrame | Sequence[Mapping[str, Any]], *, name: str = "data",
                 label: str = "Download the data (CSV)") -> str:
    """Return a link that downloads ``data`` as a CSV file held in the page itself.

    The CSV (UTF-8 with a byte-order mark, so spreadsheets read Cyrillic) is
    embedded as a ``data:`` URI: it works offline and the page stays one file.
    List cells are joined with ``", "``; text cells that a spreadsheet would
    run as a formula (``=…``, ``+…``, ``-…``, ``@…``) start with a quote.
    Data over :data:`CSV_MAX_BYTES` is not embedded; a note says so.

    Parameters
    ----------
    data
        A frame, or rows as mappings (a chart's data).
    name
        File name without ``.csv`` (made safe for a file name).
    label
        Link text.

    Returns
    -------
    str
        An ``<a download>`` element (class ``tass-download``), or a note.

    Examples
    --------
    >>> link = csv_download(pl.DataFrame({"term": ["war"], "count": [3]}), name="Top terms")
    >>> link.startswith('<a class="tass-download" download="top-terms.csv"')
    True
    """
    import base64

    frame = data if isinstance(data, pl.DataFrame) else pl.DataFrame(
        list(data), infer_schema_length=None, strict=False)
    text = _csv_text(frame)
    size = len(text.encode("utf-8"))
    if size > CSV_MAX_BYTES:
        return (f'<p class="tass-table-note">The data ({frame.height:,} rows, {size:,} bytes) '
                "is too large to embed in the page; the executed notebook holds it.</p>")
    data_bytes = ("\ufeff" + text).encode("utf-8")
    filename = html.escape(_slug(name) + ".csv", quote=True)
    if len(data_bytes) > CSV_PACK_OVER:  # gzip in the page, unpacked on the click
        packed = base64.b64encode(gzip.compress(data_bytes, mtime=0)).decode("ascii")
        return (f'<a class="tass-download" download="{filename}" href="#" '
                f'data-csv-gzip="{packed}" onclick="{_UNPACK_ON_CLICK}">'
                f'{html.escape(label)}</a>')
    payload = base64.b64encode(data_bytes).decode("ascii")
    return (f'<a class="tass-download" download="{filename}" '
            f'href="data:text/csv;charset=utf-8;base64,{payload}">{html.escape(label)}</a>')


#: A CSV download larger than this (bytes) is embedded gzipped and unpacked by the
#: browser when the link is clicked (``DecompressionStream``): report pages shrink
#: four- to eightfold where their tables are long.
CSV_PACK_OVER = 8_000

# The click handler of a packed download: unpack once into a Blob, point the link at
# it and click again (the second click downloads the file under its name).
_UNPACK_ON_CLICK = (
    "if (this.dataset.ready) return true; var a = this;"
    " var b = Uint8Array.from(atob(a.dataset.csvGzip), function (c) { return c.charCodeAt(0); });"
    " new Response(new Blob([b]).stream().pipeThrough(new DecompressionStream('gzip')))"
    ".blob().then(function (x) { a.href = window.URL.createObjectURL("
    "new Blob([x], {type: 'text/csv;charset=utf-8'})); a.dataset.ready = '1'; a.click(); });"
    " return false;")


def download_text(link: Any) -> str:
    r"""The CSV text (with its byte-order mark) a :func:`csv_download` link holds.

    ``link`` is the link's markup, or a parsed element with ``get`` (lxml): a small
    table's ``data:`` URI or a large one's gzipped ``data-csv-gzip`` payload.

    Examples
    --------
    >>> download_text(csv_download(pl.DataFrame({"n": [1]}))).lstrip("\ufeff")
    'n\n1\n'
    >>> big = pl.DataFrame({"n": list(range(5_000))})
    >>> 'data-csv-gzip' in csv_download(big), download_text(csv_download(big)).count("\n")
    (True, 5001)
    """
    if isinstance(link, str):
        import lxml.html

        link = lxml.html.fromstring(link)
        if link.tag != "a":
            link = link.xpath("//a[contains(@class, 'tass-download')]")[0]
    packed = link.get("data-csv-gzip")
    if packed:
        return gzip.decompress(base64.b64decode(packed)).decode("utf-8")
    head, payload = link.get("href").split(",", 1)
    if head != "data:text/csv;charset=utf-8;base64":
        raise ValueError(f"not a CSV download: {head[:40]}")
    return base64.b64decode(payload).decode("utf-8")


def _chart_data(spec: Mapping[str, Any]) -> list[tuple[str, list[Any]]]:
    """The inline data sets of a Vega-Lite spec: ``datasets`` and inline ``values``."""
    found = [(str(key), rows) for key, rows in (spec.get("datasets") or {}).items()
             if isinstance(rows, list)]
    values = (spec.get("data") or {}).get("values") if isinstance(spec.get("data"), dict) else None
    if isinstance(values, list):
        found.append(("data", values))
    return [(key, rows) for key, rows in found if rows and all(isinstance(r, dict) for r in rows)]


def _one_table(datasets: list[tuple[str, list[Any]]]) -> pl.DataFrame:
    """A chart's data sets as one table (one download per chart); several are stacked,
    with a ``part`` column numbering them (a network's nodes, then its ties)."""
    frames = [pl.DataFrame(_rounded(rows), infer_schema_length=None, strict=False)
              for _, rows in datasets]
    if len(frames) == 1:
        return frames[0]
    parts = [f.select(pl.lit(i + 1).alias("part"), pl.all()) for i, f in enumerate(frames)]
    return pl.concat(parts, how="diagonal_relaxed")


def _chart_title(spec: Mapping[str, Any]) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title or "chart")


#: A chart spec longer than this (characters of JSON) is embedded gzipped and unpacked
#: by the browser: chart data shrinks five- to tenfold.
PACK_OVER = 20_000


def unpacked_spec(markup: str) -> dict[str, Any]:
    """The Vega-Lite spec a :func:`chart_html` output embeds (gzipped or not).

    Examples
    --------
    >>> unpacked_spec(chart_html({"mark": "point"}))["mark"]
    'point'
    """
    import re

    found = re.search(r"var spec = (.*);\n", markup).group(1)
    if found.startswith('"'):
        found = gzip.decompress(base64.b64decode(found.strip('"'))).decode("utf-8")
    return json.loads(found)


_SEPARATORS = str.maketrans({"\u2028": " ", "\u2029": " "})


def _drawable(value: Any) -> Any:
    """A spec with U+2028/U+2029 in its strings drawn as spaces.

    Vega-Lite compiles some data values into Vega expressions (a custom ``sort``
    order becomes ``indexof([...], datum.x)``), and Vega's expression parser
    rejects a line or paragraph separator inside a string ("Unexpected token
    ILLEGAL"): the chart would not draw. One label line cannot show a line break
    anyway; every string of the spec (data, sort orders, titles) changes alike,
    so sort orders still match their values. The CSV download keeps the values
    as they are.
    """
    if isinstance(value, str):
        return value.translate(_SEPARATORS) if ("\u2028" in value or "\u2029" in value) \
            else value
    if isinstance(value, Mapping):
        return {_drawable(k): _drawable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_drawable(v) for v in value]
    return value


def chart_html(spec: Mapping[str, Any], *, embed_options: Mapping[str, Any] | None = None) -> str:
    """Return the HTML that draws a Vega-Lite ``spec`` with ``vegaEmbed``.

    The output is a ``div`` and a script; it expects ``window.vegaEmbed`` (see
    :func:`bundle_script`) and waits up to 10 s for it to appear.
    The chart's inline data follows as one CSV download link
    (:func:`csv_download`). A spec longer than :data:`PACK_OVER` characters is
    embedded gzipped and unpacked by the browser (``DecompressionStream``);
    :func:`unpacked_spec` reads it back.

    Parameters
    ----------
    spec
        A Vega-Lite specification (``chart.to_dict()``).
    embed_options
        Options for ``vegaEmbed``; defaults to :data:`EMBED_OPTIONS`.

    Examples
    --------
    >>> out = chart_html({"mark": "point", "data": {"values": [{"t": "</script>"}]}})
    >>> out.lower().count("</script")  # only the element's own end tag
    1
    >>> "Download the chart" in out
    True
    """
    options = dict(EMBED_OPTIONS if embed_options is None else embed_options)
    div_id = f"tass-vis-{uuid.uuid4().hex}"
    title = _chart_title(spec)
    datasets = _chart_data(spec)
    downloads = ""
    if datasets:
        downloads = "\n" + csv_download(_one_table(datasets), name=title,
                                        label="Download the chart's data (CSV)")
    text = _script_json(_drawable(dict(spec)))
    packed = len(text) > PACK_OVER
    if packed:  # gzip in the page, unpacked by the browser (DecompressionStream)
        text = '"' + base64.b64encode(gzip.compress(text.encode("utf-8"), mtime=0)).decode() + '"'
    return f"""<div id="{div_id}" class="tass-chart"></div>
<script type="text/javascript">
(function () {{
  var spec = {text};
  var packed = {"true" if packed else "false"};
  var options = {_script_json(options)};
  var tries = 0;
  function fail(message) {{
    var box = document.getElementById("{div_id}");
    var pre = document.createElement("pre");
    pre.className = "tass-chart-error";
    pre.textContent = message;
    box.appendChild(pre);
  }}
  function draw() {{
    if (!window.vegaEmbed) {{
      if (tries++ < 100) {{ setTimeout(draw, 100); return; }}
      fail("Chart library not loaded: run tassanalysis.display.enable_offline_charts().");
      return;
    }}
    var ready = packed ? unpack(spec) : Promise.resolve(spec);
    ready.then(function (s) {{ return window.vegaEmbed("#{div_id}", s, options); }})
      .catch(function (err) {{ fail(String(err)); }});
  }}
  function unpack(text) {{
    if (!window.DecompressionStream) {{
      return Promise.reject(new Error("This browser cannot unpack the chart "
                                      + "(it needs DecompressionStream)."));
    }}
    var bytes = Uint8Array.from(atob(text), function (c) {{ return c.charCodeAt(0); }});
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }}
  draw();
}})();
</script>{downloads}"""


def _offline_renderer(spec: dict, **metadata: Any) -> dict[str, str]:
    options = metadata.get("embed_options") or EMBED_OPTIONS
    return {"text/html": chart_html(spec, embed_options=options)}


def _disable_progress_bars() -> None:
    os.environ["TQDM_DISABLE"] = "1"


def enable_offline_charts(*, include_bundle: bool | None = None,
                          embed_options: Mapping[str, Any] | None = None) -> None:
    """Make Altair charts render without network access, here and in reports.

    Registers and enables an Altair renderer that writes each chart as a
    ``vegaEmbed`` call (SVG marks), and lets a chart embed up to
    :data:`CHART_MAX_ROWS` rows. Outside a report the Vega bundle is shown
    once per kernel session in this call's output; inside a report the report
    template carries it, and progress bars are switched off.

    Parameters
    ----------
    include_bundle
        Show the bundle now: ``None`` (default) does so once per kernel
        session when not inside a report; ``True`` forces it.
    embed_options
        Options for ``vegaEmbed``; defaults to :data:`EMBED_OPTIONS`.

    Returns
    -------
    None
        Altair's renderer is switched to the offline one.

    Examples
    --------
    >>> enable_offline_charts(include_bundle=False)
    >>> import altair as alt
    >>> alt.renderers.active
    'tass_offline'
    """
    global _bundle_shown
    import altair as alt

    alt.renderers.register(RENDERER_NAME, _offline_renderer)
    # charts of aggregated frames may pass Altair's 5,000-row guard (weeks × sources over
    # years); the data is embedded in the page, so keep a higher ceiling rather than none
    alt.data_transformers.enable("default", max_rows=CHART_MAX_ROWS)
    alt.renderers.enable(RENDERER_NAME, embed_options=dict(embed_options or EMBED_OPTIONS))
    report = in_report()
    if report or os.environ.get("PAPERMILL_EXECUTION"):
        _disable_progress_bars()
    if include_bundle is None:
        include_bundle = not report and not _bundle_shown
    if include_bundle:
        from IPython.display import HTML, display

        display(HTML(bundle_script()))
        _bundle_shown = True


def format_number(value: float | int, *, digits: int = 3) -> str:
    """A number as tables print it: comma thousands, never three decimals, no trailing zeros.

    Three digits after a point read as a thousands group in much of Europe
    ("722.300" as 722,300), so a number of 1 or more keeps at most two decimals
    (two below 10, one below 1,000, none above) and drops trailing zeros; a
    number below 1 keeps ``digits`` significant digits.

    Parameters
    ----------
    value : float or int
    digits : int, default 3
        Significant digits of numbers below 1.

    Returns
    -------
    str

    Examples
    --------
    >>> [format_number(v) for v in (722.3, 32.343, 2926.864, 3840, 0.01234, 2.0, 0.0)]
    ['722.3', '32.3', '2,927', '3,840', '0.0123', '2', '0']
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if value != value:  # NaN
        return ""
    size = abs(value)
    if size >= 1 or size == 0:
        decimals = 2 if size < 10 else 1 if size < 1_000 else 0
        text = f"{value:,.{decimals}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{value:.{digits}g}"


def format_share(value: float) -> str:
    """A share (0–1) as a percentage; a real nonzero share never prints as "0.0%".

    Examples
    --------
    >>> [format_share(v) for v in (0.25, 0.0004, 0.0, 1.0, 0.12345)]
    ['25%', '0.04%', '0%', '100%', '12.3%']
    """
    if value != value:
        return ""
    percent = value * 100
    if percent == 0 or abs(percent) >= 0.1:
        text = f"{percent:.1f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
        return f"{text}%"
    return f"{percent:.1g}%"


def _cell_text(value: Any, *, digits: int) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return format_number(value, digits=digits)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_cell_text(v, digits=digits) for v in value)
    return str(value)


def readable_times(frame: pl.DataFrame) -> pl.DataFrame:
    """Datetime columns as text: a day known only to the day without a time.

    A row's ``date_precision`` (``"day"``) decides where the frame has one; else
    a column whose every time is midnight is printed as days.

    Examples
    --------
    >>> import datetime as dt
    >>> f = pl.DataFrame({"published_at": [dt.datetime(2017, 2, 7), dt.datetime(2017, 2, 8, 9, 5)],
    ...                   "date_precision": ["day", "minute"]})
    >>> readable_times(f)["published_at"].to_list()
    ['2017-02-07', '2017-02-08 09:05']
    >>> readable_times(pl.DataFrame({"at": [dt.datetime(2017, 2, 7)]}))["at"].to_list()
    ['2017-02-07']
    """
    times = [n for n, d in frame.schema.items() if isinstance(d, pl.Datetime)]
    if not times:
        return frame
    day_only = (pl.col("date_precision").cast(pl.String) == "day"
                if "date_precision" in frame.columns else None)
    out = []
    for name in times:
        col = pl.col(name)
        if day_only is None:
            midnight = frame.select((col.dt.time() == pl.time(0)).all()).item()
            day = pl.lit(bool(midnight))
        else:
            day = day_only.fill_null(False)
        out.append(pl.when(day).then(col.dt.strftime("%Y-%m-%d"))
                   .otherwise(col.dt.strftime("%Y-%m-%d %H:%M")).alias(name))
    return frame.with_columns(out)


def constant_columns(frame: pl.DataFrame, *, minimum_rows: int = 3) -> dict[str, Any]:
    """Columns that hold one value in every row (of at least ``minimum_rows``): name → value.

    Tables state such a value once above the table instead of in every row.

    Examples
    --------
    >>> constant_columns(pl.DataFrame({"actor": ["a", "b", "c"], "units": [3840] * 3}))
    {'units': 3840}
    """
    if frame.height < minimum_rows or frame.width < 2:
        return {}
    found = {}
    for name, dtype in frame.schema.items():
        if dtype.is_nested():
            continue
        column = frame[name]
        if column.null_count() == 0 and column.n_unique() == 1:
            found[name] = column[0]
    if len(found) == frame.width:  # every column constant: keep the table as it is
        return {}
    return found


def _align(numeric: bool) -> str:
    # inline, so that the notebook front end's right-aligned table style does not apply
    return (' class="num" style="text-align:right;white-space:nowrap"' if numeric
            else ' style="text-align:left"')


#: Rows a table shows by default; the CSV download holds every row.
TABLE_ROWS = 25


@renamed_options(max_rows="top")
def table_html(frame: pl.DataFrame | pl.LazyFrame, *, top: int = TABLE_ROWS,
               max_chars: int = 300, digits: int = 3, caption: str | None = None,
               percent: Sequence[str] = ("share",), download: bool = True,
               constants: bool = True) -> str:
    """Return ``frame`` as an HTML table with every header and value escaped.

    Numbers are printed unambiguously (:func:`format_number`: comma thousands,
    never three decimals), shares as percentages that never read "0.0%" for a
    nonzero share (:func:`format_share`), day-only dates without a time
    (:func:`readable_times`). A column holding one value in every row is stated
    once above the table (:func:`constant_columns`); the download keeps it.

    Parameters
    ----------
    frame
        Any Polars frame (a LazyFrame is collected up to ``top`` rows).
    top
        Show at most this many rows; a note gives the full count (``max_rows=``
        before; still accepted, with a warning).
    max_chars
        Cut longer cell texts with an ellipsis.
    digits
        Significant digits of numbers below 1.
    caption
        Optional caption above the table.
    percent
        Columns of shares (0–1) shown as percentages.
    download
        Add a link that downloads every row of ``frame`` (not only those
        shown) as CSV (:func:`csv_download`).
    constants
        State columns with one value in every row once, above the table.

    Returns
    -------
    str
        An HTML fragment: the table, a row-count note and a CSV download link.

    Examples
    --------
    >>> import polars as pl
    >>> "&lt;b&gt;" in table_html(pl.DataFrame({"a": ["<b>"]}))
    True
    >>> page = table_html(pl.DataFrame({"actor": ["a", "b", "c"], "units": [3840] * 3}))
    >>> "units: 3,840 in every row" in page, page.count("3,840")
    (True, 1)
    """
    max_rows = top
    if isinstance(frame, pl.LazyFrame):
        total = None
        frame = frame.head(max_rows + 1).collect()
    else:
        total = frame.height
    same = constant_columns(frame) if constants and total is not None else {}
    shown = frame.head(max_rows)
    numeric = {name for name, dtype in shown.schema.items() if dtype.is_numeric()}
    shown = readable_times(shown).drop(*same)
    if "date_precision" in shown.columns and any(
            isinstance(d, pl.Datetime) for d in frame.schema.values()):
        shown = shown.drop("date_precision")

    def text_of(name: str, value: Any) -> str:
        if name in percent and isinstance(value, float):
            return format_share(value)
        return _cell_text(value, digits=digits)

    parts = ['<div class="tass-table-wrap">']
    if same:
        stated = "; ".join(f"{name}: {text_of(name, value)}" for name, value in same.items())
        parts.append(f'<p class="tass-table-constants">{html.escape(stated)} in every row</p>')
    parts.append('<table class="tass-table">')
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<thead><tr>")
    parts.extend(f"<th{_align(c in numeric)}>{html.escape(c)}</th>" for c in shown.columns)
    parts.append("</tr></thead><tbody>")
    for row in shown.iter_rows():
        parts.append("<tr>")
        for name, value in zip(shown.columns, row, strict=True):
            text = text_of(name, value)
            if len(text) > max_chars:
                text = text[: max_chars - 1] + "…"
            parts.append(f"<td{_align(name in numeric)}>{html.escape(text)}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    if total is None and frame.height > max_rows:
        parts.append(f'<p class="tass-table-note">First {max_rows:,} rows shown.</p>')
    elif total is not None and total > max_rows:
        parts.append(f'<p class="tass-table-note">{max_rows:,} of {total:,} rows shown; '
                     "the download holds them all.</p>")
    if download and total is not None:
        parts.append(csv_download(frame, name=caption or "table",
                                  label="Download the table (CSV)"))
    parts.append("</div>")
    return "".join(parts)


@renamed_options(max_rows="top")
def show_table(frame: pl.DataFrame | pl.LazyFrame, *, top: int = TABLE_ROWS,
               max_chars: int = 300, digits: int = 3, caption: str | None = None,
               percent: Sequence[str] = ("share",), download: bool = True,
               constants: bool = True) -> None:
    """Display ``frame`` as an escaped HTML table (see :func:`table_html`).

    Parameters
    ----------
    frame : polars.DataFrame or polars.LazyFrame
    top, max_chars, digits, caption, percent, download, constants
        As in :func:`table_html` (``max_rows=`` before ``top=``).

    Returns
    -------
    None
        The table is displayed.

    Examples
    --------
    >>> import polars as pl
    >>> show_table(pl.DataFrame({"term": ["war"], "n": [3]}))  # doctest: +SKIP
    """
    from IPython.display import HTML, display

    display(HTML(table_html(frame, top=top, max_chars=max_chars, digits=digits,
                            caption=caption, percent=percent, download=download,
                            constants=constants)))


def show_text(text: str, *, tag: str = "p", strong: str | None = None) -> None:
    """Display one line of text (escaped), e.g. a heading built from data or parameters.

    Parameters
    ----------
    text
        Plain text; markup in it is shown as text.
    tag
        ``p``, ``h2``, ``h3`` or ``h4``.
    strong
        Optional text shown in bold after ``text``.

    Returns
    -------
    None
        The paragraph or heading is displayed.

    Examples
    --------
    >>> show_text("Compared: ", strong="tass.com vs the rest")  # doctest: +SKIP
    """
    from IPython.display import HTML, display

    if tag not in ("p", "h2", "h3", "h4"):
        raise ValueError(f"tag must be p, h2, h3 or h4, not {tag!r}")
    bold = f"<strong>{html.escape(strong)}</strong>" if strong else ""
    display(HTML(f"<{tag}>{html.escape(text)}{bold}</{tag}>"))


def facts_html(facts: Mapping[str, Any]) -> str:
    """Return key facts (label → value) as an escaped definition list.

    Examples
    --------
    >>> facts_html({"Articles": 1200})
    '<dl class="tass-facts"><dt>Articles</dt><dd>1,200</dd></dl>'
    """
    items = "".join(f"<dt>{html.escape(str(k))}</dt><dd>{html.escape(_cell_text(v, digits=3))}</dd>"
                    for k, v in facts.items())
    return f'<dl class="tass-facts">{items}</dl>'


def show_facts(facts: Mapping[str, Any]) -> None:
    """Display key facts (label → value) as an escaped definition list.

    Parameters
    ----------
    facts : mapping
        Label → value (e.g. :func:`tassanalysis.prose.corpus_facts`).

    Returns
    -------
    None
        The list is displayed.

    Examples
    --------
    >>> show_facts({"Articles": 1200, "From": "2017-01-01"})  # doctest: +SKIP
    """
    from IPython.display import HTML, display

    display(HTML(facts_html(facts)))
