"""``tass report --out``: a new, empty or tool-made reports folder; nothing the tool did
not create is overwritten or removed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tassanalysis import datasets, store
from tassanalysis.cli import main
from tassanalysis.report.parameters import ParameterError
from tassanalysis.report.run import REPORTS_MARKER, run_report

#: A selection without articles: the run writes its page and index, and starts no kernel.
EMPTY = {"start": "2030-01-01"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("corpus") / "corpus"
    store.write_corpus(datasets.load_sample().head(50), path)
    return str(path)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_users_folder_is_refused_and_left_as_it_was(tmp_path, corpus, capsys):
    user = tmp_path / "mine"
    (user / ".staging" / "my-drafts").mkdir(parents=True)
    (user / ".staging" / "my-drafts" / "draft.md").write_text("my draft")
    (user / "index.html").write_text("<p>my own page</p>")
    before = _files(user)
    with pytest.raises(ParameterError, match="not empty and not a reports folder"):
        run_report("corpus_overview", out=user, params={"corpus": corpus, **EMPTY})
    assert main(["report", "corpus_overview", "--out", str(user), "-p", f"corpus={corpus}",
                 "-p", "start=2030-01-01"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "nothing in it was changed" in err
    assert _files(user) == before


def test_a_file_as_out_is_refused(tmp_path, corpus):
    (tmp_path / "x").write_text("")
    with pytest.raises(ParameterError, match="is a file"):
        run_report("corpus_overview", out=tmp_path / "x", params={"corpus": corpus, **EMPTY})


@pytest.mark.parametrize("start", ["new", "empty", "readme only"])
def test_new_empty_and_project_reports_folders_become_reports_folders(tmp_path, corpus, start):
    out = tmp_path / "reports"
    if start != "new":
        out.mkdir()
    if start == "readme only":
        (out / "README.md").write_text("# reports/\n")
    result = run_report("corpus_overview", out=out, params={"corpus": corpus, **EMPTY},
                        today=date(2026, 1, 5))
    assert result.status == "empty" and (out / REPORTS_MARKER).is_file()
    assert (out / "index.html").is_file()
    if start == "readme only":
        assert (out / "README.md").read_text() == "# reports/\n"
    # a second run into the folder it made is fine
    assert run_report("corpus_overview", out=out, params={"corpus": corpus, **EMPTY}).status \
        == "empty"


def test_what_the_tool_did_not_make_inside_its_folder_is_kept(tmp_path, corpus):
    out = tmp_path / "reports"
    run_report("corpus_overview", out=out, params={"corpus": corpus, **EMPTY})
    drafts = out / ".staging" / "my-drafts"
    drafts.mkdir(parents=True)
    (drafts / "draft.md").write_text("my draft")
    run_report("corpus_overview", out=out, params={"corpus": corpus, **EMPTY})
    assert (drafts / "draft.md").read_text() == "my draft"


def test_a_reports_folder_from_before_the_marker_is_still_one(tmp_path, corpus):
    out = tmp_path / "reports"
    run_report("corpus_overview", out=out, params={"corpus": corpus, **EMPTY})
    (out / REPORTS_MARKER).unlink()
    assert run_report("corpus_overview", out=out,
                      params={"corpus": corpus, **EMPTY}).status == "empty"
