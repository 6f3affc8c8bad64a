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
import contextlib
import importlib.util
import sys
from collections.abc import Sequence
from datetime import date

from tassanalysis import __version__

__all__ = ["add_report_arguments", "build_parser", "main"]


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

    for stream in (sys.stdout, sys.stderr):  # a path whose bytes are not UTF-8 prints escaped
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")
    try:
        result = ingest(
            args.inputs, args.out, format=args.format, mapping=_parse_mapping(args.map),
            preset=args.preset, year=args.year, timezone=args.timezone,
            date_format=args.date_format, require_date=args.require_date, source=args.source,
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
        import errno

        why = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exceeded",
               errno.EROFS: "the file system is read-only"}.get(err.errno or 0,
                                                                err.strerror or str(err))
        print(f"tass ingest: {err.filename or args.out}: {why}; the previous corpus is "
              "untouched", file=sys.stderr)
        return EXIT_CANNOT_WRITE
    if not args.quiet:
        print(result.format_summary())
        where = result.path or "(unchanged)"
        print(f"store:       {args.out} → {where}")
    return EXIT_OK


def add_report_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``tass report`` arguments to ``parser``.

    ``NAME``, ``-p/--param key=value`` (repeatable), ``--all``, ``--out``,
    ``--notebooks``, ``--date``, ``--list``, ``--parameter-cell``.

    Examples
    --------
    >>> args = add_report_arguments(argparse.ArgumentParser()).parse_args(
    ...     ["corpus_overview", "-p", "top=5"])
    >>> args.name, args.param
    ('corpus_overview', ['top=5'])
    """
    parser.add_argument("name", nargs="?", help="report (notebook) name, e.g. corpus_overview")
    parser.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE",
                        help="set a report parameter (repeatable); lists as a,b,c")
    parser.add_argument("--all", action="store_true", help="run every report notebook")
    parser.add_argument("--out", default="reports", help="reports folder (default: reports)")
    parser.add_argument("--notebooks", default="notebooks",
                        help="folder of the report notebooks (default: notebooks)")
    parser.add_argument("--date", type=date.fromisoformat, default=None,
                        help="date of the run folder, YYYY-MM-DD (default: today)")
    parser.add_argument("--list", action="store_true",
                        help="list the reports and their parameters, run nothing")
    parser.add_argument("--parameter-cell", action="store_true",
                        help="print the parameters cell of report NAME, from the registry")
    parser.add_argument("--keep", type=int, default=None, metavar="N",
                        help="keep the N newest runs of each report run now and remove older "
                             "ones (the latest good run is always kept); default: the "
                             f"{KEEP_ENV} environment variable, else keep every run")
    return parser


#: Environment variable giving ``--keep`` for scheduled runs.
KEEP_ENV = "TASS_REPORT_KEEP"


def _keep(args: argparse.Namespace) -> int | None:
    import os

    from tassanalysis.report.parameters import ParameterError

    value = args.keep
    if value is None and os.environ.get(KEEP_ENV, "").strip():
        text = os.environ[KEEP_ENV].strip()
        if not text.isdigit():
            raise ParameterError(f"{KEEP_ENV}={text!r} is not a whole number")
        value = int(text)
    if value is not None and value < 1:
        raise ParameterError(f"--keep must be 1 or more, not {value}")
    return value


def _report_help(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """``tass report [NAME] --help``: the usage, then NAME's own parameters."""
    from pathlib import Path

    from tassanalysis.report.parameters import (
        ParameterError,
        declared_parameters,
        notebook_path,
        report_spec,
    )

    parser.print_help()
    if not args.name:
        return 0
    try:
        path = notebook_path(args.name, args.notebooks)
        spec = report_spec(Path(path).stem)
        params = spec.parameters if spec is not None else declared_parameters(Path(path))
    except ParameterError as err:
        print(f"\ntass report: {err}", file=sys.stderr)
        return 2
    description = spec.description if spec is not None and spec.description else ""
    print(f"\nparameters of {Path(path).stem} (set with -p KEY=VALUE):"
          + (f"\n  {description}" if description else ""))
    width = max(len(p.name) for p in params) if params else 0
    for p in params:
        print(f"  {p.name:<{width}}  {p.type} = {p.default!r}\n  {'':<{width}}  {p.help}")
    return 0


