"""Loading a large topic dictionary: time grows linearly with the number of terms.

Writes dictionaries of 10,000 and 100,000 random words (100 topics of 100 and of 1,000
terms), loads each, and prints the time per 1,000 terms (equal for both when loading is
linear) and, as a baseline in the same process, the time of cutting the same terms into
tokens one term at a time (how terms were cut before they were cut in one pass).

    python benchmarks/bench_topic_load.py
"""

from __future__ import annotations

import random
import string
import tempfile
import time
from pathlib import Path

from tassanalysis.topics import dictionary


def write(n: int, path: Path, rng: random.Random) -> list[str]:
    words = ["".join(rng.choice(string.ascii_lowercase) for _ in range(9)) for _ in range(n)]
    per = n // 100
    with path.open("w") as f:
        for t in range(100):
            f.write(f"t{t}: [{', '.join(words[t * per:(t + 1) * per])}]\n")
    return words


def main() -> None:
    rng = random.Random(0)
    tmp = Path(tempfile.mkdtemp())
    per_k = {}
    for n in (10_000, 100_000):
        path = tmp / f"topics_{n}.yml"
        words = write(n, path, rng)
        t0 = time.perf_counter()
        dictionary.load_topics(path)
        took = time.perf_counter() - t0
        per_k[n] = took / (n / 1000)
        print(f"{n:>7,} terms: load {took:6.2f} s ({per_k[n] * 1000:.1f} ms per 1,000 terms)")
    sample = words[:2_000]
    t0 = time.perf_counter()
    for w in sample:
        dictionary._term_tokens(w)
    one_by_one = (time.perf_counter() - t0) / 2
    t0 = time.perf_counter()
    dictionary._tokens_of(sample)
    batched = (time.perf_counter() - t0) / 2
    print(f"growth: time per term at 100,000 / at 10,000 = {per_k[100_000] / per_k[10_000]:.2f}"
          " (1.0 is linear)")
    print(f"cutting terms into tokens: one at a time {one_by_one * 1000:.1f} ms per 1,000, "
          f"in one pass {batched * 1000:.2f} ms per 1,000 (ratio {one_by_one / batched:.0f}×)")


if __name__ == "__main__":
    main()
