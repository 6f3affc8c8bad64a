"""When does a document carry a topic: the relevance rule.

A topic dictionary says which words belong to a theme; the **rule** says how much of
them makes a document *about* the theme. Two rules ship:

* ``"relevant"`` (the default): a weighted score of the topic's hits, where a hit in
  the title counts 3, in the lead 2 and in the body 1, must reach
  ``max(2, words / 150)``, ``words`` being the document's length in tokens. A title
  hit, a lead hit, or two body hits suffice in a short news item;
  a long article needs proportionally more, so one passing mention in a long text
  never counts. And where the document has a body, the body must carry the theme:
  at least one hit in the body beyond those of a lead that the body repeats (TASS
  leads are often a body sentence restated). A theme named only in a title or a
  lead ("talks on a variety of areas, including economy") is a mention.
* ``"any"``: a document carries a topic when it uses at least one of its terms
  anywhere (the old "mention" count).

A topic's ``not:`` phrases (see :func:`~tassanalysis.topics.dictionary.load_topics`'s
file format) are contexts in which its terms are no hits, under either rule: "oil" is
Energy, an "oil spill" is not.

A **relation topic** (a dictionary entry with ``requires:``) counts only the
sentences in which every group of ``requires`` has a term (for example a US side and
a Russian side, "Washington" and "Moscow" in one sentence), plus hits of its own
``terms`` (e.g. "US-Russian"). The same rule then applies to these hits. Sentences
are cut at ``.``, ``!`` or ``?`` after a word of at least two lower-case letters or
digits and before a capital (so "U.S. President" and "Mr. Smith" stay whole), and
at line breaks.

Every topic frame carries the rule's :meth:`TopicRule.describe` in a ``rule``
column, and charts print it.

Examples
--------
>>> topic_rule().describe()
"relevant: weighted hits (title ×3, lead ×2, body ×1) ≥ max(2, words / 150); ≥ 1 body hit beyond the lead's"
>>> topic_rule("any").describe()
'any mention: at least one term anywhere in the text'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

__all__ = ["DEFAULT_RULE", "TopicRule", "sentence_split", "topic_rule"]

_SENTENCE_END = r"([a-zа-яё0-9]{2}[.!?][\"»”)]?)[ \t]+([A-ZА-ЯЁ«\"“])"


@dataclass(frozen=True)
class TopicRule:
    """How much of a topic makes a document carry it.

    Parameters
    ----------
    match : {"relevant", "any"}
        ``"relevant"``: weighted hits must reach the threshold; ``"any"``: one term
        anywhere.
    weights : tuple of (field, weight)
        Weight of a hit in each text field; fields not listed weigh 1.
    min_score : float, default 2
        Lowest threshold of the weighted score.
    words_per_point : float or None, default 150
        The threshold grows by one point per this many words of the document
        (None: fixed at ``min_score``).
    body_hit : bool, default True
        Where the document has a body, at least one of the topic's hits must be in
        it, beyond the hits of a lead that the body repeats (the lead's last five
        words occur in the body): a theme named only in a title or a lead, or only
        in the lead sentence the body restates, is a mention.
    body_field, lead_field : str
        The columns read as the body and the lead.
    """

    match: str = "relevant"
    weights: tuple[tuple[str, float], ...] = (("title", 3.0), ("lead", 2.0), ("body", 1.0))
    min_score: float = 2.0
    words_per_point: float | None = 150.0
    body_hit: bool = True
    body_field: str = "body"
    lead_field: str = "lead"

    def __post_init__(self) -> None:
        if self.match not in ("relevant", "any"):
            raise ValueError(f"match must be 'relevant' or 'any', not {self.match!r}")
        if self.min_score <= 0:
            raise ValueError("min_score must be positive")
        if self.words_per_point is not None and self.words_per_point <= 0:
            raise ValueError("words_per_point must be positive or None")

    def weight(self, field: str) -> float:
        """Weight of a hit in ``field``."""
        return dict(self.weights).get(field, 1.0)

    def threshold(self, words: pl.Expr) -> pl.Expr:
        """The score a document of ``words`` tokens must reach."""
        if self.match == "any":
            return pl.lit(0.0)
        if self.words_per_point is None:
            return pl.lit(float(self.min_score))
        return pl.max_horizontal(pl.lit(float(self.min_score)),
                                 words.cast(pl.Float64) / self.words_per_point)

    def describe(self) -> str:
        """One line naming the rule, for frames, tables and charts."""
        if self.match == "any":
            return "any mention: at least one term anywhere in the text"
        w = ", ".join(f"{f} ×{v:g}" for f, v in self.weights)
        grow = (f"max({self.min_score:g}, words / {self.words_per_point:g})"
                if self.words_per_point else f"{self.min_score:g}")
        body = f"; ≥ 1 {self.body_field} hit beyond the {self.lead_field}'s" if self.body_hit else ""
        return f"relevant: weighted hits ({w}) ≥ {grow}{body}"


#: The default rule.
DEFAULT_RULE = TopicRule()


def topic_rule(match: str | TopicRule | Mapping[str, Any] | None = None) -> TopicRule:
    """A :class:`TopicRule` from ``"relevant"``, ``"any"``, a dict of its fields, or a rule.

    Examples
    --------
    >>> topic_rule({"min_score": 2}).min_score
    2
    """
    if match is None:
        return DEFAULT_RULE
    if isinstance(match, TopicRule):
        return match
    if isinstance(match, str):
        return TopicRule(match=match)
    if isinstance(match, Mapping):
        fields = dict(match)
        if "weights" in fields and isinstance(fields["weights"], Mapping):
            fields["weights"] = tuple((str(k), float(v)) for k, v in fields["weights"].items())
        return TopicRule(**fields)
    raise TypeError(f"match must be 'relevant', 'any', a dict or a TopicRule, not {match!r}")


def sentence_split(expr: pl.Expr) -> pl.Expr:
    """Text → list of sentences (see the module's note on where sentences are cut).

    Examples
    --------
    >>> import polars as pl
    >>> pl.select(sentence_split(pl.lit("U.S. President met Mr. Smith. He left.")))\\
    ...     .item().to_list()
    ['U.S. President met Mr. Smith.', 'He left.']
    """
    return (expr.str.replace_all(_SENTENCE_END, "$1\n$2").str.split("\n")
            .list.eval(pl.element().str.strip_chars()).list.filter(pl.element() != ""))


def field_weights(rule: TopicRule, columns: Sequence[str]) -> dict[str, float]:
    """Weights of the columns read."""
    return {c: rule.weight(c) for c in columns}
