"""The same analyses on many processes or a Dask cluster, for corpora larger than memory.

Every additive aggregate of the package — term counts and document frequencies,
keyness inputs, collocation counts, articles per period, actor mentions and
co-mention pairs, topic hits per period — is a *kernel* that counts one part of a
corpus into small Polars frames, and a *merge* that adds such frames up (a group-by
sum). The statistics (ranks, rates, G², PMI, association weights, shares…) are
computed once, from the merged counts, by the functions the in-process analyses use
(:mod:`tassanalysis.terms`, :mod:`tassanalysis.stats`, :mod:`tassanalysis.actors`,
:mod:`tassanalysis.topics`): the results are the same frames as
``ta.term_counts(ta.load_corpus(store, …), …)`` and the rest, to the bit.

A store is split into its Parquet files (one per month), pruned by date (from the
``year=/month=`` folders) and by source (from the Parquet statistics) before
anything runs; each file is one task, and each task reads its file in chunks of
rows, so memory grows with the vocabulary, not with the corpus. The kernels run

- in this process (``client=None`` and no ``TASS_SCHEDULER`` set): one file after
  another;
- on any :class:`concurrent.futures.Executor`; :func:`process_pool` makes one whose
  processes start with *spawn* (a forked pool deadlocks once Polars has started its
  threads) and share the cores through ``POLARS_MAX_THREADS``;
- on a Dask cluster: ``client=`` a :class:`dask.distributed.Client`, a scheduler
  address (``"tcp://10.0.0.5:8786"``), or the address in the ``TASS_SCHEDULER``
  environment variable. Workers read the store path themselves (it must be on a
  file system they share), only counts travel, partial counts are merged in a tree
  on the workers, and ``POLARS_MAX_THREADS`` is set on every worker so the Polars
  threads of the workers on a host share its cores.

A worker lost mid-run is not a silent error: Dask runs its tasks again elsewhere
(the counts are the same), and after ``distributed.scheduler.allowed-failures``
losses of the same task, or when a process of an executor dies, the run stops with
:class:`DistributedError`, naming the file.

Dask is an optional dependency (``pip install 'tassanalysis[dask]'``; ``[hpc]`` adds
``dask-jobqueue`` for SLURM, PBS and the like), imported only when a cluster is used.

Examples
--------
>>> import tempfile, polars as pl, datetime as dt
>>> from tassanalysis import distributed as td
>>> from tassanalysis.schema import validate
>>> from tassanalysis.store import write_corpus
>>> rows = validate(pl.DataFrame({
...     "doc_id": ["a", "b", "c"], "source": ["tass.com", "tass.com", "bbc"],
...     "body": ["Lavrov met Wang.", "Lavrov spoke.", "Talks in London."],
...     "published_at": [dt.datetime(2017, 1, 5, tzinfo=dt.UTC),
...                      dt.datetime(2017, 2, 9, tzinfo=dt.UTC),
...                      dt.datetime(2017, 2, 10, tzinfo=dt.UTC)],
...     "date_source": "page", "language": "en", "origin": "x"}), cast=True)
>>> store = tempfile.mkdtemp()
>>> _ = write_corpus(rows, store)
>>> len(td.partitions(store)), len(td.partitions(store, start="2017-02-01"))
(2, 1)
>>> td.term_counts(store, sources=["tass.com"]).head(1)[["term", "count", "doc_count"]].rows()
[('lavrov', 2, 2)]
"""

from tassanalysis.distributed.actors import co_mention_counts, co_mentions
from tassanalysis.distributed.analyses import (
    articles_over_time,
    collocations,
    keyness,
    term_counts,
    term_frequency,
)
from tassanalysis.distributed.engine import (
    CHUNK_ROWS,
    FAN_IN,
    SCHEDULER_ENV,
    DistributedError,
    chunked,
    client_for,
    describe_runner,
    map_reduce,
    merge_counts,
    partitions,
    process_pool,
    store_selection,
)
from tassanalysis.distributed.topics import topic_counts, topic_trends

__all__ = [
    "CHUNK_ROWS",
    "FAN_IN",
    "SCHEDULER_ENV",
    "DistributedError",
    "articles_over_time",
    "chunked",
    "client_for",
    "co_mention_counts",
    "co_mentions",
    "collocations",
    "describe_runner",
    "keyness",
    "map_reduce",
    "merge_counts",
    "partitions",
    "process_pool",
    "store_selection",
    "term_counts",
    "term_frequency",
    "topic_counts",
    "topic_trends",
]
