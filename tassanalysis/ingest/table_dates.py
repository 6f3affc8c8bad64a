"""Dates in table columns: the common written forms, their zone and their precision.

Read, vectorized over the distinct values of a column:

* ISO 8601 and its loose forms (``2024-12-26 21:09:18``, ``2024-12-26T18:09:18Z``,
  ``2017/2/7``), with or without an offset;
* day first with dots or dashes (``26.02.1987``, ``26-02-1987 15:01``);
* month names (``Feb 26, 1987``, ``February 26, 1987 3:01 PM``, ``26 Feb 1987``);
* the wire-service stamp ``26-FEB-1987 15:01:01.79``;
* RFC 2822 (``Thu, 26 Feb 1987 15:01:01 +0000``, ``... GMT``);
* Unix time in seconds (up to 11 digits) or milliseconds (13 digits) (``541263661``);
  a 12-digit number fits no unit and is not read;
* any other form through a ``strftime`` pattern (``date_format``), tried first.

A value with a time of day is read in its own offset, or in ``timezone`` when it
has none, and converted to UTC. A value without a time is a calendar date: it is
kept on its own day (00:00 UTC of that day) and its precision says ``day``, so no
report prints a time the source never had and ``start``/``end`` filters find it on
its day.

Examples
--------
>>> import polars as pl
>>> out = parse_date_column(pl.Series(["26-FEB-1987 15:01:01.79", "Feb 26, 1987",
...                                    "26.02.1987", "Thu, 26 Feb 1987 15:01:01 +0100",
...                                    "541263661", "2025-06-06", "not a date"]),
...                         timezone="Europe/Moscow")
>>> [str(v) if v else None for v in out["published_at"]]  # doctest: +NORMALIZE_WHITESPACE
['1987-02-26 12:01:01.790000+00:00', '1987-02-26 00:00:00+00:00', '1987-02-26 00:00:00+00:00',
 '1987-02-26 14:01:01+00:00', '1987-02-25 15:01:01+00:00', '2025-06-06 00:00:00+00:00', None]
>>> out["date_precision"].to_list()
['second', 'day', 'day', 'second', 'second', 'day', None]
"""

from __future__ import annotations

import polars as pl

__all__ = ["DATE_PRECISIONS", "parse_date_column", "precision_of"]

#: Values of ``date_precision``: how much of the instant the source gave.
DATE_PRECISIONS = ("day", "minute", "second")

_UTC = pl.Datetime("us", "UTC")
_MONTH_WORD = r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_FORMATS = (
    "%Y-%m-%d", "%d-%m-%Y", "%d-%b-%Y", "%b %d %Y", "%d %b %Y",
)
_TIME_FORMATS = ("%H:%M:%S%.f", "%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p")


def _normalize(col: pl.Expr) -> pl.Expr:
    """One spelling for the many ways of writing a date (still a string)."""
    return (
        col.str.strip_chars()
        # RFC 2822 and friends open with a weekday
        .str.replace(r"(?i)^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", "")
        # 2017/2/7, 26.02.1987 -> dashes
        .str.replace(r"^(\d{1,4})[/.](\d{1,2})[/.](\d{1,4})", "$1-$2-$3")
        .str.replace(r"^(\d{4}-\d{1,2}-\d{1,2})[T ]+", "$1 ")
        # "Feb 26, 1987" / "February 26 1987" / "26 February 1987" / "26-FEB-1987"
        .str.replace(_MONTH_WORD, "$1")
        .str.replace(r"(?i)\b(sept)\b", "sep")
        .str.replace(r"^([A-Za-z]{3}) (\d{1,2}),? (\d{4}),?", "$1 $2 $3")
        .str.replace(r"(?i)\s*(Z|UTC|GMT)$", "+00:00")
        .str.replace(r"\s*,\s*", " ")
        .str.replace(r"\s+at\s+", " ")
    )


def precision_of(text: pl.Expr) -> pl.Expr:
    """``second``, ``minute`` or ``day``: the finest part of the time the string gives."""
    return (pl.when(text.str.contains(r"\d:\d{2}:\d{2}")).then(pl.lit("second"))
            .when(text.str.contains(r"\d:\d{2}")).then(pl.lit("minute"))
            .otherwise(pl.lit("day")))


