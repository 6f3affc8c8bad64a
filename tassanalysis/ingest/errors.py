"""Errors raised by the ingest parsers."""

from __future__ import annotations

__all__ = ["PageError"]


class PageError(ValueError):
    """An input that cannot become an article.

    Parameters
    ----------
    reason
        Short machine-readable reason, e.g. ``"no-body"``, ``"no-date"``,
        ``"undecodable"``; it becomes the ``reason`` column of the rejects table.
    message
        A sentence for people.

    Examples
    --------
    >>> err = PageError("no-body", "the page has a date but no article text")
    >>> err.reason
    'no-body'
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message
