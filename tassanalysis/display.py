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

import functools
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
    "facts_html",
    "in_report",
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


def _script_json(value: Any) -> str:
    """JSON that is safe inside ``<script>``: no ``<``, ``>``, ``&`` or line separators."""
    text = json.dumps(value, ensure_ascii=False, default=str)
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
    payload = base64.b64encode(("\ufeff" + text).encode("utf-8")).decode("ascii")
    filename = html.escape(_slug(name) + ".csv", quote=True)
    return (f'<a class="tass-download" download="{filename}" '
            f'href="data:text/csv;charset=utf-8;base64,{payload}">{html.escape(label)}</a>')


def _chart_data(spec: Mapping[str, Any]) -> list[tuple[str, list[Any]]]:
    """The inline data sets of a Vega-Lite spec: ``datasets`` and inline ``values``."""
    found = [(str(key), rows) for key, rows in (spec.get("datasets") or {}).items()
             if isinstance(rows, list)]
    values = (spec.get("data") or {}).get("values") if isinstance(spec.get("data"), dict) else None
    if isinstance(values, list):
        found.append(("data", values))
    return [(key, rows) for key, rows in found if rows and all(isinstance(r, dict) for r in rows)]


def _chart_title(spec: Mapping[str, Any]) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title or "chart")


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
    Each inline data set of the spec follows as a CSV download link
    (:func:`csv_download`).

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
    downloads = "".join(
        "\n" + csv_download(rows, name=title if len(datasets) == 1 else f"{title} {i + 1}",
                            label="Download the chart's data (CSV)")
        for i, (_, rows) in enumerate(datasets))
    return f"""<div id="{div_id}" class="tass-chart"></div>
<script type="text/javascript">
(function () {{
  var spec = {_script_json(_drawable(dict(spec)))};
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
    window.vegaEmbed("#{div_id}", spec, options).catch(function (err) {{ fail(String(err)); }});
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


def _cell_text(value: Any, *, digits: int) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:,.{digits}f}" if abs(value) >= 1 else f"{value:.{digits}g}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_cell_text(v, digits=digits) for v in value)
    return str(value)


def _align(numeric: bool) -> str:
    # inline, so that the notebook front end's right-aligned table style does not apply
    return (' class="num" style="text-align:right;white-space:nowrap"' if numeric
            else ' style="text-align:left"')


@renamed_options(max_rows="top")
def table_html(frame: pl.DataFrame | pl.LazyFrame, *, top: int = 20,
               max_chars: int = 300, digits: int = 3, caption: str | None = None,
               percent: Sequence[str] = ("share",), download: bool = True) -> str:
    """Return ``frame`` as an HTML table with every header and value escaped.

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
        Decimals for floats of 1 or more, significant digits for smaller ones.
    caption
        Optional caption above the table.
    percent
        Columns of shares (0–1) shown as percentages.
    download
        Add a link that downloads every row of ``frame`` (not only those
        shown) as CSV (:func:`csv_download`).

    Returns
    -------
    str
        An HTML fragment: the table, a row-count note and a CSV download link.

    Examples
    --------
    >>> import polars as pl
    >>> "&lt;b&gt;" in table_html(pl.DataFrame({"a": ["<b>"]}))
    True
    """
    max_rows = top
    if isinstance(frame, pl.LazyFrame):
        total = None
        frame = frame.head(max_rows + 1).collect()
    else:
        total = frame.height
    shown = frame.head(max_rows)
    numeric = {name for name, dtype in shown.schema.items() if dtype.is_numeric()}
    parts = ['<div class="tass-table-wrap"><table class="tass-table">']
    if caption:
        parts.append(f"<caption>{html.escape(caption)}</caption>")
    parts.append("<thead><tr>")
    parts.extend(f"<th{_align(c in numeric)}>{html.escape(c)}</th>" for c in shown.columns)
    parts.append("</tr></thead><tbody>")
    for row in shown.iter_rows():
        parts.append("<tr>")
        for name, value in zip(shown.columns, row, strict=True):
            if name in percent and isinstance(value, float):
                text = f"{value:.1%}"
            else:
                text = _cell_text(value, digits=digits)
            if len(text) > max_chars:
                text = text[: max_chars - 1] + "…"
            parts.append(f"<td{_align(name in numeric)}>{html.escape(text)}</td>")
        parts.append("</tr>")
    parts.append("</tbody></table>")
    if total is None and frame.height > max_rows:
        parts.append(f'<p class="tass-table-note">First {max_rows:,} rows shown.</p>')
    elif total is not None and total > max_rows:
        parts.append(f'<p class="tass-table-note">{max_rows:,} of {total:,} rows shown.</p>')
    if download and total is not None:
        parts.append(csv_download(frame, name=caption or "table",
                                  label="Download the table (CSV)"))
    parts.append("</div>")
    return "".join(parts)


@renamed_options(max_rows="top")
def show_table(frame: pl.DataFrame | pl.LazyFrame, *, top: int = 20, max_chars: int = 300,
               digits: int = 3, caption: str | None = None,
               percent: Sequence[str] = ("share",), download: bool = True) -> None:
    """Display ``frame`` as an escaped HTML table (see :func:`table_html`).

    Parameters
    ----------
    frame : polars.DataFrame or polars.LazyFrame
    top, max_chars, digits, caption, percent, download
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
                            caption=caption, percent=percent, download=download)))


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
