"""Benchmark: reading a gazetteer grows linearly with its size.

Writes synthetic gazetteers of N persons in the shipped layout (one flow mapping a line),
then times :func:`tassanalysis.actors.load_gazetteer` on each (read, check, frames; the
pattern compilation is timed apart). In the same process it times the baseline, one
PyYAML parse of the whole document with the pure-Python ``SafeLoader`` (how the
gazetteer used to be read), on the same text. It prints seconds per thousand actors at
each size; per-actor times that stay flat mean linear time.

Usage::

    python benchmarks/bench_gazetteer.py                    # 5k, 10k, 20k actors
    python benchmarks/bench_gazetteer.py --sizes 10000 50000
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def gazetteer_text(n: int) -> str:
    return "version: 1\nactors:\n" + "".join(
        f"- {{id: p{i}, name: Person Number{i} Surname{i}, type: person, "
        f"en: [Person Number{i} Surname{i}], ru: [Персона Номер{i}], from: 2014-01-01, "
        f"source: synthetic}}\n" for i in range(n))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 10_000, 20_000])
    parser.add_argument("--baseline-max", type=int, default=10_000,
                        help="largest size the slow baseline is run on")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import yaml

    from tassanalysis.actors import load_gazetteer

    folder = Path(tempfile.mkdtemp())
    for n in args.sizes:
        path = folder / f"g{n}.yml"
        text = gazetteer_text(n)
        path.write_text(text, encoding="utf-8")
        t = time.perf_counter()
        gaz = load_gazetteer(path)
        load = time.perf_counter() - t
        t = time.perf_counter()
        gaz.patterns()
        compile_s = time.perf_counter() - t
        line = (f"{n:>7,} actors | load {load:6.2f} s ({1000 * load / n:.3f} s per 1k) | "
                f"patterns {compile_s:6.2f} s ({1000 * compile_s / n:.3f} s per 1k)")
        if n <= args.baseline_max:
            t = time.perf_counter()
            yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506 - the safe loader
            base = time.perf_counter() - t
            line += f" | baseline whole-document parse {base:6.2f} s ({base / load:.1f}x ours)"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
