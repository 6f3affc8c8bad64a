"""Datelines are left out of what analyses read; words inside sentences never are."""

import polars as pl
import pytest

from tassanalysis.text import analysis_text, strip_dateline

CASES = [
    ("MOSCOW, February 7. /TASS/. Investigators have seized", "Investigators have seized"),
    ("MOSCOW, February 7, /TASS/. Russia may supply", "Russia may supply"),
    ("МОСКВА, 26 декабря. /ТАСС/. Президент России", "Президент России"),
    ("MOSCOW, November 11, 17:23 /ITAR-TASS/. The talks", "The talks"),
    ("MOSCOW, March 14. /TASS./. The Kremlin has", "The Kremlin has"),
    ("MOSCOW, March 17. /TASS, Maxim Allanazarov, Yevgeny Ionov/. Winning", "Winning"),
    ("INCHEON /Republic of Korea/, February 9. /TASS/. A ceremony", "A ceremony"),
    ("ADMIRAL KUZNETSOV AIRCRAFT CARRIER (Severomorsk), February 9. /TASS/. Russia",
     "Russia"),
    ("Washington (CNN)Vice President Mike Pence", "Vice President Mike Pence"),
    ("WASHINGTON, Feb 9 (Reuters) - U.S. President", "U.S. President"),
    ("KUALA LUMPUR, Feb 24 (Reuters) - One of two women", "One of two women"),
    ("WASHINGTON — Hundreds of groups", "Hundreds of groups"),
    ("WASHINGTON -House lawmakers", "House lawmakers"),
]

KEPT = [
    "US-backed Iraqi security forces closing in",
    "Moscow talks went on. MOSCOW, March 3. /TASS/. quoted later",
    "The talks in MOSCOW (TASS) were long.",
    "Russia's dependence on imported oil and gas",
    "NATO — the alliance — said",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_datelines_are_removed(text, expected):
    assert pl.select(strip_dateline(pl.lit(text))).item() == expected


@pytest.mark.parametrize("text", KEPT)
def test_text_without_a_dateline_is_untouched(text):
    assert pl.select(strip_dateline(pl.lit(text))).item() == text


def test_analysis_text_keeps_the_dateline_on_request():
    df = pl.DataFrame({"title": ["T"], "lead": [None], "body": ["MOSCOW, May 1. /TASS/. Body."]})
    assert df.select(analysis_text(("title", "lead", "body"))).item() == "T\n\nBody."
    kept = df.select(analysis_text("body", dateline=True)).item()
    assert kept == "MOSCOW, May 1. /TASS/. Body."


def test_analysis_text_skips_missing_columns_and_refuses_none():
    df = pl.DataFrame({"body": ["x"]})
    assert df.select(analysis_text(("title", "body"), columns=df.columns)).item() == "x"
    with pytest.raises(ValueError, match="none of the text columns"):
        analysis_text(("title",), columns=df.columns)
    # a frame passed where column names belong is a clear error, not Polars' truth-value one
    with pytest.raises(TypeError, match="takes column names"):
        analysis_text(df)


def test_dateline_pattern_is_linear_on_adversarial_input():
    import time
    small = pl.DataFrame({"t": ["{{ MOSCOW, " * 5_000]})
    large = pl.DataFrame({"t": ["{{ MOSCOW, " * 40_000]})
    t0 = time.perf_counter()
    small.select(strip_dateline(pl.col("t")))
    t1 = time.perf_counter()
    large.select(strip_dateline(pl.col("t")))
    t2 = time.perf_counter()
    assert (t2 - t1) < max(0.5, 20 * (t1 - t0))


def test_the_quick_test_before_the_dateline_pattern_changes_nothing():
    """strip_dateline runs the full pattern only where a dateline can be; on openings
    built from dateline pieces the result equals the pattern applied to every text."""
    import random

    from tassanalysis.text import DATELINE_PATTERN

    rng = random.Random(1)
    pieces = ["MOSCOW", ", March 3", ". /TASS/.", " (Reuters)", " — ", "WASHINGTON", " Putin",
              "  ", "\n", "(AP)", "/ TASS", "Kiev", "КИЕВ", "ТАСС", "-", "--", "NEW YORK",
              " /Republic of Korea/", " said", ", 2019", "/", "(", "Al Jazeera", "Ünal", "ÉU"]
    texts = pl.DataFrame({"t": ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
                                for _ in range(20_000)] + [None]})
    every = texts.select(pl.col("t").str.replace(DATELINE_PATTERN, "${next}"))
    ours = texts.select(strip_dateline(pl.col("t")))
    assert ours.equals(every)
    assert (every["t"] != texts["t"]).sum() > 1_000
