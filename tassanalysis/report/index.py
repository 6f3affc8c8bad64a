"""The reports index, ``reports/index.html``, from a Jinja template.

Every run folder holds a ``<name>.run.json`` record (status ``ok``, ``failed``
or ``empty``, parameters, provenance, description). :func:`write_index` reads
them all and renders ``tassanalysis/templates/reports_index/index.html.j2``:
each report with its description and a link to its stable ``latest.html``,
then every run, newest first. The template escapes every value, and every
link is a relative path whose segments are URL-encoded (:func:`href`), so a
report named ``javascript:…``, ``a#b`` or ``a?b`` links to its own files.

Examples
--------
>>> href("javascript:alert(1)/2026-01-05/x#y?.html")
'javascript%3Aalert%281%29/2026-01-05/x%23y%3F.html'
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tassanalysis.report.render import TEMPLATES, fmt_param

__all__ = ["LATEST", "href", "read_runs", "write_atomic", "write_index"]

#: The stable page of each report: ``reports/<name>/latest.html``.
LATEST = "latest.html"
INDEX_TEMPLATE = "reports_index/index.html.j2"
STATUS_LABEL = {"ok": "ok", "failed": "FAILED", "empty": "empty"}


def href(path: str) -> str:
    """A relative link to ``path`` (``/``-separated): every segment URL-encoded.

    Examples
    --------
    >>> href("term frequency/2026-01-05/report.html")
    'term%20frequency/2026-01-05/report.html'
    """
    return "/".join(quote(part, safe="") for part in path.split("/"))


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``path`` whole or not at all (a temporary file renamed over it)."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    if isinstance(data, bytes):
        tmp.write_bytes(data)
    else:
        tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)


def read_runs(out: str | Path) -> list[dict[str, Any]]:
    """Every run record under ``out``, newest first, each with its ``folder`` (relative).

    Examples
    --------
    >>> read_runs("/no/such/folder")
    []
    """
    out = Path(out)
    runs = []
    for record in out.glob("*/*/*.run.json"):
        folder = record.parent.relative_to(out)
        if any(part.startswith(".") for part in folder.parts):
            continue
        try:
            run = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(run, dict) or "name" not in run:
            continue
        run.setdefault("status", "ok" if run.get("ok") else "failed")
        run["folder"] = folder.as_posix()
        runs.append(run)
    return sorted(runs, key=lambda r: (str(r.get("started", "")), r["folder"]), reverse=True)


def _row(run: dict[str, Any]) -> dict[str, Any]:
    given = run.get("given") or []
    shown = {k: v for k, v in (run.get("params") or {}).items() if k in given}
    articles = (run.get("provenance") or {}).get("articles")
    folder = run["folder"]
    return {
        "name": run["name"],
        "status": run["status"] if run["status"] in STATUS_LABEL else "failed",
        "when": str(run.get("started", ""))[:19].replace("T", " "),
        "folder_name": folder.rsplit("/", 1)[-1],
        "html": f"{folder}/{run['html']}" if run.get("html") else None,
        "notebook": f"{folder}/{run['notebook']}" if run.get("notebook") else None,
        "error": run.get("error") or "",
        "params_text": ", ".join(f"{k}={fmt_param(v)}" for k, v in shown.items()) or "defaults",
        "articles": f"{articles:,}" if isinstance(articles, int) else "",
        "seconds": run.get("seconds", ""),
        "description": run.get("description") or "",
    }


def write_index(out: str | Path = "reports") -> Path:
    """Regenerate ``out/index.html`` from the run records under ``out``.

    Parameters
    ----------
    out : str or Path
        The reports folder.

    Returns
    -------
    Path
        The index page.

    Examples
    --------
    >>> import tempfile
    >>> page = write_index(tempfile.mkdtemp())
    >>> "No reports yet" in page.read_text()
    True
    """
    import jinja2

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rows = [_row(run) for run in read_runs(out)]
    reports = []
    for name in sorted({r["name"] for r in rows}):
        own = [r for r in rows if r["name"] == name]
        with_page = [r for r in own if r["html"]]
        latest_page = f"{name}/{LATEST}" if with_page and (out / name / LATEST).is_file() else None
        reports.append({
            "name": name,
            "description": next((r["description"] for r in own if r["description"]), ""),
            "latest_run": own[0],
            "latest_page": latest_page,
            "latest_page_run": with_page[0] if with_page else None,
            "runs": len(own),
        })
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["href"] = href
    page = env.get_template(INDEX_TEMPLATE).render(
        reports=reports, runs=rows, status_label=STATUS_LABEL,
        updated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    path = out / "index.html"
    write_atomic(path, page)
    return path
