"""Report run time on a large synthetic corpus (target: 60 s or less per report).

Writes a synthetic news-like corpus (default 100,000 articles, see
``benchmarks/synthetic.py``) to a temporary store, then runs every report
notebook through :func:`tassanalysis.report.run_report`: parameter checks,
papermill execution and offline HTML rendering, the way ``tass report`` does.

The baseline, measured in the same run, is a one-cell notebook through the
same runner: the fixed cost of starting a kernel and rendering a page. The
ratio says how much of a report's time is its own work.

Run::

    python benchmarks/bench_reports.py                  # 100k articles
    python benchmarks/bench_reports.py --articles 20000 --reports corpus_overview
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import synthetic_corpus  # noqa: E402
from tassanalysis import report  # noqa: E402
from tassanalysis.store import write_corpus  # noqa: E402

TARGET_SECONDS = 60.0


def _baseline_notebook(folder: Path) -> None:
    cells = [nbformat.v4.new_code_cell('corpus: str = "data/corpus"  # path to the corpus store',
                                       metadata={"tags": ["parameters"]}),
             nbformat.v4.new_code_cell("print(corpus)")]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "baseline.ipynb")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=350, help="mean words per article")
    parser.add_argument("--reports", nargs="*", help="report names (default: all)")
    parser.add_argument("--notebooks", default=str(ROOT / "notebooks"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        work = Path(tmp)
        clock = time.perf_counter()
        corpus = synthetic_corpus(args.articles, words_per_article=args.words)
        write_corpus(corpus, work / "corpus")
        print(f"synthetic corpus: {args.articles:,} articles, {args.words} words each on average, "
              f"written in {time.perf_counter() - clock:.1f} s")
        del corpus

        _baseline_notebook(work / "baseline")
        base = report.run_report("baseline", params={"corpus": str(work / "corpus")},
                                 out=work / "reports", notebooks=work / "baseline")
        assert base.ok, base.error
        print(f"baseline (one-cell notebook, same runner): {base.seconds:.1f} s")

        names = args.reports or report.list_reports(args.notebooks)
        failed = 0
        for name in names:
            result = report.run_report(name, params={"corpus": str(work / "corpus")},
                                       out=work / "reports", notebooks=args.notebooks)
            if not result.ok:
                failed += 1
                print(f"{name}: FAILED after {result.seconds:.1f} s: {result.error}")
                continue
            size = result.html.stat().st_size / 1e6
            verdict = "ok" if result.seconds <= TARGET_SECONDS else "OVER TARGET"
            print(f"{name}: {result.seconds:.1f} s ({result.seconds / base.seconds:.1f}x baseline;"
                  f" target {TARGET_SECONDS:.0f} s: {verdict}), HTML {size:.1f} MB")
        rss = psutil.Process().memory_info().rss / 2**30
        print(f"runner process RSS at the end: {rss:.2f} GiB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
