"""The ``tass`` command: start-up cost, usage errors, the report subcommand's glue."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tassanalysis.cli import main
from tassanalysis.report import parameters

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
#: Libraries the command must not load before a subcommand needs them.
HEAVY = ("altair", "polars", "papermill", "nbconvert", "nbformat", "jupyter_client", "scipy",
         "pyarrow", "vl_convert", "dask", "distributed")


def _tass(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "tassanalysis.cli", *args],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def _imported(stderr: str) -> set[str]:
    """Top-level packages named in ``-X importtime`` lines."""
    names = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*([\w.]+)", stderr, re.MULTILINE)
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("args", [["--help"], ["report", "--help"], ["ingest", "--help"],
                                  ["--version"]])
def test_help_loads_no_analysis_chart_or_report_library(args):
    done = _tass(*args)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip()
    loaded = _imported(done.stderr)
    assert "tassanalysis" in loaded  # the parse of -X importtime works
    assert sorted(loaded & set(HEAVY)) == []


def test_importing_the_package_and_its_report_runner_loads_no_heavy_library():
    code = ("import sys, tassanalysis, tassanalysis.report; tassanalysis.__all__; "
            "print(sorted(m for m in ('altair', 'polars', 'papermill') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert done.stdout.strip() == "[]", done.stderr[-2000:]


@pytest.mark.parametrize("param", ["window=99999999999d", "kwic_terms=(", "top=1e23",
                                   "compare_by=title", "target=2017-13", "target=9999"])
def test_bad_report_parameter_is_a_one_line_usage_error(param, corpus_path, tmp_path):
    out = tmp_path / "reports"
    done = _tass("report", "term_frequency", "--notebooks", str(NOTEBOOKS), "--out", str(out),
                 "-p", f"corpus={corpus_path}", "-p", param)
    errors = [line for line in done.stderr.splitlines() if not line.startswith("import time:")]
    assert done.returncode == 2, done.stderr[-2000:]
    assert len(errors) == 1 and errors[0].startswith(f"tass report: {param.split('=')[0]}")
    assert "Traceback" not in done.stderr
    assert not out.exists()  # checked before any kernel starts: nothing written
    assert not ({"papermill", "jupyter_client", "nbformat", "nbconvert"}
                & _imported(done.stderr))


def test_report_without_name_or_with_both_is_a_usage_error(capsys):
    assert main(["report", "--notebooks", str(NOTEBOOKS)]) == 2
    assert main(["report", "corpus_overview", "--all", "--notebooks", str(NOTEBOOKS)]) == 2
    assert capsys.readouterr().err.count("give a report NAME or --all") == 2


def test_parameter_cell_prints_the_registry(capsys):
    assert main(["report", "term_frequency", "--parameter-cell"]) == 0
    assert capsys.readouterr().out.strip() == parameters.parameter_cell("term_frequency")
    assert main(["report", "no_such_report", "--parameter-cell"]) == 2


def test_missing_report_extras_are_named(monkeypatch, capsys):
    import importlib.util

    from tassanalysis import cli

    real = importlib.util.find_spec
    monkeypatch.setattr(cli.importlib.util, "find_spec",
                        lambda name, *a: None if name == "papermill" else real(name, *a))
    assert main(["report", "--list"]) == 2
    assert "missing: papermill" in capsys.readouterr().err


def test_report_name_help_lists_that_reports_parameters(capsys):
    from tassanalysis.report.parameters import report_spec

    assert main(["report", "actor_comentions", "--help"]) == 0
    out = capsys.readouterr().out
    assert "usage: tass report" in out and "parameters of actor_comentions" in out
    for p in report_spec("actor_comentions").parameters:
        assert re.search(rf"^  {p.name} +{re.escape(p.type)} = {re.escape(repr(p.default))}$",
                         out, re.M), p.name
        assert p.help in out
    assert main(["report", "--help"]) == 0
    assert "parameters of" not in capsys.readouterr().out
    assert main(["report", "no_such_report", "--help"]) == 2


def test_mistyped_parameter_and_actor_id_get_the_closest_matches(corpus_path, tmp_path, capsys):
    code = main(["report", "actor_comentions", "-p", f"corpus={corpus_path}", "-p",
                 "focuss=lavrov", "--out", str(tmp_path)])
    assert code == 2 and "did you mean: focus?" in capsys.readouterr().err
    code = main(["report", "actor_comentions", "-p", f"corpus={corpus_path}", "-p",
                 "focus=lavorv", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "did you mean: lavrov" in err
    assert list(tmp_path.iterdir()) == []


def test_keep_must_be_a_positive_number(monkeypatch, capsys, corpus_path):
    assert main(["report", "corpus_overview", "--keep", "0", "-p", f"corpus={corpus_path}"]) == 2
    monkeypatch.setenv("TASS_REPORT_KEEP", "two")
    assert main(["report", "corpus_overview", "-p", f"corpus={corpus_path}"]) == 2
    assert "TASS_REPORT_KEEP" in capsys.readouterr().err


# ----------------------------------------------------------------------------- ingest

def test_ingest_of_a_folder_holding_its_store_and_odd_entries_goes_on(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    (data / "page.txt").write_bytes((ROOT / "seeds" / "000_552685f68ac672a1.txt").read_bytes())
    os.mkfifo(data / "pipe.txt")
    os.symlink("loop.txt", data / "loop.txt")
    with open(os.path.join(os.fsencode(data), b"caf\xe9.txt"), "wb") as fh:
        fh.write(b"x")
    for _ in range(2):  # the store inside its own input folder is never read
        assert main(["ingest", str(data), "--out", str(data / "corpus")]) == 0
    out = capsys.readouterr().out
    assert "accounted:   4 read = 1 articles + 3 rejects + 0 duplicates" in out
    assert "MISMATCH" not in out
    assert main(["ingest", str(data / "corpus"), "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "is a corpus store, not an input" in err


def test_a_store_path_that_is_not_utf8_is_a_one_line_usage_error(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes((ROOT / "seeds" / "000_552685f68ac672a1.txt").read_bytes())
    out = os.path.join(os.fsencode(tmp_path), b"corp\xe9")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "tassanalysis.cli", "ingest", str(page),
                           "--out", os.fsdecode(out)], capture_output=True, env=env, timeout=120)
    err = done.stderr.decode("utf-8", "replace").strip()
    assert done.returncode == 2 and "Traceback" not in err and len(err.splitlines()) == 1, err
    assert "corp\\xe9 is not valid UTF-8" in err
