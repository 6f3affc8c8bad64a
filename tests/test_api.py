"""The public API: everything a notebook uses is importable from ``tassanalysis``,
with a docstring that shows an example."""

from __future__ import annotations

import doctest
import importlib
import inspect
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
