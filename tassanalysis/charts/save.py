"""Save a chart as one self-contained HTML file that draws with the network off.

Altair's own ``chart.save("x.html")`` writes a page that loads Vega, Vega-Lite and
vega-embed from a CDN: offline it stays blank. :func:`save_html` inlines the Vega bundle
that ``vl-convert-python`` ships (the same one the reports use), and, like the reports,
adds a CSV download of the chart's data.
"""

from __future__ import annotations

import html
import os
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["save_html"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def save_html(chart: Any, path: str | Path, *, title: str | None = None) -> Path:
    """Write ``chart`` to ``path`` as a self-contained, offline HTML page.

    Parameters
    ----------
    chart : altair.Chart or dict
        An Altair chart (any kind: layered, concatenated, faceted) or a Vega-Lite spec.
    path : str or Path
        The file to write (replaced atomically).
    title : str, optional
        The page title; default the chart's own title.

    Returns
    -------
    Path
        ``path``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import tassanalysis as ta
    >>> chart = ta.chart_term_frequency(ta.term_frequency(ta.load_sample(), top=5))
    >>> page = save_html(chart, pathlib.Path(tempfile.mkdtemp()) / "terms.html")
    >>> text = page.read_text(encoding="utf-8")
    >>> "window.vegaEmbed=" in text, "cdn.jsdelivr" in text, "<script src=" in text
    (True, False, False)
    """
    from tassanalysis.display import _chart_title, bundle_script, chart_html

    spec = chart.to_dict() if hasattr(chart, "to_dict") else dict(chart)
    name = title or _chart_title(spec) or "Chart"
    page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(name)}</title></head>\n<body>\n"
            f"{bundle_script()}\n{chart_html(spec)}\n</body></html>\n")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(page)
        os.chmod(tmp, 0o666 & ~_umask())  # like any other output, not mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