def _parse(col: pl.Expr, timezone: str, date_format: str | None) -> pl.Expr:
    text = _normalize(col)
    zone = text.str.extract(r"\d:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?\s*([+-]\d{2}:?\d{2})$", 1)
    local = text.str.replace(r"(\d:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?)\s*[+-]\d{2}:?\d{2}$",
                             "$1")
    formats = [f"{d} {t}" for d in _DATE_FORMATS for t in _TIME_FORMATS] + list(_DATE_FORMATS)
    attempts = [local.str.to_datetime(f, time_unit="us", strict=False) for f in formats]
    if date_format:
        attempts.insert(0, col.str.strip_chars().str.to_datetime(date_format, time_unit="us",
                                                                 strict=False))
    naive = pl.coalesce(attempts)
    offset_minutes = (
        zone.str.slice(1, 2).cast(pl.Int64, strict=False) * 60
        + zone.str.slice(-2, 2).cast(pl.Int64, strict=False)
    ) * pl.when(zone.str.starts_with("-")).then(-1).otherwise(1)
    with_zone = (naive - pl.duration(minutes=offset_minutes)).dt.replace_time_zone("UTC")
    in_zone = (naive.dt.replace_time_zone(timezone, ambiguous="earliest", non_existent="null")
               .dt.convert_time_zone("UTC"))
    precision = precision_of(local)
    if date_format:
        precision = (pl.when(col.str.strip_chars().str.to_datetime(date_format, strict=False)
                             .is_not_null())
                     .then(pl.lit("second") if "%S" in date_format
                           else pl.lit("minute") if "%M" in date_format else pl.lit("day"))
                     .otherwise(precision))
    day_only = naive.dt.replace_time_zone("UTC")  # a calendar date stays on its day
    epoch = col.str.strip_chars().str.extract(r"^(\d{9,13})(?:\.\d+)?$", 1).cast(pl.Int64,
                                                                                 strict=False)
    # the unit by range: seconds up to 11 digits' worth (10 digits reach 2286), milliseconds
    # from 13 digits (2001 on); 12 digits fit neither (seconds past year 5000, or
    # milliseconds of the 1970s): no date, a bad-date reject
    epoch_time = (pl.when(epoch >= 1_000_000_000_000).then(epoch * 1000)
                  .when(epoch < 100_000_000_000).then(epoch * 1_000_000)
                  .cast(pl.Datetime("us", "UTC")))
    when = (pl.when(epoch.is_not_null()).then(epoch_time)
            .when(precision == "day").then(day_only)
            .when(zone.is_not_null()).then(with_zone)
            .otherwise(in_zone))
    precision = (pl.when(when.is_null()).then(pl.lit(None, dtype=pl.String))
                 .when(epoch.is_not_null()).then(pl.lit("second"))
                 .otherwise(precision))
    return pl.struct(when.cast(_UTC).alias("published_at"), precision.alias("date_precision"))


def parse_date_column(values: pl.Series, *, timezone: str = "UTC",
                      date_format: str | None = None) -> pl.DataFrame:
    """Read a column of dates: ``published_at`` (UTC) and ``date_precision`` per value.

    Parameters
    ----------
    values
        Strings, numbers (Unix seconds or milliseconds), dates or datetimes.
    timezone
        The zone of values that have a time of day but no offset.
    date_format
        A ``strftime`` pattern tried before the built-in forms.

    Returns
    -------
    polars.DataFrame
        ``published_at`` (datetime[us, UTC], null where the value cannot be read)
        and ``date_precision`` (``day``, ``minute``, ``second`` or null), one row per
        value, in order.

    Examples
    --------
    >>> import polars as pl
    >>> parse_date_column(pl.Series(["2024-12-26 21:09"]), timezone="Europe/Moscow").row(0)
    (datetime.datetime(2024, 12, 26, 18, 9, tzinfo=zoneinfo.ZoneInfo(key='UTC')), 'minute')
    """
    dtype = values.dtype
    if isinstance(dtype, pl.Datetime):
        col = values
        if dtype.time_zone is None:
            col = col.dt.replace_time_zone(timezone, ambiguous="earliest", non_existent="null")
        when = col.dt.convert_time_zone("UTC").dt.cast_time_unit("us")
        return pl.DataFrame({"published_at": when,
                             "date_precision": pl.Series(["second"] * len(values)).set(
                                 when.is_null(), None)})
    if dtype == pl.Date:
        when = values.cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
        return pl.DataFrame({"published_at": when,
                             "date_precision": pl.Series(["day"] * len(values)).set(
                                 when.is_null(), None)})
    if dtype.is_integer() or dtype.is_float():
        values = values.cast(pl.Int64, strict=False).cast(pl.String)
    strings = values.cast(pl.String)
    distinct = strings.unique().to_frame("k")
    table = distinct.with_columns(_parse(pl.col("k"), timezone, date_format).alias("v")).unnest("v")
    return (strings.to_frame("k")
            .join(table, on="k", how="left", maintain_order="left", nulls_equal=True)
            .select("published_at", "date_precision"))
