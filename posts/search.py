"""
Full-text search over the shared Post table.

PostgreSQL: `posts_post.search_vector` is a weighted tsvector (title A,
summary and byline B, body C) kept current by a trigger (migrations 0003
and 0013) in the text search configuration of the post's language
(`solidarity` for English, `solidarity_spanish`, `solidarity_french`… with
a Snowball stemmer, `solidarity_simple` otherwise), accents removed by
`unaccent`. A query is stemmed as the page's language and as English,
matched with websearch syntax through the GIN index and ranked with
`ts_rank`; snippets come from `ts_headline`.

To keep a common word fast on a million rows, only the newest
`CANDIDATES` matches are ranked (found through the GIN index or by walking
the timeline index, whichever the planner finds cheaper); a rare word has
fewer matches than that and is ranked in full.

SQLite (development, tests): every word must appear in the title, summary,
byline or body (LIKE); title matches come first. Same page, fewer features.

Only published posts are searched, so unapproved messages never are; e-mail
addresses live on `SolidarityMessage` and are never in the document.
"""

import html
import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

CONFIG = "solidarity"
CANDIDATES = 1000
MAX_QUERY_LENGTH = 200
# ts_headline markers that cannot occur in text, turned into <mark> after
# the snippet has been escaped.
START, STOP = "\x02", "\x03"


def clean_query(raw):
    """The visitor's query made safe to use: no NUL bytes or control
    characters (PostgreSQL rejects NUL), whitespace collapsed, length capped."""
    text = "".join(ch if ch.isprintable() else " " for ch in raw or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH].strip()


def uses_postgres():
    return connection.vendor == "postgresql"


def search_config(language):
    """The text search configuration a post in `language` is indexed with
    (the SQL function of migration 0013: `solidarity` for English,
    `solidarity_spanish` for Spanish…, `solidarity_simple` otherwise)."""
    if language == "en":
        return CONFIG
    return Func(Value(language), function="solidarity_search_config")


MAX_TERMS = 16
_LEADING = re.compile(r"^[\W_]+")


def websearch_text(q):
    """`q` rewritten so that websearch_to_tsquery() can always parse it:
    PostgreSQL's parser keeps a stack of 32 operators, and consecutive
    negations ("- - - …", "-----x") each take a place, so 33 of them raised
    "tsquery stack too small" (a 500). Each word keeps at most one leading
    "-" (exclude), punctuation-only words go, and at most MAX_TERMS words
    are kept, so the operators in a query are bounded whatever is typed."""
    terms = []
    for word in q.split():
        prefix = _LEADING.match(word)
        rest = word[prefix.end() :] if prefix else word
        if not rest:
            continue
        quote = '"' if prefix and '"' in prefix[0] else ""
        negate = "-" if prefix and prefix[0].rstrip('"').endswith("-") else ""
        terms.append(f"{negate}{quote}{rest}")
        if len(terms) == MAX_TERMS:
            break
    return " ".join(terms)


def search_query(q):
    """`q` stemmed as the reader's language and as English: "huelgas" on a
    Spanish page finds Spanish posts about a "huelga", and the English
    posts every page lists still match their own stems."""
    text = websearch_text(q)
    query = SearchQuery(text, search_type="websearch", config=CONFIG)
    language = get_language()
    if language and language != "en":
        query |= SearchQuery(
            text, search_type="websearch", config=search_config(language)
        )
    return query


def matching(queryset, q):
    """`queryset` narrowed to the posts matching `q` (no ordering change)."""
    if uses_postgres():
        return queryset.filter(search_vector=search_query(q))
    condition = Q()
    for word in q.split()[:10]:
        condition &= (
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(byline__icontains=word)
            | Q(body__icontains=word)
        )
    return queryset.filter(condition)


def ranked_ids(queryset, q):
    """The ids of the matching posts, best first, as something a Paginator
    can count and slice."""
    matches = matching(queryset, q)
    if uses_postgres():
        return RankedCandidates(matches, search_query(q))
    first = q.split()[0] if q.split() else q
    return (
        matches.annotate(
            rank=Case(
                When(title__icontains=first, then=Value(3)),
                When(Q(summary__icontains=first) | Q(byline__icontains=first), then=2),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("-rank", "-published_at", "-id")
        .values_list("pk", flat=True)
    )


class RankedCandidates:
    """The newest CANDIDATES matches ranked by ts_rank, in one query: the
    rank is computed on the rows the newest-first scan has already read,
    then the outer query orders by it. (Ranking in a second pass, as
    `pk IN (newest)`, read the thousand rows again: 7 ms of a common word's
    18.) Django's ORM has no subquery in FROM, hence the wrapping SQL; the
    inner query and its parameters are the ORM's own."""

    def __init__(self, matches, query):
        inner = (
            matches.order_by("-published_at", "-id")
            .annotate(rank=SearchRank(F("search_vector"), query))
            .values_list("pk", "published_at", "rank")[:CANDIDATES]
        )
        self.sql, self.params = inner.query.sql_with_params()

    def _run(self, sql, params=()):
        with connection.cursor() as cursor:
            cursor.execute(sql, (*self.params, *params))
            return cursor.fetchall()

    def count(self):
        return self._run(f"SELECT count(*) FROM ({self.sql}) AS candidates")[0][0]

    def __getitem__(self, page):
        if not isinstance(page, slice) or page.step is not None:
            raise TypeError("RankedCandidates takes a slice without a step.")
        start = int(page.start or 0)
        limit = "ALL" if page.stop is None else int(max(0, page.stop - start))
        rows = self._run(
            f"SELECT id FROM ({self.sql}) AS candidates(id, published_at, rank)"
            " ORDER BY rank DESC, published_at DESC, id DESC"
            f" LIMIT {limit} OFFSET %s",
            (start,),
        )
        return [row[0] for row in rows]


class StripTags(Func):
    """The body as text for ts_headline: tags removed (it is sanitised HTML)."""

    template = "regexp_replace(%(expressions)s, '<[^>]+>', ' ', 'g')"


def with_snippets(queryset, q):
    """Annotate `snippet_raw` (PostgreSQL) for `snippet()`; a no-op elsewhere."""
    if not uses_postgres():
        return queryset
    text = Func(F("summary"), Value(" … "), StripTags(F("body")), function="concat")
    return queryset.annotate(
        snippet_raw=SearchHeadline(
            Coalesce(text, Value("")),
            search_query(q),
            config=search_config(get_language() or "en"),
            start_sel=START,
            stop_sel=STOP,
            max_words=35,
            min_words=15,
        )
    )


def snippet(post):
    """Safe HTML: the headline with matches in <mark>, or the summary."""
    raw = getattr(post, "snippet_raw", None)
    if raw is None:
        return escape(post.summary)
    text = escape(html.unescape(raw).strip().removeprefix("…").strip())
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308
