"""The ``tass`` command: ``tass ingest`` builds a corpus, ``tass report`` renders reports.

Examples
--------
::

    tass ingest seeds/ data/sample/ --out data/corpus
    tass ingest dumps/ --out data/corpus --year 2017 --strict
    tass ingest export.csv --map title=headline --map body=text --timezone Europe/Moscow
    tass report corpus_overview -p start=2017-01-01
    tass report --all
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tassanalysis import __version__

__all__ = ["main"]


def _parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        canonical, sep, column = pair.partition("=")
        if not sep or not canonical.strip() or not column.strip():
            raise ValueError(f"--map takes canonical=column, got {pair!r}")
        mapping[canonical.strip()] = column.strip()
    return mapping


#: Exit statuses of ``tass ingest`` (documented in the README).
EXIT_OK, EXIT_USAGE, EXIT_BUSY, EXIT_DAMAGED, EXIT_CANNOT_WRITE = 0, 2, 3, 4, 5


def _ingest_command(args: argparse.Namespace) -> int:
    from tassanalysis.ingest import IngestError, ingest
    from tassanalysis.store import StoreError

    try:
        result = ingest(
            args.inputs, args.out, format=args.format, mapping=_parse_mapping(args.map),
            preset=args.preset, year=args.year, timezone=args.timezone,
            date_format=args.date_format, source=args.source,
            language=args.language, strict=args.strict, workers=args.workers,
            progress=False if args.quiet else None,
            strip_boilerplate=not args.keep_boilerplate, force=args.force,
            wait=not args.no_wait, page_timeout=args.page_timeout or None,
        )
    except (IngestError, ValueError) as err:
        print(f"tass ingest: {err}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as err:
        print(f"tass ingest: {err}", file=sys.stderr)
        return err.exit_code
    except OSError as err:  # anything the store did not turn into a StoreError
        print(f"tass ingest: {err.filename or args.out}: {err.strerror or err}",
              file=sys.stderr)
        return EXIT_CANNOT_WRITE
    if not args.quiet:
        print(result.format_summary())
        where = result.path or "(unchanged)"
        print(f"store:       {args.out} → {where}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``tass`` command."""
    parser = argparse.ArgumentParser(
        prog="tass",
        description="tass ingest builds a corpus store from scraped pages, HTML and tables; "
                    "tass report renders report notebooks as self-contained HTML.",
        epilog="examples:\n" + __doc__.split("::\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"tassanalysis {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    ing = sub.add_parser(
        "ingest", help="parse pages, HTML and tables into a corpus store",
        description="Parse raw inputs (files, folders, globs) into the canonical corpus "
                    "store, partitioned by year and month. Inputs already in the store "
                    "are skipped; every input that does not become an article is kept "
                    "in the rejects table with its reason.",
        epilog="exit status: 0 done; 2 usage error (bad option value, --out not an empty "
               "folder or a store, rejects under --strict); 3 store busy (--no-wait); "
               "4 store damaged or unreadable; 5 store cannot be written (read-only, "
               "disk full)")
    ing.add_argument("inputs", nargs="+", help="files, folders or glob patterns")
    ing.add_argument("--out", required=True, help="the corpus store folder, e.g. data/corpus")
    ing.add_argument("--format", choices=["text", "html", "csv", "tsv", "json", "jsonl",
                                          "parquet"],
                     help="force one format for every input (default: detect per file)")
    ing.add_argument("--map", action="append", default=[], metavar="CANONICAL=COLUMN",
                     help="table column mapping, e.g. --map title=headline (repeatable)")
    ing.add_argument("--preset", help="table preset: newsarticles, tass-scraper, "
                                      "tass-headlines (default: detect from columns)")
    ing.add_argument("--year", type=int, help="year of pages whose date has none")
    ing.add_argument("--timezone",
                     help="IANA zone of naive dates in tables, e.g. Europe/Moscow "
                          "(default: the preset's zone, else UTC)")
    ing.add_argument("--date-format", metavar="PATTERN",
                     help="strftime pattern of table dates in a form not read by default, "
                          "e.g. '%%d/%%m/%%Y %%Hh%%M'")
    ing.add_argument("--source", help="source for table rows that lack one")
    ing.add_argument("--language", help="language (ISO 639-1 code) of table rows")
    ing.add_argument("--strict", action="store_true",
                     help="exit with an error, writing nothing, if any input is rejected")
    ing.add_argument("--workers", type=int, help="processes for parsing pages")
    ing.add_argument("--keep-boilerplate", action="store_true",
                     help="keep text that recurs across many articles of one source "
                          "(share bars, sign-offs); removed by default")
    ing.add_argument("--force", action="store_true",
                     help="parse every input again, even those the store already holds")
    ing.add_argument("--no-wait", action="store_true",
                     help="if another process is writing the store, exit (status 3) "
                          "instead of waiting for it")
    ing.add_argument("--page-timeout", type=float, default=10.0, metavar="SECONDS",
                     help="time budget of one page; a slower page becomes a parser-timeout "
                          "reject (default 10; 0: no limit)")
    ing.add_argument("-q", "--quiet", action="store_true", help="no summary, no progress bar")
    ing.set_defaults(func=_ingest_command)

    rep = sub.add_parser("report", help="run report notebooks into self-contained HTML",
                         description="Execute a parameterized report notebook with papermill "
                                     "and render it as offline HTML under reports/.")
    try:
        from tassanalysis.report import add_report_arguments, report_command
    except ImportError as err:  # report extras not installed
        missing = str(err)

        def _no_report(_args: argparse.Namespace) -> int:
            print(f"tass report needs the report extras ({missing}): "
                  "pip install 'tassanalysis[report]'", file=sys.stderr)
            return 2

        rep.add_argument("rest", nargs=argparse.REMAINDER)
        rep.set_defaults(func=_no_report)
    else:
        add_report_arguments(rep)
        rep.set_defaults(func=report_command)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``tass`` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
