"""Shared test set-up: no NLTK data, paths to the seed and the shared corpora."""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    """``../shared/corpora`` beside the checkout; skips the test where it is absent."""
    path = SHARED / "corpora"
    if not path.is_dir():
        pytest.skip(f"real corpora not found at {path} (../shared is absent)")
    return path
