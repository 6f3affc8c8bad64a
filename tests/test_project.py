"""The project's own files agree with each other."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = set(project["dependencies"])
    for extra in ("report", "lab", "dev", "dask", "hpc"):
        wanted |= set(project["optional-dependencies"][extra])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    listed = {d for d in pip if not d.startswith("-e")}
    assert listed == wanted, f"only in pyproject: {wanted - listed}; only in environment.yml: {listed - wanted}"
    assert "-e .[report,lab,dev]" in pip


def test_readme_names_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make report" in readme and "make test" in readme
    makefile = (ROOT / "Makefile").read_text()
    assert "\nreport:" in makefile and "\ntest:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_seed_fixture_is_in_the_project():
    assert (ROOT / "seeds" / "000_552685f68ac672a1.txt").is_file()


def _make_dry_run(*args: str) -> str:
    import shutil
    import subprocess

    if shutil.which("make") is None:  # pragma: no cover - make ships with every CI image
        raise AssertionError("make is not installed")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    done = subprocess.run(["make", "--no-print-directory", "-n", *args,
                           "VENV=/nonexistent-venv"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_make_lab_allows_root_only_as_root():
    as_root = _make_dry_run("lab", "USER_ID=0").splitlines()[-1]
    as_user = _make_dry_run("lab", "USER_ID=1000").splitlines()[-1]
    assert as_root.endswith("jupyter lab notebooks/ --allow-root")
    assert "jupyter lab notebooks/" in as_user and "--allow-root" not in as_user


def test_reports_readme_names_only_real_parameters():
    import re

    from tassanalysis.report.parameters import report_spec

    readme = (ROOT / "reports" / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"^tass report (.+?)(?:\s+#.*)?$", readme, re.MULTILINE)
    assert len(commands) >= 5
    every = {p.name for name in ("corpus_overview", "term_frequency")
             for p in report_spec(name).parameters}
    for command in commands:
        words = command.split()
        keys = [pair.split("=", 1)[0] for flag, pair in zip(words, words[1:], strict=False)
                if flag == "-p"]
        name = words[0]
        declared = every if name.startswith("-") else {p.name for p in
                                                        report_spec(name).parameters}
        assert set(keys) <= declared, (command, set(keys) - declared)


def test_data_readme_gives_the_sample_span():
    import json
    import re

    import polars as pl

    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    days = pl.read_parquet(ROOT / "data" / "sample" / "newsarticles.parquet").select(
        pl.col("publish_date").str.strip_chars().str.to_date("%Y/%m/%d", strict=False))
    first, last = days.to_series().min(), days.to_series().max()
    row = next(line for line in readme.splitlines() if "sample/newsarticles.parquet" in line)
    assert f"| {first:%Y-%m} – {last:%Y-%m} " in row
    scraped = json.loads((ROOT / "data" / "sample" / "tass_politics_2024.json").read_text())
    latest = max(r["date"] for r in scraped)[:7]
    assert re.search(rf"sample runs from {first:%Y-%m} to {latest}\b", readme)
