"""Speed of finding the publication instant of saved HTML pages.

On the real pages of ``benchmarks/_work/real_html`` and ``benchmarks/_work/heldout_html``
(see ``build_real_html.py`` and ``build_heldout_html.py``), in one process:

* ``published_instant`` on the parsed page (what the date rules cost);
* the whole ``parse_html`` (parsing, text extraction, dates), to show the date
  rules' share of a page's cost;
* a baseline: htmldate's ``find_date`` on the same pages, when it is installed.

Run::

    python benchmarks/bench_html_dates.py [--repeat 3] [--baseline-module PATH]

``--baseline-module`` times another copy of ``html_dates.py`` (e.g. the main
branch's) on the same parsed pages, in the same process, and prints the ratio.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

import lxml.html

from tassanalysis.ingest import html_dates
from tassanalysis.ingest.clean import decode_bytes
from tassanalysis.ingest.errors import PageError
from tassanalysis.ingest.html import parse_html

ROOT = Path(__file__).resolve().parents[1]
SETS = [ROOT / "benchmarks" / "_work" / "real_html", ROOT / "benchmarks" / "_work" / "heldout_html"]


def _best(fn, items, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for item in items:
            fn(item)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline-module", type=Path, default=None,
                    help="another html_dates.py to time on the same pages")
    args = ap.parse_args(argv)
    raws = [p.read_bytes() for folder in SETS for p in sorted(folder.glob("*.htm*"))]
    if not raws:
        print("no pages: build them first (see build_real_html.py, build_heldout_html.py)")
        return 1
    htmls = [decode_bytes(r)[0] for r in raws]
    trees = [lxml.html.document_fromstring(h.encode()) for h in htmls]
    n = len(trees)
    ours = _best(lambda t: html_dates.published_instant(t, None), trees, args.repeat)
    print(f"published_instant: {n} pages, {1000 * ours / n:.2f} ms/page")
    if args.baseline_module:
        spec = importlib.util.spec_from_file_location("html_dates_baseline", args.baseline_module)
        other = importlib.util.module_from_spec(spec)
        sys.modules["html_dates_baseline"] = other  # dataclasses look their module up
        spec.loader.exec_module(other)  # type: ignore[union-attr]
        base = _best(lambda t: other.published_instant(t, None), trees, args.repeat)
        ours = min(ours, _best(lambda t: html_dates.published_instant(t, None), trees,
                               args.repeat))
        print(f"  baseline module: {1000 * base / n:.2f} ms/page -> ratio {ours / base:.2f}")

    def whole(raw: bytes) -> None:
        try:
            parse_html(raw)
        except PageError:
            pass

    total = _best(whole, raws, 1)
    print(f"parse_html: {1000 * total / n:.1f} ms/page; dates are {ours / total:.1%} of it")
    try:
        import logging

        import htmldate
    except ImportError:
        return 0
    logging.disable(logging.CRITICAL)
    hd = _best(lambda t: htmldate.find_date(t, original_date=True,
                                            outputformat="%Y-%m-%dT%H:%M:%S%z"),
               trees, args.repeat)
    print(f"htmldate.find_date (baseline): {1000 * hd / n:.2f} ms/page -> ratio ours/htmldate "
          f"{ours / hd:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
