"""The reports that ship in ``notebooks/`` and their parameters.

Each report is one :func:`~tassanalysis.report.parameters.register_report`
call: the shared :data:`~tassanalysis.report.parameters.SELECTION` and
:data:`~tassanalysis.report.parameters.TIME` groups, then its own parameters,
in the order of the notebook's ``parameters`` cell. A new report adds its call
here (or in its own module imported here); the runner needs no change.

Examples
--------
>>> from tassanalysis.report.parameters import report_spec
>>> [p.name for p in report_spec("corpus_overview").parameters][-3:]
['period', 'focus_share', 'top']
"""

from __future__ import annotations

from typing import Any

from tassanalysis.report.parameters import (
    SELECTION,
    TIME,
    Checks,
    Parameter,
    between,
    one_of,
    register_report,
    words,
)

__all__ = ["KEYNESS", "TERM_OPTIONS"]


def _stopwords(value: str, _: Checks | None) -> str:
    from tassanalysis.vocab import stopword_option

    stopword_option(value)
    return value


def _measure(value: str, _: Checks | None) -> str:
    from tassanalysis.terms import ASSOCIATION_MEASURES

    return one_of(*ASSOCIATION_MEASURES)(value, None)


def _side(value: str, checks: Checks | None) -> str:
    """``target`` / ``reference``: a period with selected articles, or values of ``compare_by``."""
    import polars as pl

    from tassanalysis.vocab import as_list, is_period_string, period_bounds

    if not value or value.strip().lower() == "each" or checks is None:
        return value
    scan = checks.selection()
    if is_period_string(value):
        try:
            first, last = period_bounds(value)
        except (ValueError, OverflowError) as err:
            raise ValueError(f"{value!r} is not a period ({err})") from None
        if first >= last:
            raise ValueError(f"{value!r} ends before it starts")
        if scan is None:
            return value
        when = pl.col("published_at")
        row = scan.select((when.is_between(first, last, closed="left")).sum().alias("n"),
                          when.min().alias("lo"), when.max().alias("hi")).collect().row(0)
        if not row[0]:
            span = f"{row[1]:%Y-%m-%d} to {row[2]:%Y-%m-%d}" if row[1] else "no dated articles"
            raise ValueError(f"no selected article falls in {value} (the selection runs {span})")
        return value
    by = checks.values.get("compare_by") or "source"
    if scan is None:
        return value
    known = set(scan.select(pl.col(by).drop_nulls().unique()).collect()[by].to_list())
    missing = [v for v in as_list(value) if v not in known]
    if missing:
        shown = ", ".join(sorted(known)[:30]) or "none"
        raise ValueError(f"{by} {', '.join(map(repr, missing))} not in the selection "
                         f"(it has: {shown})")
    return value


def _reference(value: str, checks: Checks | None) -> str:
    from tassanalysis.vocab import is_period_string

    if value and checks is not None:
        target = str(checks.values.get("target") or "")
        if not target or target.strip().lower() == "each":
            raise ValueError("a reference needs a target")
        if is_period_string(target) != is_period_string(value):
            raise ValueError(f"{value!r} and target {target!r} must both be periods or both "
                             "values of compare_by")
    return _side(value, checks)


def _min_count() -> Any:
    from tassanalysis.vocab import MIN_COUNT

    return MIN_COUNT


#: What text the term analyses count and how.
TERM_OPTIONS: tuple[Parameter, ...] = (
    Parameter("text", "str", "body", "which text to count: body, title or lead",
              one_of("body", "title", "lead")),
    Parameter("stopwords", "str", "en+ru", "stopword lists to drop: en, ru, en+ru or none",
              _stopwords),
    Parameter("stem", "bool", False,
              "count Snowball stems (shown by their most frequent form) instead of words"),
    Parameter("ngram", "int", 1, "1 for words, 2 or 3 for phrases within sentences",
              between(1, 3)),
    Parameter("min_count", "int", _min_count(),
              "ignore terms seen fewer times than this in the selection",
              between(1, 1_000_000)),
)

#: Which parts of the selection a keyness analysis sets against each other.
KEYNESS: tuple[Parameter, ...] = (
    Parameter("compare_by", "str", "source",
              "keyness: column whose values are compared (source, section, language)",
              one_of("source", "section", "language")),
    Parameter("target", "str", "",
              "keyness: a value of compare_by (e.g. \"tass.com\") or a period (e.g. "
              "\"2017-Q4\"); \"each\" for each value vs the rest; empty for TASS vs the other "
              "sources when both occur, else each value vs the rest", _side),
    Parameter("reference", "str", "",
              "keyness: what the target is set against (values or a period); empty for the "
              "rest", _reference),
    Parameter("keyness_top", "int", 15, "over- and under-used terms shown per comparison",
              between(1, 500)),
)

register_report(
    "corpus_overview", SELECTION, TIME,
    Parameter("top", "int", 8,
              "sections shown by name in the section chart; the rest are pooled as \"other\"",
              between(1, 100)),
)

register_report(
    "term_frequency", SELECTION, TIME,
    Parameter("top", "int", 25, "terms shown in the top-terms and collocation charts",
              between(1, 1000)),
    TERM_OPTIONS,
    Parameter("trend_terms", "list[str]", [],
              "terms to follow over time; empty for the top terms", words),
    Parameter("trend_top", "int", 6, "how many top terms to follow when trend_terms is empty",
              between(1, 50)),
    KEYNESS,
    Parameter("collocation_measure", "str", "likelihood_ratio",
              "pmi, npmi, likelihood_ratio, student_t, chi_sq, dice, …", _measure),
    Parameter("kwic_terms", "list[str]", [],
              "words or phrases shown in context; empty for the top two terms", words),
    Parameter("kwic_lines", "int", 25, "lines of context shown per term", between(1, 1000)),
)