_REPORT_EXTRAS = ("papermill", "nbconvert", "nbformat", "jinja2")


def _print_reports(notebooks: str) -> None:
    from pathlib import Path

    from tassanalysis.report.parameters import declared_parameters, list_reports

    for name in list_reports(notebooks):
        print(name)
        for p in declared_parameters(Path(notebooks) / f"{name}.ipynb"):
            print(f"  {p.name}: {p.type} = {p.default!r}  {p.help}")


def _report_command(args: argparse.Namespace) -> int:
    """``tass report``: 0 ok, 1 a report failed, 2 bad arguments, 3 an empty selection."""
    if args.help:
        return _report_help(args.report_parser, args)
    missing = [m for m in _REPORT_EXTRAS if importlib.util.find_spec(m) is None]
    if missing:
        print(f"tass report needs the report extras (missing: {', '.join(missing)}): "
              "pip install 'tassanalysis[report]'", file=sys.stderr)
        return 2
    from tassanalysis.report.parameters import ParameterError, parameter_cell, parse_params
    from tassanalysis.report.run import run_all, run_report

    try:
        if args.list:
            _print_reports(args.notebooks)
            return 0
        if args.parameter_cell:
            print(parameter_cell(args.name or ""))
            return 0
        params = parse_params(args.param)
        keep = _keep(args)
        if args.all == bool(args.name):
            raise ParameterError("give a report NAME or --all (not both)")
        if args.all:
            results = run_all(params=params, out=args.out, notebooks=args.notebooks,
                              today=args.date, keep=keep)
        else:
            results = [run_report(args.name, params=params, out=args.out,
                                  notebooks=args.notebooks, today=args.date, keep=keep)]
    except ParameterError as err:
        print(f"tass report: {err}", file=sys.stderr)
        return 2
    for result in results:
        if result.status == "failed":
            print(f"{result.name}: FAILED after {result.seconds:.1f} s: {result.error}\n"
                  f"  executed notebook kept at {result.notebook}", file=sys.stderr)
        elif result.status == "empty":
            print(f"{result.name}: EMPTY selection, no articles → {result.html}",
                  file=sys.stderr)
        else:
            print(f"{result.name}: ok, {result.seconds:.1f} s → {result.html}")
    if results and results[0].index:
        print(f"index: {results[0].index}")
    codes = {r.exit_code for r in results}
    return 1 if 1 in codes else 3 if 3 in codes else 0


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
    ing.add_argument("--require-date", action="store_true",
                     help="reject table rows without a date value (no-date); by default "
                          "they are kept undated (date_source none)")
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
                     help="time budget of one page (and of a record's site-chrome pass); a "
                          "slower one becomes a parser-timeout "
                          "reject (default 10; 0: no limit)")
    ing.add_argument("-q", "--quiet", action="store_true", help="no summary, no progress bar")
    ing.set_defaults(func=_ingest_command)

    rep = sub.add_parser(
        "report", help="run report notebooks into self-contained HTML", add_help=False,
        description="Execute a parameterized report notebook with papermill and render it as "
                    "offline HTML under reports/<name>/<date>/. Parameters are checked before "
                    "any kernel starts. Exit status: 0 ok, 1 a report failed, 2 bad arguments, "
                    "3 a selection without articles.")
    rep.add_argument("-h", "--help", action="store_true",
                     help="show this help (with NAME: that report's parameters) and exit")
    add_report_arguments(rep)
    rep.set_defaults(func=_report_command, report_parser=rep)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``tass`` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
