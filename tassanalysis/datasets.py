"""Sample corpora to try the package on, as ready canonical frames.

* :func:`load_sample` — about 300 articles shipped **inside the package**
  (``tassanalysis/resources/sample.parquet``), so it works in any install:
  the NewsArticles research set (9 English-language outlets, Dec 2016 – Mar 2017,
  30 articles each, 40 from tass.com), 20 tass.com politics articles of
  26 Dec 2024 from a scraper export and one tass.com page dump of Dec 2017.
  Built by this package's own ingest from ``data/sample/`` and ``seeds/``
  (:func:`build_sample`). Every docstring example runs on it.
* :func:`load_sample` with ``full=True`` — the whole shipped set (3,840
  articles) from a source checkout, which has ``data/sample/`` and ``seeds/``;
  a pip-installed package has no ``data/`` folder and raises a clear error.
  The full set is ingested once into a cache folder and read from there after.

Provenance and terms of the texts: ``data/README.md``.

Examples
--------
>>> corpus = load_sample()
>>> corpus.height, corpus["source"].n_unique()
(301, 9)
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import polars as pl

__all__ = ["SAMPLE_PATH", "build_sample", "load_sample"]

#: The packaged sample (canonical schema).
SAMPLE_PATH = Path(__file__).with_name("resources") / "sample.parquet"

_CHECKOUT = Path(__file__).resolve().parents[1]
_PER_SOURCE = 30
_TASS = 40


@functools.cache
def _read_packaged() -> pl.DataFrame:
    from tassanalysis.schema import validate

    return validate(pl.read_parquet(SAMPLE_PATH), cast=True)


def _raw_inputs(root: Path) -> list[Path]:
    return [root / "seeds", root / "data" / "sample"]


def load_sample(*, full: bool = False, lazy: bool = False) -> pl.DataFrame | pl.LazyFrame:
    """The shipped sample corpus as a canonical frame.

    Parameters
    ----------
    full : bool, default False
        False: the ~300 articles packaged with the library (always there).
        True: all 3,840 articles of ``data/sample/`` and ``seeds/`` in a source
        checkout, ingested once into ``$TASSANALYSIS_CACHE`` (default
        ``~/.cache/tassanalysis``).
    lazy : bool, default False
        Return a LazyFrame.

    Returns
    -------
    polars.DataFrame or polars.LazyFrame
        Rows in the canonical schema (:data:`tassanalysis.schema.ARTICLE_SCHEMA`).

    Raises
    ------
    FileNotFoundError
        ``full=True`` outside a source checkout.

    Examples
    --------
    >>> sample = load_sample()
    >>> sample.filter(pl.col("source") == "tass.com").height
    61
    """
    if not full:
        frame = _read_packaged()
        return frame.lazy() if lazy else frame.clone()
    from tassanalysis.store import load_corpus

    inputs = _raw_inputs(_CHECKOUT)
    if not all(p.exists() for p in inputs):
        raise FileNotFoundError(
            f"the full sample lives in a source checkout ({inputs[1]} and {inputs[0]}); "
            "an installed package only has load_sample()")
    digest = hashlib.sha1("|".join(
        f"{p}:{p.stat().st_mtime_ns}" for folder in inputs for p in sorted(folder.rglob("*"))
        if p.is_file()).encode()).hexdigest()[:12]
    cache = Path(os.environ.get("TASSANALYSIS_CACHE", Path.home() / ".cache" / "tassanalysis"))
    store = cache / f"sample-{digest}"
    if not (store / "CURRENT").exists():
        from tassanalysis.ingest import ingest

        ingest([str(p) for p in inputs], store, progress=False)
    return load_corpus(store, lazy=lazy)


def build_sample(store: str | Path, out: str | Path = SAMPLE_PATH, *, seed: int = 7) -> Path:
    """Write the packaged sample from a store ingested from ``seeds/`` and ``data/sample/``.

    30 NewsArticles articles per outlet (40 from tass.com), the 20 tass.com
    scraper articles and the page dump, chosen with a fixed seed.

    Parameters
    ----------
    store : str or Path
        A corpus store (``tass ingest seeds/ data/sample/ --out STORE``).
    out : str or Path
        Where to write the Parquet file.
    seed : int
        Seed of the random choice.

    Returns
    -------
    Path
        ``out``.

    Examples
    --------
    >>> build_sample("/tmp/sample-store", "/tmp/sample.parquet")  # doctest: +SKIP
    PosixPath('/tmp/sample.parquet')
    """
    from tassanalysis.store import load_corpus

    corpus = load_corpus(store)
    table = corpus.filter(pl.col("origin").str.contains("newsarticles"))
    rest = corpus.filter(~pl.col("origin").str.contains("newsarticles"))
    picked = (table.with_columns(
        _key=pl.col("doc_id").hash(seed),
        _n=pl.when(pl.col("source") == "tass.com").then(_TASS).otherwise(_PER_SOURCE))
        .filter(pl.col("_key").rank("ordinal").over("source") <= pl.col("_n"))
        .drop("_key", "_n"))
    sample = pl.concat([picked, rest]).sort("published_at", "doc_id")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sample.write_parquet(out, compression="zstd", compression_level=19)
    return out
