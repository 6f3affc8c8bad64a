"""The public API: everything a notebook uses is importable from ``tassanalysis``,
with a docstring that shows an example."""

from __future__ import annotations

import doctest
import importlib
import inspect
import os
import pkgutil

import pytest

import tassanalysis as ta

MODULES = sorted(m.name for m in pkgutil.walk_packages(ta.__path__, "tassanalysis."))


def test_every_public_name_resolves():
    missing = [name for name in ta.__all__ if not hasattr(ta, name)]
    assert not missing


def test_ingest_is_callable_and_keeps_its_submodules(tmp_path):
    import tassanalysis.ingest.tabular as tabular

    assert callable(ta.ingest) and callable(tabular.read_table)
    result = ta.ingest(["seeds/"], None, progress=False)
    assert result.articles.height == 1


@pytest.mark.parametrize("name", [n for n in ta.__all__ if callable(getattr(ta, n, None))
                                  and not isinstance(getattr(ta, n), type)])
def test_public_functions_have_numpydoc_with_an_example(name):
    obj = getattr(ta, name)
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{name} has no docstring"
    assert "Examples" in doc or ">>>" in doc, f"{name}: docstring shows no example"


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples_run(module, monkeypatch):
    monkeypatch.chdir(ta.__path__[0] + "/..")
    mod = importlib.import_module(module)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(mod, module):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} doctest examples failed in {module}"


# --------------------------------------------------------------------------- findability

def _notebook_names() -> set[str]:
    import json
    import re
    from pathlib import Path

    names = set()
    for path in Path(ta.__path__[0]).parent.joinpath("notebooks").glob("*.ipynb"):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "code":
                names |= set(re.findall(r"\bta\.([A-Za-z_]\w*)", "".join(cell["source"])))
    return names


def test_every_helper_the_notebooks_call_is_in_all():
    used = _notebook_names()
    assert len(used) > 20
    assert used - {"vocab"} <= set(ta.__all__), sorted(used - set(ta.__all__))


def test_all_is_grouped_by_stage():
    grouped = [name for stage in ta.STAGES.values() for names in stage.values() for name in names]
    assert len(grouped) == len(set(grouped))
    assert set(grouped) <= set(ta.__all__)


def test_importing_the_package_loads_no_altair():
    import subprocess
    import sys

    code = ("import sys, tassanalysis as ta; ta.select_corpus(ta.load_sample(), sources='tass.com');"
            "ta.term_frequency(ta.load_sample(), top=3);"
            "print(sorted(m for m in ('altair', 'dask', 'distributed') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ta.__path__[0] + "/..")
    assert out.stdout.strip() == "[]"


def test_distributed_is_a_lazy_subpackage_that_loads_no_dask_until_a_cluster_is_used():
    import subprocess
    import sys

    code = ("import sys, tassanalysis as ta; loaded = 'tassanalysis.distributed' in sys.modules;"
            "td = ta.distributed; print(loaded, td.client_for('') is None,"
            " sorted(m for m in ('dask', 'distributed') if m in sys.modules))")
    env = {k: v for k, v in os.environ.items() if k != "TASS_SCHEDULER"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ta.__path__[0] + "/..", env=env)
    assert out.stdout.strip() == "False True []"


#: The analysis side of the package (ingest and store document their own examples).
ANALYSIS = ("tassanalysis", "tassanalysis.vocab", "tassanalysis.selection", "tassanalysis.text",
            "tassanalysis.stats", "tassanalysis.focus", "tassanalysis.terms", "tassanalysis.charts",
            "tassanalysis.prose", "tassanalysis.datasets", "tassanalysis.display")


def _analysis(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in ANALYSIS[1:]) \
        or module == ANALYSIS[0]


def test_no_docstring_example_is_skipped_for_want_of_data():
    import re

    skipped = []
    for module in filter(_analysis, MODULES + ["tassanalysis"]):
        mod = importlib.import_module(module)
        for test in doctest.DocTestFinder(exclude_empty=True).find(mod, module):
            for example in test.examples:
                code = re.sub(r"\"[^\"]*\"|'[^']*'", "", example.source)  # names, not paths
                if example.options.get(doctest.SKIP) and re.search(r"\bcorpus\b", code):
                    skipped.append(f"{test.name}: {example.source.strip()}")
    assert not skipped, skipped


@pytest.mark.parametrize("call", [
    lambda: ta.kwic(ta.load_sample(), "putin", window=3),
    lambda: ta.kwic(ta.load_sample(), "putin", limit=3),
    lambda: ta.kwic(ta.load_sample(), "putin", case=False),
    lambda: ta.collocations(ta.load_sample(), window=3),
    lambda: ta.latest_articles(ta.load_sample(), n=3),
    lambda: ta.kwic_table_html(ta.kwic(ta.load_sample(), "putin"), limit=3),
    lambda: ta.table_html(ta.load_sample(), max_rows=3),
    lambda: __import__("tassanalysis.overview", fromlist=["x"]).select_corpus,
])
def test_renamed_options_still_work_with_a_warning(call):
    with pytest.warns(DeprecationWarning):
        call()


def test_api_and_report_defaults_agree():
    from tassanalysis import vocab

    assert inspect.signature(ta.term_frequency).parameters["stopwords"].default == \
        vocab.DEFAULT_STOPWORDS == vocab.stopword_option("en+ru")
    for func in (ta.keyness, ta.each_vs_rest, ta.collocations, ta.tf_idf, ta.compare_terms):
        assert inspect.signature(func).parameters["min_count"].default == vocab.MIN_COUNT


def test_public_functions_document_parameters_and_returns():
    missing = []
    for name in ta.__all__:
        obj = getattr(ta, name)
        if not callable(obj) or isinstance(obj, type) or inspect.ismodule(obj) \
                or not _analysis(obj.__module__):
            continue
        doc = inspect.getdoc(obj) or ""
        params = [p for p in inspect.signature(obj).parameters if p not in ("self",)]
        if params and "Parameters\n" not in doc:
            missing.append(f"{name}: Parameters")
        if "Returns\n" not in doc and "Yields\n" not in doc:
            missing.append(f"{name}: Returns")
    assert not missing, missing
