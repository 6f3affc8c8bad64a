"""The reports that ship in ``notebooks/`` and their parameters.

Each report is one :func:`~tassanalysis.report.parameters.register_report`
call: the shared :data:`SELECTION` and :data:`TIME` groups (and
:data:`TERM_OPTIONS`, :data:`KEYNESS` where they apply), then its own parameters,
then :data:`CLUSTER`, in the order of the notebook's ``parameters`` cell. A new report adds its call
here (or in its own module imported here); the runner needs no change.

Examples
--------
>>> from tassanalysis.report.parameters import report_spec
>>> [p.name for p in report_spec("corpus_overview").parameters][-3:]
['top', 'top_sources', 'cluster']
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tassanalysis.report.parameters import (
    Check,
    Checks,
    Parameter,
    between,
    check_cluster,
    one_of,
    register_report,
    words,
)

__all__ = ["CLUSTER", "COMPARE_BY", "KEYNESS", "SELECTION", "TERM_OPTIONS", "TIME"]


def _check_corpus(value: str, checks: Checks | None) -> str:
    from tassanalysis.store import StoreError, load_corpus

    path = Path(str(value)).expanduser().resolve()
    if not path.exists():
        raise ValueError(f"{path} does not exist: build it with `tass ingest … --out {value}`")
    try:
        load_corpus(path, lazy=True).collect_schema()
    except StoreError as err:
        raise ValueError(str(err)) from None
    return str(path)


def _check_day(value: str, _: Checks | None) -> str:
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a date: use YYYY-MM-DD") from None
    return value


def _check_window(value: str, checks: Checks | None) -> str:
    """The window parses and, with ``start``/``end``, gives a real day range."""
    from tassanalysis.selection import parse_window, resolve_dates

    if value:
        parse_window(value)
    if checks is None:
        return value
    try:
        resolve_dates(checks.corpus, start=checks.values.get("start"),
                      end=checks.values.get("end"), window=value)
    except OverflowError:
        raise ValueError(f"{value!r} reaches back before the year 1: use a shorter window") \
            from None
    return value


def _known_in_corpus(column: str) -> Check:
    def check(value: list[str], checks: Checks | None) -> list[str]:
        if value and checks is not None and checks.corpus:
            known = checks.corpus_values(column)
            unknown = [v for v in value if v not in known]
            if unknown:
                shown = ", ".join(known[:30]) + (" …" if len(known) > 30 else "")
                raise ValueError(f"{', '.join(map(repr, unknown))} not in the corpus "
                                 f"(it has: {shown or 'none'})")
        return value
    return check


def _check_period(value: str, _: Checks | None) -> str:
    from tassanalysis.vocab import PERIODS

    return one_of("auto", *PERIODS)(value, None)


def _positive_share(value: float, _: Checks | None) -> float:
    if not 0 < value <= 1:  # also refuses NaN
        raise ValueError(f"must be above 0 and at most 1, not {value}")
    return value




#: Which articles a report looks at; every report over the corpus starts with these.
SELECTION: tuple[Parameter, ...] = (
    Parameter("corpus", "str", "data/corpus",
              "path to the corpus store written by `tass ingest`", _check_corpus),
    Parameter("start", "str", "",
              "first day to include (YYYY-MM-DD); empty for the corpus' first day", _check_day),
    Parameter("end", "str", "",
              "last day to include (YYYY-MM-DD); empty for the corpus' last day", _check_day),
    Parameter("window", "str", "",
              "rolling window ending at `end` or the corpus' last day, e.g. \"7d\" or "
              "\"last 30 days\"", _check_window),
    Parameter("sources", "list[str]", [],
              "outlets to include, e.g. [\"tass.com\"]; empty for all",
              _known_in_corpus("source")),
    Parameter("sections", "list[str]", [],
              "sections to include; empty for all", _known_in_corpus("section")),
)

#: Where the heavy counts run: this process, or a Dask cluster.
CLUSTER: tuple[Parameter, ...] = (
    Parameter("cluster", "str", "",
              "Dask scheduler address (e.g. tcp://10.0.0.5:8786) to count on a cluster; "
              "empty for this machine", check_cluster),
)

#: How charts over time are bucketed and trimmed.
TIME: tuple[Parameter, ...] = (
    Parameter("period", "str", "auto",
              "time bucket of the charts over time: auto (from the span shown), day, week, "
              "month, quarter or year", _check_period),
    Parameter("focus_share", "float", 0.99,
              "charts over time show the shortest span holding this share of dated articles "
              "when the rest is a long sparse tail; 1 shows every date", _positive_share),
)




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
    Parameter("min_count", "int", 5,  # tassanalysis.vocab.MIN_COUNT, the API's default
              "ignore terms seen fewer times than this in the selection",
              between(1, 1_000_000)),
)

#: Columns a keyness comparison may split the selection by (as ``terms.comparison`` takes).
COMPARE_BY = ("source", "section", "language", "dateline")

#: Which parts of the selection a keyness analysis sets against each other.
KEYNESS: tuple[Parameter, ...] = (
    Parameter("compare_by", "str", "source",
              "keyness: column whose values are compared (source, section, language, dateline)",
              one_of(*COMPARE_BY)),
    Parameter("target", "str", "",
              "keyness: a value of compare_by (e.g. \"tass.com\") or a period (e.g. "
              "\"2017-Q4\"); \"each\" for each value vs the rest; empty for TASS vs the other "
              "sources when both occur, the latest period vs the ones before for a single "
              "outlet, else each value vs the rest", _side),
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
    Parameter("top_sources", "int", 12,
              "sources shown by name in the chart over time, largest first; the rest are "
              "pooled as \"other\"", between(1, 100)),
    CLUSTER,
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
    CLUSTER,
)


def _check_gazetteer(value: str, _: Checks | None) -> str:
    """``gazetteer``: empty, or file(s) that load ("default,mine.yml" extends the shipped one)."""
    from tassanalysis.actors.gazetteer import GazetteerError, gazetteer_of

    if value:
        try:
            gazetteer_of(value)
        except (GazetteerError, OSError) as err:
            raise ValueError(str(err).splitlines()[0]) from None
    return value


def closest(value: str, choices: list[str], *, names: dict[str, str] | None = None,
            n: int = 3) -> str:
    """`` (did you mean: a, b?)`` for the choices closest to a mistyped ``value`` (or "").

    ``names`` maps readable names to choices, so "Putin" finds ``putin``'s id.

    Examples
    --------
    >>> closest("lavorv", ["lavrov", "putin", "trump"])
    ' (did you mean: lavrov?)'
    """
    import difflib

    found = difflib.get_close_matches(value, choices, n=n, cutoff=0.6)
    if names:
        lowered = {k.lower(): v for k, v in names.items()}
        found += [lowered[k] for k in difflib.get_close_matches(value.lower(), list(lowered),
                                                                 n=n, cutoff=0.8)]
    found = list(dict.fromkeys(found))[:n]
    return f" (did you mean: {', '.join(found)}?)" if found else ""


def _actor(*, optional: bool) -> Check:
    """An actor given by id, canonical name or any alias (checked with the gazetteer's
    :meth:`~tassanalysis.actors.gazetteer.Gazetteer.resolve`); kept as the user wrote it."""
    def check(value: str, checks: Checks | None) -> str:
        from tassanalysis.actors.gazetteer import ActorNameError, gazetteer_of

        if not value:
            if optional:
                return value
            raise ValueError("name an actor of the gazetteer by id, name or alias, "
                             "e.g. \"lavrov\" or \"Sergey Lavrov\"")
        gaz = gazetteer_of((checks.values.get("gazetteer") if checks else None) or None)
        try:
            gaz.resolve(value)
        except ActorNameError as error:
            if len(error.candidates) > 1 and "may be any of" in str(error):
                raise ValueError(f"{error}; name one of them") from None
            hint = (f" (did you mean: {', '.join(error.candidates[:3])}?)"
                    if error.candidates else "")
            raise ValueError(f"{value!r} is not an actor of the gazetteer{hint}") from None
        return value
    return check


def _weights() -> tuple[str, ...]:
    from tassanalysis.actors.comention import WEIGHTS

    return (*WEIGHTS, "count")


register_report(
    "actor_comentions", SELECTION, TIME[0],
    Parameter("gazetteer", "str", "",
              "gazetteer YAML file(s), comma-separated; \"default,mine.yml\" extends the "
              "shipped one; empty for the shipped one", _check_gazetteer),
    Parameter("metonyms", "bool", False,
              "count capitals as their country (\"Kiev\" for Ukraine, \"Washington\" for the US)"),
    Parameter("unit", "str", "document",
              "what counts as \"together\": document, paragraph or sentence",
              one_of("document", "paragraph", "sentence")),
    Parameter("weight", "str", "npmi",
              "association shown: npmi, pmi, jaccard, dice, g2 or count",
              lambda v, c: one_of(*_weights())(v, c)),
    Parameter("focus", "str", "lavrov",
              "actor whose partners are followed: id, name or alias (\"lavrov\", "
              "\"Sergey Lavrov\", \"Лавров\")", _actor(optional=False)),
    Parameter("compare_focus", "str", "trump",
              "a second actor (id, name or alias) whose partners are compared across "
              "outlets; empty for none", _actor(optional=True)),
    Parameter("change_date", "str", "",
              "partner change: first day of the 'after' window (YYYY-MM-DD); empty for the "
              "middle of the span", _check_day),
    Parameter("top", "int", 30, "actors in the network, tables and heatmap", between(2, 500)),
    Parameter("min_count", "int", 3, "leave out pairs named together fewer times",
              between(1, 1_000_000)),
    Parameter("discover_top", "int", 25, "unlisted names shown", between(0, 500)),
    CLUSTER,
)


def _check_topics(value: str, _: Checks | None) -> str:
    """``topics``: empty for the shipped dictionary, or a YAML file that loads."""
    from tassanalysis.topics import TopicFileError, load_topics

    if value:
        try:
            load_topics(value)
        except (TopicFileError, OSError) as err:
            raise ValueError(str(err).splitlines()[0]) from None
    return value


def _check_fields(value: str, _: Checks | None) -> str:
    from tassanalysis.text import TEXT_FIELDS
    from tassanalysis.vocab import as_list

    if value.strip().lower() != "auto":
        unknown = [f for f in as_list(value) if f not in TEXT_FIELDS]
        if unknown or not as_list(value):
            raise ValueError(f"{value!r}: use auto or columns among {', '.join(TEXT_FIELDS)}")
    return value


register_report(
    "topic_trends", SELECTION, TIME,
    Parameter("top", "int", 8, "topics drawn in the share chart", between(1, 100)),
    Parameter("topics", "str", "",
              "topic dictionary (YAML file); empty for the default shipped with the package",
              _check_topics),
    Parameter("match", "str", "relevant",
              "when an article counts for a topic: relevant (weighted hits: title ×3, lead ×2, "
              "body ×1, at least max(2, words / 150), one in the body) or any (one term anywhere)",
              one_of("relevant", "any")),
    Parameter("fields", "str", "auto",
              "text read: auto (title, lead and body, leaving out truncated snippets), or "
              "columns such as \"title\" or \"title,lead\"", _check_fields),
    Parameter("by", "str", "",
              "compare topic shares across this column (e.g. source); empty for the whole "
              "selection", one_of("", *COMPARE_BY)),
    Parameter("model", "str", "nmf", "learned topics: nmf, lda, or none to skip them",
              one_of("nmf", "lda", "none")),
    Parameter("k", "int", 12, "number of learned topics besides the seeded ones",
              between(2, 200)),
    Parameter("seeded", "bool", True,
              "seed learned topics with the dictionary's words (they keep its labels; the other "
              "k topics are residual: what the dictionary misses)"),
    Parameter("learned_sample", "int", 5000,
              "learned topics are fitted on at most this many articles (a seeded random sample, "
              "said on the page); 0 for all", between(0, 100_000_000)),
    Parameter("seed", "int", 0,
              "random seed of the learned topics (the same seed gives the same topics)",
              between(0, 2**31 - 1)),
    Parameter("stability_seeds", "int", 5,
              "refits with seeds seed, seed+1, ... to show which learned topics are stable; "
              "below 2 skips it", between(0, 50)),
    Parameter("emerging_top", "int", 15, "emerging and falling terms shown", between(1, 500)),
    Parameter("baseline", "int", 3,
              "periods before the latest one that emerging terms are compared with",
              between(1, 1000)),
    Parameter("min_count", "int", 5,
              "an emerging term needs this many articles in the latest period (a falling one "
              "in the baseline)", between(1, 1_000_000)),
    CLUSTER,
)
