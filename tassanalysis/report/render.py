"""An executed report notebook as one self-contained, offline HTML page.

nbconvert renders the notebook through the template in
``tassanalysis/templates/tass_report``: the ``lab`` layout without require.js,
MathJax, Mermaid or widget scripts (they come from CDNs), the Vega bundle
inlined once, code and parameter cells hidden, ``stderr`` left out. A header
gives the title, the report's description, notices (an empty or small
selection), the provenance and the parameters (defaults greyed). Every value
from the report is escaped by the template.

Examples
--------
>>> selection_notices(0)[0][0], selection_notices(12)[0][0], selection_notices(500)
('empty', 'warning', [])
>>> notebook_description({"cells": [{"cell_type": "markdown",
...                                  "source": "# Overview\\n\\nWhat the corpus holds."}]})
'What the corpus holds.'
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "HIDDEN_TAGS",
    "SMALL_SELECTION",
    "TEMPLATES",
    "notebook_description",
    "render_html",
    "selection_notices",
    "show_selection_warning",
]

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAME = "tass_report"
#: Cells with these tags are left out of the HTML.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "report-hide"})
#: A selection of fewer articles than this carries a warning.
SMALL_SELECTION = 30


def selection_notices(articles: int | None, *, minimum: int = SMALL_SELECTION,
                      what: str = "the selection") -> list[tuple[str, str]]:
    """Notices for a selection of ``articles`` articles: empty, or fewer than ``minimum``.

    Parameters
    ----------
    articles : int or None
        Articles selected (None: unknown, no notice).
    minimum : int
        Below this many articles a warning says the numbers are fragile.
    what : str
        What was selected, for the sentence.

    Returns
    -------
    list of (level, text)
        ``("empty", …)``, ``("warning", …)`` or nothing.

    Examples
    --------
    >>> selection_notices(3)
    [('warning', 'Only 3 articles in the selection: with fewer than 30, counts and comparisons are fragile; read them as examples, not trends.')]
    """
    if articles is None or articles >= minimum:
        return []
    if articles == 0:
        return [("empty", f"No articles in {what}: nothing to report. Widen the dates, "
                          "sources or sections.")]
    return [("warning", f"Only {articles:,} article{'s' if articles != 1 else ''} in {what}: "
                        f"with fewer than {minimum}, counts and comparisons are fragile; "
                        "read them as examples, not trends.")]


def show_selection_warning(articles: Any, *, minimum: int = SMALL_SELECTION,
                           what: str = "the selection") -> str | None:
    """In a notebook: show a visible warning when ``articles`` is empty or small.

    Parameters
    ----------
    articles : polars.DataFrame, polars.LazyFrame or int
        The selected articles, or their number.
    minimum : int
        Warn below this many articles.
    what : str
        What was selected (``"the selection"``, ``"the target period"``…).

    Returns
    -------
    str or None
        The warning shown, or None.

    Examples
    --------
    >>> show_selection_warning(500) is None
    True
    """
    if isinstance(articles, int):
        count = articles
    elif hasattr(articles, "collect"):
        import polars as pl

        count = articles.select(pl.len()).collect().item()
    else:
        count = len(articles)
    notices = selection_notices(count, minimum=minimum, what=what)
    if not notices:
        return None
    import html

    from IPython.display import HTML, display

    level, text = notices[0]
    display(HTML(f'<div class="tass-notice tass-{level}" role="alert">{html.escape(text)}</div>'))
    return text


def notebook_description(nb: Mapping[str, Any]) -> str:
    """The first paragraph of a notebook's first markdown cell, without its heading.

    Examples
    --------
    >>> notebook_description({"cells": []})
    ''
    """
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        prose = [p for p in paragraphs if not p.startswith("#")]
        return " ".join(prose[0].split()) if prose else ""
    return ""


def fmt_param(value: Any) -> str:
    """A parameter value as the header and the index show it (``—`` for empty)."""
    if value == "" or value == [] or value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _fmt_int(value: Any) -> Any:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value


def render_html(nb: Any, *, name: str, params: Mapping[str, Any], given: Sequence[str] = (),
                provenance: Mapping[str, Any] | None = None, description: str = "",
                notices: Sequence[tuple[str, str]] = (),
                changes: Mapping[str, Any] | None = None) -> str:
    """Render an executed notebook as a self-contained HTML report.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The executed notebook (an empty one for a page that only says the
        selection is empty).
    name : str
        Report name (the title when the notebook's metadata has none).
    params : mapping
        Every parameter the report ran with.
    given : sequence of str
        The parameters set by the user (the others are shown as defaults).
    provenance : mapping
        Corpus, snapshot, selection, article counts, run time, package.
    description : str
        One line under the title.
    notices : sequence of (level, text)
        Shown at the top (``empty``, ``warning``).
    changes : mapping, optional
        The "What changed" section against the previous run
        (:mod:`tassanalysis.report.changes`), shown under the header.

    Returns
    -------
    str
        The page.

    Examples
    --------
    >>> import nbformat
    >>> page = render_html(nbformat.v4.new_notebook(), name="demo", params={"top": 5},
    ...                    notices=[("empty", "No articles")])
    >>> "No articles" in page and "<script src" not in page
    True
    """
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    from tassanalysis.display import vega_bundle

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    exporter = HTMLExporter(template_name=TEMPLATE_NAME, extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS), enabled=True), enabled=True)
    prov = dict(provenance or {})
    labels = [("Corpus", prov.get("corpus")), ("Snapshot", prov.get("snapshot")),
              ("Selection", prov.get("selected")), ("Articles", _fmt_int(prov.get("articles"))),
              ("First article", prov.get("first_article")),
              ("Last article", prov.get("last_article")),
              ("Run", prov.get("run")), ("Package", prov.get("package"))]
    report = {
        "title": title(nb, name),
        "subtitle": description,
        "notices": list(notices),
        "provenance": [(k, str(v)) for k, v in labels if v not in (None, "")],
        "parameters": [(k, fmt_param(v), k in given) for k, v in params.items()],
        "changes": dict(changes) if changes else None,
    }
    resources = {"metadata": {"name": report["title"]}, "vega_bundle": vega_bundle(),
                 "report": report}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def title(nb: Any, name: str) -> str:
    """The report's title: the notebook's ``title`` metadata, else its name in words."""
    return nb.metadata.get("title") or name.replace("_", " ").capitalize()
