"""Report runner: the parameter registry and its checks, runs kept, staging, index, downloads."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import nbformat
import polars as pl
import pytest
from conftest import fixture_corpus as fixture

from tassanalysis import display
from tassanalysis.cli import main
from tassanalysis.report import catalog, index, parameters, render, run
from tassanalysis.report.parameters import Parameter, ParameterError, validate_params

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def _notebook(folder: Path, name: str, params_source: str, *code: str,
              description: str = "A tiny report for tests.") -> Path:
    cells = [nbformat.v4.new_markdown_cell(f"# {name}\n\n{description}",
                                           metadata={"tags": ["report-hide"]}),
             nbformat.v4.new_code_cell(params_source, metadata={"tags": ["parameters"]})]
    cells += [nbformat.v4.new_code_cell(c) for c in code]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC}),
                   path)
    return path


TINY = '''corpus: str = "data/corpus"  # path to the corpus store
fail: bool = False  # raise in the second cell
message: str = "all good"  # text the report prints'''


def _tiny(folder: Path) -> Path:
    return _notebook(folder, "tiny", TINY,
                     "if fail:\n    raise RuntimeError('the corpus is on fire')\nprint(message)")


def _command(*argv: str) -> int:
    return main(["report", *argv])


# --------------------------------------------------------------------------- parameters

def test_parse_params():
    assert parameters.parse_params(["a=1", "b = x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}
    for bad in (["novalue"], ["=1"], ["a b=1"], ["a=1", "a=2"]):
        with pytest.raises(ParameterError):
            parameters.parse_params(bad)


def test_validate_params_converts_to_declared_types(corpus_path):
    values = validate_params("corpus_overview", {
        "corpus": str(corpus_path), "top": "5", "sources": "tass.com,reuters.com",
        "start": "2017-12-01", "end": "2017-12-31"}, notebooks=NOTEBOOKS)
    assert values["top"] == 5 and values["sources"] == ["tass.com", "reuters.com"]
    assert values["corpus"] == str(corpus_path.resolve())
    assert values["period"] == "auto"  # the registry's default
    json_list = validate_params("corpus_overview", {
        "corpus": str(corpus_path), "sections": '["World", "Economy"]'}, notebooks=NOTEBOOKS)
    assert json_list["sections"] == ["World", "Economy"]
    terms = validate_params("term_frequency", {
        "corpus": str(corpus_path), "target": "2017-12", "reference": "2018-01",
        "kwic_terms": "sanctions,foreign minister", "stem": "yes"}, notebooks=NOTEBOOKS)
    assert terms["kwic_terms"] == ["sanctions", "foreign minister"] and terms["stem"] is True


#: report | key=value & key=value | the message it must give (before any kernel starts)
REFUSED = """
corpus_overview  | colour=red                               | unknown parameter
corpus_overview  | top=many                                 | top='many' is not a whole number
corpus_overview  | top=0                                    | top: must be between 1 and 100
corpus_overview  | start=2018-02-01 & end=2018-01-01        | is after end
corpus_overview  | start=01/02/2018                         | start: '01/02/2018' is not a date
corpus_overview  | window=soon                              | not a rolling window
corpus_overview  | window=7d & start=2018-01-01             | either start or window
corpus_overview  | period=fortnight                         | period: 'fortnight' is not one of auto
corpus_overview  | focus_share=1.5                          | focus_share: must be above 0
corpus_overview  | focus_share=nan                          | focus_share: must be above 0
corpus_overview  | sources=tass.com,bbc.co.uk               | 'bbc.co.uk' not in the corpus
corpus_overview  | sections=Sport                           | 'Sport' not in the corpus
corpus_overview  | corpus=/no/such/corpus                   | does not exist
# each below reached the kernel (or raised a traceback) before the registry
corpus_overview  | window=99999999999d                      | window: '99999999999d' reaches back
term_frequency   | window=3000000d                          | reaches back before the year 1
term_frequency   | kwic_terms=(                             | kwic_terms: '(' is not a word or phrase
term_frequency   | trend_terms=war, -                       | '-' is not a word or phrase
term_frequency   | top=1e23                                 | top='1e23' is not a whole number
term_frequency   | top=100000000000000000000000             | top: must be between 1 and 1,000
term_frequency   | compare_by=title                         | compare_by: 'title' is not one of source
term_frequency   | target=2017-13                           | target: '2017-13' is not a period
term_frequency   | target=9999                              | target: '9999' is not a period
term_frequency   | target=2016                              | no selected article falls in 2016
term_frequency   | target=2017-12 & reference=2030-Q1       | reference: no selected article falls in 2030-Q1
term_frequency   | target=bbc.co.uk                         | source 'bbc.co.uk' not in the selection
term_frequency   | reference=2017                           | reference: a reference needs a target
term_frequency   | target=tass.com & reference=2017         | must both be periods
term_frequency   | stopwords=fr                             | stopwords
term_frequency   | ngram=4                                  | ngram: must be between 1 and 3
term_frequency   | text=url                                 | text: 'url' is not one of body, title, lead
term_frequency   | collocation_measure=magic                | collocation_measure: 'magic'
"""


def _refused() -> list[tuple[str, dict[str, str], str]]:
    cases = []
    for line in REFUSED.strip().splitlines():
        if line.startswith("#"):
            continue
        report, pairs, message = (part.strip() for part in line.split("|"))
        params = dict(pair.strip().split("=", 1) for pair in pairs.split(" & "))
        cases.append((report, params, message))
    return cases


@pytest.mark.parametrize("report, params, message", _refused())
def test_validate_params_refuses(corpus_path, report, params, message):
    params = {"corpus": str(corpus_path), **params}
    with pytest.raises(ParameterError, match=re.escape(message)):
        validate_params(report, params, notebooks=NOTEBOOKS)


@pytest.mark.parametrize("name", ["corpus_overview", "term_frequency"])
def test_parameter_cells_declare_exactly_the_registry(name):
    """papermill reads the same names, types, defaults and help from the notebook as the registry holds."""
    spec = parameters.report_spec(name)
    found = parameters.notebook_parameters(NOTEBOOKS / f"{name}.ipynb")
    assert list(found) == [p.name for p in spec.parameters]
    for p in spec.parameters:
        assert (found[p.name]["type"], found[p.name]["default"], found[p.name]["help"]) == \
            (p.type, p.default, p.help), p.name
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert cell.source == parameters.parameter_cell(name)


def test_report_defaults_agree_with_the_api():
    from tassanalysis import vocab

    options = parameters.report_spec("term_frequency").by_name()
    assert options["min_count"].default == vocab.MIN_COUNT
    assert vocab.stopword_option(options["stopwords"].default) == vocab.DEFAULT_STOPWORDS


def test_every_shipped_notebook_is_registered():
    assert all(parameters.report_spec(n) for n in parameters.list_reports(NOTEBOOKS))


def test_a_new_report_registers_its_parameters_without_touching_the_runner(tmp_path,
                                                                           corpus_path):
    def even(value, checks):
        if value % 2:
            raise ValueError(f"must be even, not {value}")
        return value

    spec = parameters.register_report(
        "demo_actors", catalog.SELECTION, catalog.TIME,
        Parameter("min_mentions", "int", 2, "mentions an actor needs", even))
    try:
        _notebook(tmp_path, "demo_actors", parameters.parameter_cell("demo_actors"), "pass")
        found = parameters.notebook_parameters(tmp_path / "demo_actors.ipynb")
        assert [(k, v["type"], v["default"]) for k, v in found.items()] == \
            [(p.name, p.type, p.default) for p in spec.parameters]
        values = validate_params("demo_actors", {"corpus": str(corpus_path),
                                                 "min_mentions": "4"}, notebooks=tmp_path)
        assert values["min_mentions"] == 4 and values["period"] == "auto"
        with pytest.raises(ParameterError, match="min_mentions: must be even, not 3"):
            validate_params("demo_actors", {"corpus": str(corpus_path), "min_mentions": "3"},
                            notebooks=tmp_path)
        with pytest.raises(ParameterError, match="sources: 'x.org' not in the corpus"):
            validate_params("demo_actors", {"corpus": str(corpus_path), "sources": "x.org"},
                            notebooks=tmp_path)
    finally:
        parameters._REGISTRY.pop("demo_actors")


def test_unregistered_notebook_reads_its_cell_and_borrows_shared_checks(tmp_path, corpus_path):
    _tiny(tmp_path)
    values = validate_params("tiny", {"corpus": str(corpus_path), "fail": "no"},
                             notebooks=tmp_path)
    assert values == {"corpus": str(corpus_path.resolve()), "fail": False, "message": "all good"}
    with pytest.raises(ParameterError, match="corpus: .* does not exist"):
        validate_params("tiny", {"corpus": "/no/such/store"}, notebooks=tmp_path)
    with pytest.raises(ParameterError, match="unknown parameter"):
        validate_params("tiny", {"top": "3"}, notebooks=tmp_path)


def test_bad_parameter_exits_before_anything_is_written(tmp_path, corpus_path, capsys):
    out = tmp_path / "reports"
    code = _command("corpus_overview", "--notebooks", str(NOTEBOOKS), "--out", str(out),
                    "-p", f"corpus={corpus_path}", "-p", "sources=nowhere.org")
    assert code == 2
    err = capsys.readouterr().err
    assert "nowhere.org" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()  # nothing ran, nothing written
    assert _command("no_such_report", "--notebooks", str(NOTEBOOKS), "--out", str(out)) == 2


def test_list_shows_reports_and_parameters(capsys):
    assert _command("--list", "--notebooks", str(NOTEBOOKS)) == 0
    out = capsys.readouterr().out
    assert "corpus_overview" in out and "term_frequency" in out
    assert "  window: str = ''  rolling window" in out


def test_catalog_groups_are_shared():
    overview = parameters.report_spec("corpus_overview").parameters
    terms = parameters.report_spec("term_frequency").parameters
    shared = catalog.SELECTION + catalog.TIME
    assert overview[:len(shared)] == shared == terms[:len(shared)]
    assert all(p in terms for p in catalog.KEYNESS)


# --------------------------------------------------------------------------- index

def _fake_run(out: Path, name: str, folder: str, status: str = "ok", **extra) -> None:
    path = out / name / folder
    path.mkdir(parents=True)
    page = f"<html><body>{name}</body></html>"
    if status != "failed":
        (path / f"{name}.html").write_text(page)
        (out / name / index.LATEST).write_text(page)
    (path / f"{name}.ipynb").write_text("{}")
    record = {"name": name, "status": status, "started": f"{folder}T10:00:00",
              "seconds": 1.0, "params": {}, "given": [], "provenance": {"articles": 7},
              "html": f"{name}.html" if status != "failed" else None,
              "notebook": f"{name}.ipynb", "error": "Boom: x" if status == "failed" else None,
              **extra}
    (path / f"{name}.run.json").write_text(json.dumps(record))


HOSTILE_NAMES = ["javascript:alert(1)", "a#b", "what?x=1", "100% <b>", "term frequency"]


def test_index_links_are_url_encoded_and_lead_to_the_files(tmp_path):
    out = tmp_path / "reports"
    for i, name in enumerate(HOSTILE_NAMES):
        _fake_run(out, name, f"2026-01-0{i + 1}", description=f"<i>{name}</i> report")
    page = index.write_index(out).read_text(encoding="utf-8")
    tree = lxml.html.fromstring(page)
    hrefs = [a.get("href") for a in tree.iter("a")]
    assert len(hrefs) == len(HOSTILE_NAMES) * 3  # latest, report, notebook
    for href in hrefs:
        assert ":" not in href and "#" not in href and "?" not in href and " " not in href
        assert (out / unquote(href)).is_file(), href
    assert "<i>" not in page and "&lt;i&gt;javascript:alert(1)&lt;/i&gt; report" in page
    assert not tree.xpath("//b")


def test_index_marks_failed_and_empty_runs(tmp_path):
    out = tmp_path / "reports"
    _fake_run(out, "weekly", "2026-01-01")
    _fake_run(out, "weekly", "2026-01-02", status="empty")
    _fake_run(out, "weekly", "2026-01-03", status="failed")
    tree = lxml.html.fromstring(index.write_index(out).read_text(encoding="utf-8"))
    rows = tree.xpath("//h2[contains(., 'All runs')]/following-sibling::table[1]//tbody/tr")
    assert [r.xpath("string(td[3])").strip() for r in rows] == ["FAILED", "empty", "ok"]
    assert rows[0].get("class") == "failed-run" and rows[1].get("class") == "empty-run"
    assert "Boom: x" in rows[0].text_content()


def test_a_killed_run_leaves_nothing_behind_on_the_next_run(tmp_path):
    out = tmp_path / "reports"
    dead = out / run.STAGING / "tiny.999999999.abcd1234"  # no such process
    dead.mkdir(parents=True)
    (dead / "tiny.ipynb").write_text("{}")
    mine = out / run.STAGING / f"tiny.{__import__('os').getpid()}.abcd1234"
    mine.mkdir()
    assert run.sweep_staging(out) == [dead]
    assert not dead.exists() and mine.exists()


# --------------------------------------------------------------------------- runs

def test_empty_selection_exits_3_and_says_so(tmp_path, corpus_path, capsys):
    out = tmp_path / "reports"
    args = ["corpus_overview", "--notebooks", str(NOTEBOOKS), "--out", str(out), "--date",
            "2026-01-05", "-p", f"corpus={corpus_path}", "-p", "start=2030-01-01"]
    assert _command(*args) == 3
    assert "EMPTY" in capsys.readouterr().err
    assert _command(*args) == 3  # a second run the same day is kept beside the first
    folders = sorted(p.name for p in (out / "corpus_overview").iterdir() if p.is_dir())
    assert folders[0] == "2026-01-05" and re.fullmatch(r"2026-01-05-\d{6}", folders[1])
    page = (out / "corpus_overview" / "2026-01-05" / "corpus_overview.html").read_text()
    tree = lxml.html.fromstring(page)
    header = tree.find_class("tass-header")[0]
    notice = header.find_class("tass-empty")[0].text_content()
    assert notice.startswith("No articles in the selection")
    assert "What the corpus holds" in header.text_content()  # the notebook's description
    latest = out / "corpus_overview" / index.LATEST
    assert latest.read_text() == (out / "corpus_overview" / folders[1] /
                                  "corpus_overview.html").read_text()
    record = json.loads((out / "corpus_overview" / folders[1] / "corpus_overview.run.json")
                        .read_text())
    assert record["status"] == "empty" and record["provenance"]["articles"] == 0
    assert record["notebook"] is None
    idx = lxml.html.fromstring((out / "index.html").read_text())
    statuses = idx.xpath("//span[@class='empty']/text()")
    assert statuses == ["empty"] * 3  # the latest run of the report, and both runs
    assert "What the corpus holds" in idx.text_content()
    assert not (out / run.STAGING).exists() or not any((out / run.STAGING).iterdir())


def test_small_selection_notice_and_notebook_helper(capsys):
    page = render.render_html(nbformat.v4.new_notebook(), name="demo", params={},
                              notices=render.selection_notices(12))
    notice = lxml.html.fromstring(page).find_class("tass-warning")[0].text_content()
    assert notice.startswith("Only 12 articles in the selection")
    assert render.selection_notices(30) == [] and render.selection_notices(None) == []
    shown = render.show_selection_warning(pl.DataFrame({"a": [1, 2]}).lazy(),
                                          what="the target period")
    assert shown.startswith("Only 2 articles in the target period")
    assert render.show_selection_warning(40) is None


@pytest.mark.slow
def test_small_selection_is_flagged_at_the_top_of_a_real_run(tmp_path, corpus_path):
    parameters.register_report("demo_small", catalog.SELECTION)
    try:
        _notebook(tmp_path / "nb", "demo_small", parameters.parameter_cell("demo_small"),
                  "print('counted', len(sources))")
        result = run.run_report("demo_small", params={"corpus": str(corpus_path),
                                                      "sources": "tass.ru"},
                                out=tmp_path / "out", notebooks=tmp_path / "nb")
    finally:
        parameters._REGISTRY.pop("demo_small")
    n = fixture.fixture_articles().filter(pl.col("source") == "tass.ru").height
    assert 0 < n < render.SMALL_SELECTION and result.ok and result.exit_code == 0
    tree = lxml.html.fromstring(result.html.read_text())
    assert tree.find_class("tass-warning")[0].text_content().startswith(f"Only {n} article")


@pytest.mark.slow
def test_failed_run_keeps_notebook_and_last_good_report(tmp_path, corpus_path, capsys):
    notebooks, out = tmp_path / "notebooks", tmp_path / "reports"
    _tiny(notebooks)
    day = date(2026, 1, 5)
    good = run.run_report("tiny", params={"corpus": str(corpus_path), "message": "first run"},
                          out=out, notebooks=notebooks, today=day)
    assert good.ok and good.html == out / "tiny" / "2026-01-05" / "tiny.html"
    good_html = good.html.read_bytes()
    assert b"first run" in good_html and (good.folder / "tiny.ipynb").is_file()
    assert (out / "tiny" / index.LATEST).read_bytes() == good_html

    code = _command("tiny", "--notebooks", str(notebooks), "--out", str(out), "--date",
                    "2026-01-05", "-p", f"corpus={corpus_path}", "-p", "fail=true")
    assert code == 1
    assert "the corpus is on fire" in capsys.readouterr().err
    failed_folder = next(p for p in (out / "tiny").iterdir() if p.name.startswith("2026-01-05-"))
    nb = nbformat.read(failed_folder / "tiny.ipynb", as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors and errors[0]["ename"] == "RuntimeError"
    assert not (failed_folder / "tiny.html").exists()
    assert good.html.read_bytes() == good_html  # the last good report is untouched
    assert (out / "tiny" / index.LATEST).read_bytes() == good_html
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "FAILED" in page and "RuntimeError: the corpus is on fire" in page
    assert 'href="tiny/2026-01-05/tiny.html"' in page and 'href="tiny/latest.html"' in page
    assert f'href="tiny/{failed_folder.name}/tiny.ipynb"' in page


@pytest.mark.slow
def test_run_all_passes_each_report_its_own_parameters(tmp_path, corpus_path):
    notebooks, out = tmp_path / "notebooks", tmp_path / "reports"
    _tiny(notebooks)
    _notebook(notebooks, "other", 'corpus: str = "data/corpus"  # path to the corpus store',
              "print('other report on', corpus)")
    args = ["--all", "--notebooks", str(notebooks), "--out", str(out), "--date", "2026-01-06",
            "-p", f"corpus={corpus_path}"]
    assert _command(*args, "-p", "colour=red") == 2  # no report takes it: nothing runs
    assert not out.exists()
    assert _command(*args, "-p", "fail=yes") == 1  # tiny fails, other runs fine
    assert (out / "other" / "2026-01-06" / "other.html").is_file()
    assert not (out / "tiny" / "2026-01-06" / "tiny.html").exists()
    assert json.loads((out / "tiny" / "2026-01-06" / "tiny.run.json").read_text())["status"] \
        == "failed"
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count(">FAILED<") == 2  # the report's latest run and the run itself
    assert "other/2026-01-06/other.html" in page


SLEEPER = '''corpus: str = "data/corpus"  # path to the corpus store'''


@pytest.mark.slow
def test_sigkilled_run_leaves_no_running_notebook_after_the_next_run(tmp_path, corpus_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    notebooks, out = tmp_path / "notebooks", tmp_path / "reports"
    _notebook(notebooks, "sleeper", SLEEPER, "import time\ntime.sleep(120)")
    _tiny(notebooks)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tassanalysis.cli", "report", "sleeper", "--notebooks",
         str(notebooks), "--out", str(out), "-p", f"corpus={corpus_path}"],
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while not list(out.rglob("*.ipynb")) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert list(out.rglob("*.ipynb")), "the run never started"
        time.sleep(1.0)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the command and the kernel it started
        proc.wait()
    assert run.run_report("tiny", params={"corpus": str(corpus_path)}, out=out,
                          notebooks=notebooks).ok
    left = [p for p in out.rglob("*") if p.name.startswith(".running")
            or run.STAGING in p.relative_to(out).parts[:1] and p != out / run.STAGING]
    assert left == []
    assert not (out / "sleeper").exists()  # a killed run never reaches the reports


# --------------------------------------------------------------------------- display

def test_table_html_escapes_untrusted_text():
    frame = pl.DataFrame({"<th>": [fixture.HOSTILE_TITLE], "n": [1234], "share": [0.25]})
    out = display.table_html(frame)
    assert "<script>" not in out and "<b>" not in out and "<th>" not in out.replace(
        "<th ", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in out
    assert "1,234" in out and "25%" in out


@pytest.mark.parametrize(("value", "shown"), [
    (722.3, "722.3"), (722.300001, "722.3"), (32.343, "32.3"), (2926.864, "2,927"),
    (8.978, "8.98"), (1_943_254, "1,943,254"), (5.0, "5"), (0.01234, "0.0123"),
    (-12.5, "-12.5"), (1234.5, "1,234")])
def test_numbers_never_print_three_decimals(value, shown):
    out = display.format_number(value)
    assert out == shown
    # three digits after the point read as a thousands group in much of Europe
    assert not re.search(r"\d\.\d{3}$", out) or abs(value) < 1
    cell = display.table_html(pl.DataFrame({"words_mean": [value]}))
    assert f">{shown}</td>" in cell


@pytest.mark.parametrize(("share", "shown"), [
    (0.25, "25%"), (0.0004, "0.04%"), (0.00026, "0.03%"), (0.0, "0%"), (0.999, "99.9%")])
def test_a_nonzero_share_never_prints_as_zero(share, shown):
    assert display.format_share(share) == shown
    page = display.table_html(pl.DataFrame({"method": ["inferred-year"], "share": [share]}))
    assert f">{shown}</td>" in page and (share == 0 or ">0.0%<" not in page)


def test_day_only_dates_print_without_a_time():
    from datetime import datetime

    frame = pl.DataFrame({"title": ["a", "b"],
                          "published_at": [datetime(2017, 2, 7), datetime(2017, 2, 8, 9, 5)],
                          "date_precision": ["day", "minute"]})
    out = display.table_html(frame)
    assert ">2017-02-07</td>" in out and ">2017-02-08 09:05</td>" in out
    assert "00:00" not in out and "date_precision" not in out.split("tass-download")[0]
    midnights = display.table_html(pl.DataFrame({"at": [datetime(2017, 2, 7)] * 2}))
    assert "00:00" not in midnights and ">2017-02-07</td>" in midnights


def test_kwic_table_shows_days_without_time():
    from tassanalysis import datasets, terms

    lines = terms.kwic(datasets.load_sample(), "president", width=5).head(30)
    assert "date_precision" in lines.columns and (lines["date_precision"] == "day").any()
    out = display.table_html(lines, top=30)
    for row in lines.filter(pl.col("date_precision") == "day").iter_rows(named=True):
        assert f">{row['published_at']:%Y-%m-%d}</td>" in out
    assert f"{lines.filter(pl.col('date_precision') == 'day')['published_at'][0]:%Y-%m-%d} 00:00" \
        not in out


def test_a_repeated_constant_is_stated_once_above_the_table():
    frame = pl.DataFrame({"actor_a": ["Putin", "Trump", "Xi"], "count": [5, 4, 3],
                          "units": [3840] * 3})
    out = display.table_html(frame)
    body = out.split("<table", 1)[1]
    assert "units: 3,840 in every row" in out.split("<table", 1)[0]
    assert "3,840" not in body.split("tass-download")[0] and ">units<" not in body
    assert _csv_from_link(out)["units"].to_list() == [3840] * 3  # the download keeps it
    varied = display.table_html(frame.with_columns(units=pl.Series([1, 2, 3])))
    assert "in every row" not in varied


def test_table_html_notes_truncation():
    out = display.table_html(pl.DataFrame({"a": list(range(30))}), top=5)
    assert out.count("<tr>") == 6 and "5 of 30 rows shown" in out


def test_chart_html_cannot_close_its_script():
    spec = {"data": {"values": [{"t": "</script><script>alert(1)</script>\u2028"}]},
            "mark": "point"}
    out = display.chart_html(spec)
    script = out.split("<script", 1)[1]
    assert script.lower().count("</script") == 1  # only the element's own end tag
    embedded = re.search(r"var spec = (.*);\n", out).group(1)
    # a line separator is drawn as a space (Vega's expression parser rejects it)
    assert json.loads(embedded) == {**spec, "data": {"values": [
        {"t": "</script><script>alert(1)</script> "}]}}
    assert '"renderer":"svg"' in out


def test_enable_offline_charts_renders_vega_embed_html():
    import altair as alt

    display.enable_offline_charts(include_bundle=False)
    chart = alt.Chart(pl.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_point().encode(x="x", y="y")
    bundle = chart._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    assert set(bundle) == {"text/html"}
    assert "vegaEmbed" in bundle["text/html"] and "cdn" not in bundle["text/html"].lower()


def test_vega_bundle_inlines_safely():
    code = display.vega_bundle()
    assert "window.vegaEmbed" in code and "</script" not in code.lower()


def _csv_from_link(markup: str) -> pl.DataFrame:
    link = lxml.html.fromstring(markup).xpath("//a[@class='tass-download']")[0]
    assert link.get("download").endswith(".csv")
    text = display.download_text(link)
    assert text.startswith("\ufeff")
    return pl.read_csv(io.StringIO(text[1:]))


def test_table_download_holds_every_row_not_only_those_shown():
    frame = pl.DataFrame({"term": [f"w{i}" for i in range(50)], "count": list(range(50)),
                          "share": [i / 50 for i in range(50)]})
    out = display.table_html(frame, top=5, caption="Top terms")
    assert "5 of 50 rows shown" in out and 'download="top-terms.csv"' in out
    assert _csv_from_link(out).equals(frame)
    assert "tass-download" not in display.table_html(frame, download=False)


def test_download_quotes_formulas_and_flattens_lists():
    frame = pl.DataFrame({"title": ["=HYPERLINK(\"http://x\")", "+1 pay", "Москва", "-2.5"],
                          "tags": [["a", "b"], [], None, ["c"]], "n": [1, -2, 3, 4]})
    got = _csv_from_link(display.csv_download(frame, name="titles"))
    assert got["title"].to_list() == ["'=HYPERLINK(\"http://x\")", "'+1 pay", "Москва", "-2.5"]
    assert got["tags"].to_list() == ["a, b", "", None, "c"]  # empty list, missing
    assert got["n"].to_list() == [1, -2, 3, 4]


def test_chart_download_holds_the_chart_data():
    import altair as alt

    data = pl.DataFrame({"period": ["2017-01", "2017-02"], "articles": [3, 5],
                         "title": ["</script><b>x</b>", "ok"]})
    spec = alt.Chart(data).mark_bar().encode(x="period", y="articles").properties(
        title="Articles per month").to_dict()
    out = display.chart_html(spec)
    assert 'download="articles-per-month.csv"' in out
    assert _csv_from_link(out).equals(data)
    assert out.lower().count("</script") == 1


def test_oversized_data_is_not_embedded(monkeypatch):
    monkeypatch.setattr(display, "CSV_MAX_BYTES", 100)
    out = display.csv_download(pl.DataFrame({"a": ["x" * 50] * 10}))
    assert "too large to embed" in out and "data:" not in out


def test_provenance_shows_a_day_known_only_to_the_day_without_a_time(tmp_path):
    from tassanalysis import datasets, store

    sample = datasets.load_sample()
    corpus = tmp_path / "corpus"
    store.write_corpus(sample, corpus)
    _, checks = parameters.check_parameters(NOTEBOOKS / "corpus_overview.ipynb",
                                            {"corpus": str(corpus)})
    facts = run._provenance(checks)
    first = sample.sort("published_at").row(0, named=True)
    last = sample.sort("published_at", nulls_last=True).drop_nulls("published_at").row(
        -1, named=True)
    # the sample's NewsArticles dates are days (stored as midnight); the scraped TASS
    # export gives a time of day
    assert "newsarticles.parquet" in first["origin"]
    assert facts["first_article"] == f"{first['published_at']:%Y-%m-%d}"
    assert facts["last_article"] == f"{last['published_at']:%Y-%m-%d %H:%M} UTC"
    assert facts["articles"] == sample.height


def test_compare_by_choices_agree_with_the_keyness_api():
    from tassanalysis import datasets, terms

    sample = datasets.load_sample()
    for by in catalog.COMPARE_BY:
        assert terms.comparison(sample, by=by).by == by
    with pytest.raises(ValueError):
        terms.comparison(sample, by="title")


# --------------------------------------------------------------------------- what changed

def _planted_corpus(folder: Path, planted: int) -> Path:
    """The sample corpus, with ``planted`` extra articles about zeppelins in its last week."""
    from datetime import timedelta

    from tassanalysis import datasets, store

    sample = datasets.load_sample()
    last = sample["published_at"].max()
    extra = sample.sort("published_at").tail(planted).with_columns(
        pl.format("planted-{}", pl.int_range(pl.len())).alias("doc_id"),
        (pl.col("body") + " The zeppelin fleet flew again; zeppelin makers said the "
         "zeppelin era returns. A zeppelin, then another zeppelin, and a sixth zeppelin.")
        .alias("body"),
        pl.lit(last - timedelta(days=1)).alias("published_at"))
    frame = pl.concat([sample, extra.select(sample.columns)]) if planted else sample
    store.write_corpus(frame, folder)
    return folder


TERMS_REPORT = '''corpus: str = "data/corpus"  # path to the corpus store
top: int = 30  # terms shown'''


def test_a_second_run_names_a_planted_rising_term_in_what_changed(tmp_path):
    notebooks = tmp_path / "nb"
    _notebook(notebooks, "terms_watch", TERMS_REPORT,
              "import tassanalysis as ta\nfrom tassanalysis.display import show_table\n"
              "articles = ta.select_corpus(corpus)\n"
              "show_table(ta.term_frequency(articles, top=top), caption='Top terms')")
    out = tmp_path / "reports"
    first = run.run_report("terms_watch", notebooks=notebooks, out=out, today=date(2026, 1, 5),
                           params={"corpus": str(_planted_corpus(tmp_path / "c1", 0))})
    assert first.ok, first.error
    assert "What changed" not in first.html.read_text(encoding="utf-8")  # nothing before it
    assert (first.folder / "terms_watch.summary.json").is_file()
    second = run.run_report("terms_watch", notebooks=notebooks, out=out,
                            today=date(2026, 1, 12),
                            params={"corpus": str(_planted_corpus(tmp_path / "c2", 40))})
    assert second.ok, second.error
    page = lxml.html.fromstring(second.html.read_text(encoding="utf-8"))
    section = page.find_class("tass-changes")[0]
    text = section.text_content()
    assert "What changed" in text and "zeppelin rose" in text
    assert "Rose most" in text
    # the section sits above the report's own output, and links to the previous run
    assert page.text_content().index("What changed") < page.text_content().index("Top terms")
    link = section.xpath(".//a")[0].get("href")
    assert (second.folder / link).resolve() == first.html.resolve()
    latest = lxml.html.fromstring((out / "terms_watch" / "latest.html").read_text("utf-8"))
    assert ((out / "terms_watch") / latest.find_class("tass-changes")[0].xpath(".//a")[0]
            .get("href")).resolve() == first.html.resolve()
    # a third run on the same corpus: nothing beyond chance, and it says so
    third = run.run_report("terms_watch", notebooks=notebooks, out=out, today=date(2026, 1, 19),
                           params={"corpus": str(tmp_path / "c2")})
    calm = lxml.html.fromstring(third.html.read_text("utf-8")).find_class("tass-changes")[0]
    assert "zeppelin" not in calm.text_content()
    assert "more than chance would explain" in calm.text_content()


def test_what_changed_makes_no_claim_on_small_counts():
    from tassanalysis.report import changes

    old = {"t": {"key": "term", "unit": "words",
                 "rows": {"rare": [1, 1000], "common": [300, 100_000]}}}
    new = {"t": {"key": "term", "unit": "words",
                 "rows": {"rare": [4, 1000], "common": [305, 100_000]}}}
    assert changes.compare(old, new)[0]["changes"] == []  # 1 → 4 is a fourfold rise of nothing
    new["t"]["rows"]["common"] = [600, 100_000]
    (change,) = changes.compare(old, new)[0]["changes"]
    assert change["key"] == "common" and change["direction"] == "rose" and change["p"] < 0.01
    from scipy.stats import chi2_contingency

    _, p, _, _ = chi2_contingency([[300, 100_000 - 300], [600, 100_000 - 600]],
                                  lambda_="log-likelihood", correction=False)
    assert change["p"] == pytest.approx(p, rel=0.05)


def _kept_run(out: Path, name: str, day: str, status: str) -> Path:
    folder = out / name / day
    folder.mkdir(parents=True)
    (folder / f"{name}.run.json").write_text(json.dumps(
        {"name": name, "status": status, "started": f"{day}T10:00:00+00:00"}), encoding="utf-8")
    return folder


def test_keep_prunes_older_runs_but_never_the_latest_good_one(tmp_path):
    out = tmp_path / "reports"
    days = [f"2026-01-0{d}" for d in range(1, 7)]
    for day, status in zip(days, ["ok", "ok", "ok", "ok", "failed", "failed"], strict=True):
        _kept_run(out, "terms", day, status)
    other = _kept_run(out, "actors", "2026-01-01", "ok")
    removed = run.prune_runs(out, "terms", 3)
    assert sorted(p.name for p in removed) == days[:3]
    assert sorted(p.name for p in (out / "terms").iterdir()) == days[3:]
    run.prune_runs(out, "terms", 1)  # the latest run, and the latest good one
    assert sorted(p.name for p in (out / "terms").iterdir()) == [days[3], days[5]]
    assert other.is_dir()  # another report's runs are not touched
    _kept_run(out, "terms", "2026-01-09", "ok")
    run.prune_runs(out, "terms", 1)
    assert [p.name for p in (out / "terms").iterdir()] == ["2026-01-09"]


def test_keep_on_a_real_run_and_what_changed_survives_pruning(tmp_path):
    notebooks = tmp_path / "nb"
    _notebook(notebooks, "terms_watch", TERMS_REPORT,
              "import tassanalysis as ta\nfrom tassanalysis.display import show_table\n"
              "show_table(ta.term_frequency(ta.select_corpus(corpus), top=top), "
              "caption='Top terms')")
    out, corpus = tmp_path / "reports", str(_planted_corpus(tmp_path / "c", 0))
    for day in (5, 6, 7):
        result = _command("terms_watch", "--notebooks", str(notebooks), "--out", str(out),
                          "-p", f"corpus={corpus}", "--date", f"2026-01-0{day}", "--keep", "1")
        assert result == 0
    assert [p.name for p in (out / "terms_watch").iterdir() if p.is_dir()] == ["2026-01-07"]
    page = (out / "terms_watch" / "2026-01-07" / "terms_watch.html").read_text("utf-8")
    assert "What changed" in page  # compared with the run pruned just after
    section = lxml.html.fromstring(page).find_class("tass-changes")[0]
    assert not section.xpath(".//a") and "removed by --keep 1" in section.text_content()
    index_page = (out / "index.html").read_text("utf-8")
    assert "2026-01-05" not in index_page and "2026-01-07" in index_page


def test_saved_chart_and_report_files_respect_the_umask(tmp_path):
    import os

    import altair as alt

    from tassanalysis.charts import save_html

    old = os.umask(0o022)
    try:
        chart = alt.Chart(pl.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
        page = save_html(chart, tmp_path / "c.html")
        assert page.stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(old)


def test_chart_specs_are_embedded_compactly():
    spec = {"mark": "point", "data": {"values": [{"x": 0.123456789, "y": 12345.678901}]}}
    out = display.chart_html(spec)
    embedded = re.search(r"var spec = (.*);\n", out).group(1)
    assert json.loads(embedded)["data"]["values"] == [{"x": 0.123457, "y": 12345.7}]
    assert ", " not in embedded and '": ' not in embedded
    assert _csv_from_link(out)["x"].to_list() == [0.123457]


def test_a_good_run_writes_nothing_on_stderr(tmp_path, corpus_path):
    import os
    import subprocess
    import sys

    _tiny(tmp_path / "nb")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "tassanalysis.cli", "report", "tiny", "--notebooks",
         str(tmp_path / "nb"), "--out", str(tmp_path / "out"), "-p", f"corpus={corpus_path}"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no kernel log lines ("KeyboardInterrupt caught in kernel")
    assert "tiny: ok" in done.stdout


def test_a_broken_comparison_is_said_on_the_page_and_the_run_stays_good(tmp_path, monkeypatch):
    from tassanalysis.report import changes

    notebooks = tmp_path / "nb"
    _notebook(notebooks, "terms_watch", TERMS_REPORT,
              "import tassanalysis as ta\nfrom tassanalysis.display import show_table\n"
              "show_table(ta.term_frequency(ta.select_corpus(corpus), top=top), "
              "caption='Top terms')")
    corpus = str(_planted_corpus(tmp_path / "c", 0))
    out = tmp_path / "reports"
    assert run.run_report("terms_watch", notebooks=notebooks, out=out, today=date(2026, 1, 5),
                          params={"corpus": corpus}).ok

    def broken(old, new, **_):
        raise KeyError("rows")

    monkeypatch.setattr(changes, "compare", broken)
    second = run.run_report("terms_watch", notebooks=notebooks, out=out,
                            today=date(2026, 1, 6), params={"corpus": corpus})
    assert second.ok
    text = lxml.html.fromstring(second.html.read_text("utf-8")).find_class(
        "tass-changes")[0].text_content()
    assert "could not be compared" in text and "KeyError" in text


def test_a_large_chart_is_embedded_gzipped_and_draws_offline(tmp_path):
    import altair as alt
    from conftest import dump_dom

    from tassanalysis.charts import save_html

    data = pl.DataFrame({"x": list(range(3000)), "y": [i * 0.5 for i in range(3000)],
                         "label": [f"</script> point {i}" for i in range(3000)]})
    chart = alt.Chart(data).mark_point().encode(x="x:Q", y="y:Q", tooltip=["label:N"])
    out = display.chart_html(chart.to_dict())
    assert '"packed' not in out and "var packed = true" in out
    assert display.unpacked_spec(out) == display._rounded(json.loads(
        json.dumps(chart.to_dict(), default=str)))
    assert out.lower().count("</script") == 1
    raw = len(json.dumps(chart.to_dict(), separators=(",", ":")))
    assert len(re.search(r"var spec = (.*);\n", out).group(1)) < raw / 3
    page = save_html(chart, tmp_path / "big.html")
    dom = lxml.html.fromstring(dump_dom(page, tmp_path))
    assert dom.find_class("vega-embed") and not dom.find_class("tass-chart-error")
    assert len(dom.xpath("//*[local-name()='path' and contains(@class, 'mark-symbol')]")) \
        or dom.xpath("//*[local-name()='g' and contains(@class, 'mark-symbol')]")
