"""Shared test set-up: no NLTK data, paths to the seed and the shared corpora."""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# Nothing may depend on downloaded NLTK data: point NLTK at an empty folder.
_EMPTY_NLTK = tempfile.mkdtemp(prefix="nltk-empty-")
os.environ["NLTK_DATA"] = _EMPTY_NLTK
try:
    import nltk

    nltk.data.path[:] = [_EMPTY_NLTK]
except ImportError:  # pragma: no cover
    pass


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The tass.com page dump the project started from."""
    return ROOT / "seeds" / "000_552685f68ac672a1.txt"


#: Excerpts of the real corpora shipped with the tests (tests/fixtures/corpora/build.py).
EXCERPTS = ROOT / "tests" / "fixtures" / "corpora"


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    """``../shared/corpora`` beside the checkout; skips the test where it is absent."""
    path = SHARED / "corpora"
    if not path.is_dir():
        pytest.skip(f"real corpora not found at {path} (../shared is absent)")
    return path


def pytest_generate_tests(metafunc):
    """Run every test that takes ``corpora`` on the shipped excerpts, and again on the
    full sets of ``../shared/corpora`` where they are present (marked ``slow``).

    A fresh clone without ``../shared`` runs the excerpt version and skips nothing.
    """
    if "corpora" in metafunc.fixturenames:
        params = [pytest.param(EXCERPTS, id="excerpt")]
        if (SHARED / "corpora").is_dir():
            params.append(pytest.param(SHARED / "corpora", id="full", marks=pytest.mark.slow))
        metafunc.parametrize("corpora", params, scope="session")


def is_full(corpora: Path) -> bool:
    """Whether a ``corpora`` fixture value is the full set (not the shipped excerpt)."""
    return corpora != EXCERPTS


def _load_fixture_builder():
    spec = importlib.util.spec_from_file_location("fixture_corpus",
                                                  ROOT / "tests" / "fixtures" / "corpus" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: The builder of the small report fixture corpus (tests/fixtures/corpus/build.py).
fixture_corpus = _load_fixture_builder()


@pytest.fixture(scope="session")
def corpus_path(tmp_path_factory) -> Path:
    """A small corpus store (49 articles, rejects, a run summary) for report tests."""
    return fixture_corpus.build_fixture_corpus(tmp_path_factory.mktemp("store") / "corpus")


CHROMIUM = Path("/usr/bin/chromium")


def dump_dom(page: Path, tmp_path: Path, *, budget_ms: int = 10_000) -> str:
    """The DOM of ``page`` after headless Chromium drew it with every host unreachable."""
    import subprocess

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium to run the browser checks")
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND",
           f"--user-data-dir={tmp_path / 'chromium'}", f"--virtual-time-budget={budget_ms}",
           "--dump-dom", Path(page).resolve().as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout
