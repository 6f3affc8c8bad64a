"""Discovering actors the gazetteer does not list yet: the curation loop.

:func:`discover_actors` looks for person-like and organization-like names, i.e. runs
of two to five capitalised words, where the text gives a cue that a name stands
there:

* after a title or function word: ``President``, ``Minister``, ``spokesman``,
  ``Ambassador``, ``Mr``, ``General``, ``leader``, ``head``, ``CEO``, …
  (``президент``, ``министр``, ``глава``, ``посол``, ``депутат``, … in Russian);
* before a speech verb: ``said``, ``told``, ``added``, ``noted``, ``stressed``,
  ``wrote`` (``заявил``, ``сообщил``, ``отметил``, ``подчеркнул``, …);
* after ``according to`` (``по словам``, ``по данным``), or before ``, who``.

A name that the gazetteer matches from its first to its last character is known and
left out (a known surname with another first name, "Ivanka Trump", is new), and so is a
name that is any form of a known actor's name ("Дмитрия Пескова"). Titles in front of
a name are cut off ("Secretary-General Antonio Guterres", "Пресс-секретарь Кремля
Дмитрий Песков"), a run of titles alone is no name ("Attorney General"), and a word is
never cut inside ("Mitch McConnell", not "Mitch Mc"). Each name gets a type guess
(``organization`` when its last word is an organization word such as Ministry,
Council, Party, Bank, Agency, International, City; ``place`` when it starts like a place
name (New, San, Saint, …), ends in a region word (Region, Oblast, Island, …) or holds
one of the gazetteer's country or place names; else ``person``), its count of
cued occurrences, the documents, first and last date, up to three example contexts,
and a ready-to-paste gazetteer line.

For Russian, ``ner="natasha"`` uses the named-entity tagger of ``natasha`` (its
models ship inside the PyPI package; install the ``ru-ner`` extra) instead of the
cues.

Examples
--------
>>> import polars as pl
>>> from tassanalysis.actors.discover import discover_actors
>>> corpus = pl.DataFrame({"doc_id": ["1", "2"], "source": ["tass.com"] * 2,
...     "published_at": pl.Series([None, None], dtype=pl.Datetime("us", "UTC")),
...     "title": ["Talks", "More talks"],
...     "body": ["Azerbaijani blogger Alexander Lapshin said he was extradited. "
...              "Sergey Lavrov said nothing.",
...              "According to Alexander Lapshin, the flight landed."]})
>>> found = discover_actors(corpus, min_count=2)
>>> found.select("name", "type", "count", "docs").rows()
[('Alexander Lapshin', 'person', 2, 2)]
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from tassanalysis.actors.gazetteer import gazetteer_of
from tassanalysis.actors.match import find_patterns, matcher_for
from tassanalysis.text import TEXT_FIELDS, analysis_text

__all__ = ["ORGANIZATION_WORDS", "discover_actors"]

_EN_TITLES = (
    "President|Vice President|Prime Minister|Minister|Foreign Minister|Deputy Minister|"
    "Secretary|Secretary of State|Senator|Congressman|Congresswoman|Representative|Governor|"
    "Mayor|Ambassador|Envoy|envoy|spokesman|spokeswoman|spokesperson|Spokesman|Spokeswoman|"
    "Mr|Mrs|Ms|Dr|Mr\\.|Mrs\\.|Ms\\.|Dr\\.|General|Gen\\.|Colonel|Col\\.|Admiral|Lieutenant|"
    "Major|Captain|Commander|commander|Chairman|chairman|Chairwoman|Director|director|Chief|"
    "chief|head|Head|leader|Leader|CEO|founder|King|Queen|Prince|Princess|Sheikh|Emir|Pope|"
    "Patriarch|Judge|judge|lawyer|attorney|Attorney General|Prosecutor|prosecutor|adviser|"
    "advisor|aide|deputy|Deputy|Speaker|speaker|MP|lawmaker|senator|governor|mayor|"
    "journalist|blogger|analyst|expert|professor|Professor|coach|player|striker|actor|"
    "singer|writer|activist|opposition leader|businessman|billionaire|tycoon|oligarch|"
    "Ombudsman|ombudsman|Commissioner|commissioner|Chancellor|Foreign Secretary|Premier|"
    "President-elect|candidate|rival|official"
)
_RU_TITLES = (
    "президент|премьер-министр|министр|глава|замминистра|заместитель|посол|спикер|"
    "председатель|губернатор|мэр|депутат|сенатор|генерал|полковник|адмирал|директор|"
    "руководитель|лидер|основатель|генсек|советник|помощник|представитель|пресс-секретарь|"
    "журналист|блогер|эксперт|политолог|профессор|тренер|судья|адвокат|прокурор|"
    "уполномоченный|канцлер|король|принц|патриарх|главы|президента|министра|посла|"
    "депутата|председателя|губернатора|мэра"
)
_EN_VERBS = "said|says|told|added|noted|stressed|wrote|announced|explained|warned|claimed|" \
            "emphasized|emphasised|insisted|declared|recalled|urged|tweeted"
_RU_VERBS = "заявил|заявила|сообщил|сообщила|отметил|отметила|подчеркнул|подчеркнула|" \
            "сказал|сказала|добавил|добавила|написал|написала|пояснил|пояснила|указал|указала"

_EN_APPOSITIVES = (
    "deputy|head|chairman|chairwoman|president|leader|chief|spokesman|spokeswoman|minister|"
    "director|commander|ambassador|political|secretary|member|founder|CEO|governor|mayor|"
    "senator|adviser|advisor|envoy|representative|editor|professor|expert|analyst")
_EN_PARTICLE = r"(?:(?:al|el|bin|ibn|de|da|van|von|der|du|la|le|di|dos)[- ])"
# a word never ends inside a word: "McConnell", "DeSantis", "MacArthur" are one word,
# and a match may not stop before a letter ("Mitch Mc|Connell")
_EN_WORD = r"(?:[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:[-'’][A-Z]?[a-z]+(?:[A-Z][a-z]+)*)*\b|[A-Z]\.)"
_EN_NAME = rf"{_EN_WORD}(?:[ \u00a0]+{_EN_PARTICLE}?{_EN_WORD}){{1,5}}"
_RU_WORD = r"(?:[А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)*\b)"
_RU_NAME = rf"{_RU_WORD}(?:[ \u00a0]+{_RU_WORD}){{1,3}}"

#: A name whose last word is one of these is typed ``organization``.
ORGANIZATION_WORDS = frozenset(
    "Ministry Agency Council Committee Commission Party Bank Company Corporation Corp Group "
    "Union Organization Organisation Service Court Fund Front Army Forces Institute "
    "University Foundation Association Federation Office Department Assembly Parliament "
    "Center Centre Network Movement Brigade Battalion Regiment Guard Police Academy Branch "
    "Industries Holding Airlines Airways Railways Bureau Authority Board Club Church "
    "International City United FC Times Post News Media Television Radio "
    "Министерство Агентство Совет Комитет Комиссия Партия Банк Компания Корпорация Группа "
    "Союз Организация Служба Суд Фонд Фронт Армия Институт Университет Ассоциация Федерация "
    "Движение".split())

def _cue_patterns(language: str) -> list[tuple[str, str]]:
    """(regular expression with a ``name`` group, cue label) pairs."""
    if language == "ru":
        return [
            (rf"(?:^|[^\p{{L}}])(?:{_RU_TITLES})\s+(?P<name>{_RU_NAME})", "title"),
            (rf"(?P<name>{_RU_NAME})\s+(?:{_RU_VERBS})\b", "speech"),
            (rf"(?:[Пп]о словам|[Пп]о данным|[Пп]о мнению)\s+(?P<name>{_RU_NAME})", "according"),
        ]
    return [
        (rf"\b(?:{_EN_TITLES})\s+(?P<name>{_EN_NAME})", "title"),
        (rf"(?P<name>{_EN_NAME}),?\s+(?:{_EN_VERBS})\b", "speech"),
        (rf"(?P<name>{_EN_NAME}),\s+who\b", "who"),
        (rf"(?P<name>{_EN_NAME}),\s+(?:the\s+|a\s+)?(?:{_EN_APPOSITIVES})\b", "appositive"),
        (rf"\bcounterpart,?\s+(?P<name>{_EN_NAME})", "title"),
        (rf"(?P<name>{_EN_NAME})\s+(?:has been|was|had been)\s+(?:appointed|elected|named)\b",
         "appointed"),
        (rf"\b[Aa]ccording to\s+(?:the\s+)?(?P<name>{_EN_NAME})", "according"),
    ]


_STOP_FIRST = frozenset(
    "The A An In On At For From With By As But And Or If When While After Before Since Under "
    "Over This That These Those It Its He She They We His Her Their Our Meanwhile However "
    "Earlier Later Also According Speaking Last Next On Monday Tuesday Wednesday Thursday "
    "Friday Saturday Sunday January February March April May June July August September "
    "October November December Russian American British French German Chinese Ukrainian "
    "Syrian Turkish Iranian Israeli European Western Foreign Deputy Prime First Vice Former "
    "Acting Chief Head Senior State Federal National International Deputy Minister "
    "President Secretary General Mr Mrs Ms Dr".split())


#: First words of place names, and last words of regions: a name built so is a place.
PLACE_FIRST = frozenset("New Los Las San Santa Saint St. Sao Port Fort Lake Mount Rio "
                        "Buenos Hong Abu Kuala Tel Sri El".split())
PLACE_LAST = frozenset("Region Oblast Province Island Islands Republic Territory Krai County "
                       "State Peninsula Strait Sea Ocean Valley Coast District Bay Gulf "
                       "область край район".split())

_CUT_WORDS = frozenset(
    "Secretary-General Under-Secretary-General Attorney Attorney-General Press Secretary "
    "President Vice Prime Minister Minister's Director Chairman Chairwoman Chairperson "
    "Secretary Senator Governor Mayor Ambassador Envoy Spokesman Spokeswoman Chief Head "
    "Deputy Representative Commander General Colonel Colonel-General Lieutenant-General "
    "Major-General Admiral Lieutenant Captain Mr Mrs Ms Dr Professor Leader Premier "
    "Chancellor Speaker King Queen Prince Sheikh Emir Pope Patriarch Permanent First "
    "Acting Special Foreign Defense Defence Energy Economy Finance Interior Justice Health "
    "of the for at in and to on with from by".split())


_RU_CUT = frozenset(w.capitalize() for w in _RU_TITLES.split("|")) | frozenset(
    "Пресс-секретарь Официальный Постпред Постоянный Генеральный Генсек Глава Министр "
    "Президент Премьер-министр Вице-премьер Спикер Посол Замглавы".split())


def _cyrillic(word: str) -> bool:
    return any("А" <= ch <= "я" or ch in "Ёё" for ch in word)


def _name_word(word: str) -> bool:
    """Whether pymorphy3's dictionary reads a Russian word as a given name, surname or
    patronymic."""
    from tassanalysis.actors.gazetteer import _morph

    return any({"Name", "Surn", "Patr"} & p.tag.grammemes
               and p.methods_stack[0][0].__class__.__name__ == "DictionaryAnalyzer"
               for p in _morph().parse(word))


def _clean_names(names: list[str], known: set[str]) -> dict[str, str | None]:
    """Cut titles, places and organizations off the front of a candidate name.

    The name is what follows the last title, connector, organization word or known
    gazetteer name in the run ("Department Director of the Agriculture Ministry Vladimir
    Volik" → "Vladimir Volik"); a run that ends in an organization word is an
    organization and keeps its words after leading noise. ``None`` when nothing
    name-like (two words or more) is left.
    """
    out: dict[str, str | None] = {}
    for name in names:
        words = name.split()
        if words and words[-1] in ORGANIZATION_WORDS:
            while words and (words[0] in _STOP_FIRST or words[0] in known):
                words = words[1:]
        else:
            cut = 0
            for i in range(len(words) - 1):  # a known multi-word name at the front
                if " ".join(words[:i + 1]) in known:
                    cut = i + 1
            for i, word in enumerate(words[:-1]):
                if (word in _CUT_WORDS or word in ORGANIZATION_WORDS or word in known
                        or word in _STOP_FIRST or word in _RU_CUT
                        or word.endswith(("'s", "’s"))):
                    cut = i + 1
            words = words[cut:]
            # Russian: a leading word that is no given name, surname or patronymic is
            # the end of a title ("Росавиации Дмитрий Ядров")
            while len(words) > 2 and _cyrillic(words[0]) and not _name_word(words[0]):
                words = words[1:]
        out[name] = " ".join(words) if len(words) >= 2 else None
    return out


def discover_actors(corpus, gazetteer=None, *, min_count: int = 3, top: int | None = 100,
                    text: str | Iterable[str] = TEXT_FIELDS, ner: str | None = None,
                    examples: int = 3) -> pl.DataFrame:
    """Frequent person- and organization-like names the gazetteer does not cover.

    Parameters
    ----------
    corpus : polars.DataFrame or polars.LazyFrame
        Canonical articles (``language`` decides English or Russian cues; English
        when absent).
    gazetteer
        As in :func:`~tassanalysis.actors.match.actor_mentions`.
    min_count : int
        Names with fewer cued occurrences are left out.
    top : int or None
        The most frequent names kept.
    ner : {None, "natasha"}
        For Russian articles, use natasha's NER (``pip install tassanalysis[ru-ner]``).
    examples : int
        Example contexts kept per name.

    Returns
    -------
    polars.DataFrame
        ``name, type, count, docs, first_seen, last_seen, cues, examples,
        gazetteer_line``; most frequent first.

    Examples
    --------
    >>> import polars as pl
    >>> corpus = pl.DataFrame({"doc_id": ["1"], "title": ["Grain"],
    ...     "body": ["Department Director of the Agriculture Ministry Vladimir Volik told reporters."]})
    >>> discover_actors(corpus, min_count=1)["gazetteer_line"].item()
    '- {id: vladimir-volik, name: Vladimir Volik, type: person, en: [Vladimir Volik], from: , source: corpus}'
    """
    gaz = gazetteer_of(gazetteer)
    frame = corpus.collect() if isinstance(corpus, pl.LazyFrame) else corpus
    if "language" not in frame.columns:
        frame = frame.with_columns(pl.lit("en").alias("language"))
    if "published_at" not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.Datetime("us", "UTC")).alias("published_at"))
    texts = frame.select("doc_id", "published_at", "language",
                         analysis_text(text, columns=frame.columns).alias("_text"))
    found = []
    for language in ("en", "ru"):
        part = texts.filter(pl.col("language") == language) if language == "ru" else \
            texts.filter(pl.col("language") != "ru")
        if not part.height:
            continue
        if language == "ru" and ner == "natasha":
            found.append(_natasha_names(part))
            continue
        for regex, cue in _cue_patterns(language):
            hits = part.select(
                "doc_id", "published_at",
                pl.col("_text").str.extract_all(regex).alias("_hit"),
                pl.col("_text")).explode("_hit").drop_nulls("_hit")
            hits = hits.with_columns(
                pl.col("_hit").str.extract(regex, group_index=1).alias("name"),
                pl.lit(cue).alias("cue"))
            found.append(hits.select("doc_id", "published_at", "name", "cue", "_hit", "_text"))
    schema = {"name": pl.String, "type": pl.String, "count": pl.UInt32, "docs": pl.UInt32,
              "first_seen": pl.Datetime("us", "UTC"), "last_seen": pl.Datetime("us", "UTC"),
              "cues": pl.List(pl.String), "examples": pl.List(pl.String),
              "gazetteer_line": pl.String}
    if not found:
        return pl.DataFrame(schema=schema)
    hits = pl.concat(found, how="vertical_relaxed").with_columns(
        pl.col("name").str.replace_all(r"\s+", " ").str.replace(r"['’]s$", ""))
    # names that may stand at the front of a run: places, organizations, full names (a
    # bare surname may be another person's first name: "Michel Sapin")
    persons = gaz.actors.filter(pl.col("type") == "person")["actor_id"]
    known = gaz.aliases.filter((pl.col("kind") != "surname") & (
        pl.col("alias").str.contains(" ") | ~pl.col("actor_id").is_in(persons.implode())))
    forms = gaz.patterns().filter(~pl.col("kind").is_in(["surname", "ambiguous"]) & (
        pl.col("pattern").str.contains(" ") | ~pl.col("actor_id").is_in(persons.implode())))
    cleaned = _clean_names(hits["name"].unique().to_list(),
                           set(known["alias"].to_list()) | set(forms["pattern"].to_list()))
    hits = hits.with_columns(pl.col("name").replace_strict(cleaned, return_dtype=pl.String)
                             ).drop_nulls("name")
    hits = _not_in_gazetteer(hits, gaz)
    # a name that is any form of a known actor's name is not new ("Дмитрия Пескова"),
    # and a run of title words is no name ("Attorney General")
    index = gaz._name_index()
    titles = {w.casefold() for w in _CUT_WORDS | _RU_CUT | _STOP_FIRST}
    hits = hits.filter(
        ~pl.col("name").str.to_lowercase().is_in(pl.Series(sorted(index)).implode())
        & ~pl.col("name").str.to_lowercase().str.split(" ").list.eval(
            pl.element().is_in(sorted(titles))).list.all())
    # each (document, name) once; its count is how often the document names it
    per_doc = (hits.group_by("doc_id", "name", maintain_order=True)
               .agg(pl.col("published_at").first(), pl.col("cue").unique(),
                    pl.col("_hit").first(), pl.col("_text").first()))
    per_doc = per_doc.with_columns(
        pl.col("_text").str.count_matches(pl.col("name"), literal=True).clip(lower_bound=1)
        .fill_null(1).alias("_n"))
    grouped = (per_doc.group_by("name")
               .agg(pl.col("_n").sum().alias("count"), pl.col("doc_id").n_unique().alias("docs"),
                    pl.col("published_at").min().alias("first_seen"),
                    pl.col("published_at").max().alias("last_seen"),
                    pl.col("cue").list.explode(keep_nulls=False, empty_as_null=False).unique().sort()
                    .alias("cues"),
                    pl.col("_hit").unique(maintain_order=True).head(examples).alias("examples"))
               .filter(pl.col("count") >= min_count))
    words = pl.col("name").str.split(" ")
    last, first = words.list.last(), words.list.first()
    places = {a for a, t in zip(gaz.aliases["alias"], gaz.aliases["actor_id"], strict=True)
              if t in set(gaz.actors.filter(pl.col("type").is_in(["place", "country"]))
                          ["actor_id"])} | set(
        gaz.aliases.filter(pl.col("kind") == "metonym")["alias"])
    grouped = grouped.with_columns(
        pl.when(last.is_in(pl.Series(sorted(ORGANIZATION_WORDS)).implode()))
        .then(pl.lit("organization"))
        .when(first.is_in(pl.Series(sorted(PLACE_FIRST)).implode())
              | last.is_in(pl.Series(sorted(PLACE_LAST)).implode())
              | words.list.eval(pl.element().is_in(sorted(places))).list.any())
        .then(pl.lit("place"))
        .otherwise(pl.lit("person")).alias("type"))
    grouped = grouped.with_columns(_yaml_line().alias("gazetteer_line"))
    grouped = grouped.sort(["count", "docs", "name"], descending=[True, True, False])
    if top is not None:
        grouped = grouped.head(top)
    return grouped.select(*schema).cast(schema)


def _yaml_line() -> pl.Expr:
    ident = (pl.col("name").str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", "-")
             .str.strip_chars("-"))
    cyrillic = pl.col("name").str.contains(r"\p{Cyrillic}")
    names = pl.format("[{}]", pl.col("name"))
    return pl.concat_str(
        pl.lit("- {id: "), ident, pl.lit(", name: "), pl.col("name"), pl.lit(", type: "),
        pl.col("type"), pl.lit(", "),
        pl.when(cyrillic).then(pl.lit("ru")).otherwise(pl.lit("en")), pl.lit(": "), names,
        pl.lit(", from: "), pl.col("first_seen").dt.strftime("%Y-%m-%d").fill_null(""),
        pl.lit(", source: corpus}"))


def _not_in_gazetteer(hits: pl.DataFrame, gaz) -> pl.DataFrame:
    """Drop names that a gazetteer pattern covers from their first to last character."""
    names = hits.select("name").unique()
    matched = find_patterns(names["name"], matcher_for(gaz))
    lengths = names["name"].str.len_bytes().cast(pl.Int64).to_numpy()
    rows = matched["row"].to_numpy()
    whole = (matched["start"].to_numpy() == 0) & (matched["end"].to_numpy() == lengths[rows])
    known = set(names["name"].gather(rows[whole]).to_list()) if whole.any() else set()
    return hits.filter(~pl.col("name").is_in(pl.Series(sorted(known), dtype=pl.String)
                                             .implode()))


def _natasha_names(part: pl.DataFrame) -> pl.DataFrame:
    try:
        from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise ImportError("ner='natasha' needs the natasha package: "
                          "pip install 'tassanalysis[ru-ner]'") from exc
    segmenter = Segmenter()
    tagger = NewsNERTagger(NewsEmbedding())
    rows = []
    kinds = {"PER": "person", "ORG": "organization"}
    for doc_id, published_at, body in part.select("doc_id", "published_at", "_text").iter_rows():
        doc = Doc(body or "")
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        for span in doc.spans:
            if span.type in kinds:
                rows.append({"doc_id": doc_id, "published_at": published_at,
                             "name": span.text, "cue": "ner:" + span.type,
                             "_hit": body[max(span.start - 40, 0):span.stop + 40],
                             "_text": None})
    return pl.DataFrame(rows, schema={"doc_id": pl.String,
                                      "published_at": pl.Datetime("us", "UTC"),
                                      "name": pl.String, "cue": pl.String, "_hit": pl.String,
                                      "_text": pl.String})
