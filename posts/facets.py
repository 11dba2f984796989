"""
The timeline's filters ("facets"): parsed from the query string, applied in
the database, shown as removable active filters.

Unknown values never raise: each is reported in `errors` (shown to the
visitor, escaped) and ignored, so a shared link with a stale tag still opens.
"""

from datetime import datetime
from urllib.parse import urlencode

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    Expression,
    F,
    Max,
    Min,
    OuterRef,
    Q,
)
from django.utils import timezone
from django.utils.dates import MONTHS as MONTHS_NAMES
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from solidarity.languages import content_language_choices, language_name

from .models import Country, Post, TaggedPost, public_tags
from .search import clean_query, matching, uses_postgres

PARAMS = ("type", "lang", "country", "tag", "author", "year", "month", "q")
KIND_LABELS = {
    Post.Kind.ARTICLE: _("Articles"),
    Post.Kind.APPEAL: _("Appeals"),
    Post.Kind.EVENT: _("Meetings"),
    Post.Kind.MESSAGE: _("Solidarity messages"),
}
# Django's own month names, translated in its catalogues.
MONTHS = list(MONTHS_NAMES.values())


def _text(data, name, limit=300):
    return clean_query(data.get(name, ""))[:limit]


def has_country(code):
    CountryLink = Post.countries.through
    return Exists(CountryLink.objects.filter(post=OuterRef("pk"), country=code))


def has_tag(tag):
    return Exists(TaggedPost.objects.filter(content_object=OuterRef("pk"), tag=tag))


class FacetKeysContain(Expression):
    """`facet_keys @> keys` on the query's own posts_post row. The column is
    kept by triggers and is not a model field (posts/migrations/0007), so it
    is reached through a column only posts_post has (`kind`; the kinds'
    tables share the id): that keeps the right table alias inside
    subqueries and makes the join from a kind's queryset."""

    output_field = BooleanField()

    def __init__(self, keys):
        super().__init__()
        self.keys = keys
        self.post_column = F("kind")

    def get_source_expressions(self):
        return [self.post_column]

    def set_source_expressions(self, expressions):
        (self.post_column,) = expressions

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.post_column)
        table = column.rsplit(".", 1)[0]
        return f'{table}."facet_keys" @> %s::text[]', (*params, self.keys)


def has_tag_and_country(tag, code):
    """On PostgreSQL through the GIN-indexed `facet_keys` array: the link
    tables' intersection costs 15-20 ms at a million posts, the array's
    about 5 ms."""
    if not uses_postgres():
        return Q(has_tag(tag)) & Q(has_country(code))
    return FacetKeysContain([f"t{tag.pk}", f"c{code}"])


class Facets:
    """Filters from `data` (request.GET). `fixed` names a facet the page
    itself sets (a hub's tag or country): applied, but not removable."""

    def __init__(self, data, fixed=None):
        self.errors = []
        self.values = {}
        self.tag = None
        self.country = None
        self.fixed = fixed or {}
        kind = _text(data, "type", 20)
        if kind:
            if kind in Post.Kind.values:
                self.values["type"] = kind
            else:
                self.errors.append(_("There is no type “%s”.") % kind)
        lang = _text(data, "lang", 10).lower()
        if lang:
            if lang in dict(content_language_choices()):
                self.values["lang"] = lang
            else:
                self.errors.append(_("There is no language “%s”.") % lang)
        tag = self.fixed.get("tag")
        if tag is None and data.get("tag"):
            slug = _text(data, "tag", 100)
            tag = public_tags().filter(slug=slug).first()
            if tag is None:
                self.errors.append(_("There is no tag “%s”.") % slug)
        if tag is not None:
            self.tag = tag
            self.values["tag"] = tag.slug
        country = self.fixed.get("country")
        if country is None and data.get("country"):
            code = _text(data, "country", 10).upper()
            country = Country.objects.filter(code=code).first() if code else None
            if country is None:
                self.errors.append(_("There is no country with the code “%s”.") % code)
        if country is not None:
            self.country = country
            self.values["country"] = country.code
        author = _text(data, "author")
        if author:
            self.values["author"] = author
        year = self._number(data, "year", 1900, 2100)
        month = self._number(data, "month", 1, 12)
        if year:
            self.values["year"] = year
            if month:
                self.values["month"] = month
        elif month:
            self.errors.append(_("Choose a year to see a month."))
        q = _text(data, "q", 200)
        if q:
            self.values["q"] = q

    def _number(self, data, name, low, high):
        raw = _text(data, name, 10)
        if not raw:
            return None
        if raw.isascii() and raw.isdigit() and low <= int(raw) <= high:
            return int(raw)
        messages = {
            "year": _("“%s” is not a valid year."),
            "month": _("“%s” is not a valid month."),
        }
        self.errors.append(messages[name] % raw)
        return None

    def apply(self, queryset, skip=()):
        """`queryset` filtered. Without a `lang` filter, one post per
        translation group, in the reader's (the page's) language where one
        is published (PostQuerySet.for_reader)."""
        values = self.values
        if "lang" in values:
            queryset = queryset.filter(language=values["lang"])
        else:
            queryset = queryset.for_reader(get_language())
        if "type" in values and "type" not in skip:
            queryset = queryset.filter(kind=values["type"])
        if self.tag is not None and self.country is not None:
            queryset = queryset.filter(has_tag_and_country(self.tag, self.country.code))
        elif self.tag is not None:
            queryset = queryset.filter(has_tag(self.tag))
        elif self.country is not None:
            queryset = queryset.filter(has_country(self.country.code))
        if "author" in values:
            queryset = queryset.filter(byline=values["author"])
        if "year" in values:
            tz = timezone.get_current_timezone()
            year, month = values["year"], values.get("month")
            if month:
                start = datetime(year, month, 1, tzinfo=tz)
                end = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
            else:
                start = datetime(year, 1, 1, tzinfo=tz)
                end = datetime(year + 1, 1, 1, tzinfo=tz)
            queryset = queryset.filter(published_at__gte=start, published_at__lt=end)
        if "q" in values:
            queryset = matching(queryset, values["q"])
        return queryset

    def query_string(self, without=(), **extra):
        """The filters as a query string (for links), minus `without` and the
        page's own fixed facet."""
        params = {
            name: self.values[name]
            for name in PARAMS
            if name in self.values and name not in without and name not in self.fixed
        }
        params.update(extra)
        return urlencode(params)

    def active(self):
        """(label, link removing it) for every filter the visitor chose."""
        labels = {
            "type": lambda v: _("Type: %s") % KIND_LABELS[v],
            "lang": lambda v: _("Language: %s") % language_name(v),
            "tag": lambda v: _("Tag: %s") % self.tag.name,
            "country": lambda v: _("Country: %s") % self.country.name,
            "author": lambda v: _("Author: %s") % v,
            "year": lambda v: _("Year: %s") % v,
            "month": lambda v: _("Month: %s") % MONTHS[v - 1],
            "q": lambda v: _("Words: %s") % v,
        }
        removing = {"year": ("year", "month")}
        items = []
        for name in PARAMS:
            if name in self.values and name not in self.fixed:
                query = self.query_string(without=removing.get(name, (name,)))
                items.append((labels[name](self.values[name]), f"?{query}"))
        return items

    def cache_params(self):
        return dict(self.values)


def kind_counts(facets, published):
    """{kind: number of posts} under the current filters other than type,
    for the type menu; the list's own count is the chosen type's (or the
    sum), so one grouped COUNT serves both."""
    rows = (
        facets.apply(published, skip=("type",))
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def filter_options(published):
    """The filter bar's menus, which depend on no filter: countries with at
    least one post, the most used tags, the years with posts."""
    return {
        "countries": country_options(),
        "tags": tag_options(),
        "years": year_options(published),
    }


def country_options():
    """Countries that have at least one post (one index probe per country)."""
    CountryLink = Post.countries.through
    return list(
        Country.objects.filter(
            Exists(CountryLink.objects.filter(country=OuterRef("pk")))
        ).values_list("code", "name")
    )


def tag_options(limit=40):
    """The tags most used on public posts, by name (a tag only drafts use
    is not offered: see public_tags())."""
    top = (
        TaggedPost.objects.filter(content_object__in=Post.objects.published())
        .values("tag__slug", "tag__name")
        .annotate(n=Count("id"))
        .order_by("-n", "tag__name")
        .values_list("tag__slug", "tag__name")[:limit]
    )
    return sorted(top, key=lambda row: row[1].lower())


def year_options(published):
    bounds = published.aggregate(first=Min("published_at"), last=Max("published_at"))
    if not bounds["first"]:
        return []
    tz = timezone.get_current_timezone()
    first = bounds["first"].astimezone(tz).year
    last = bounds["last"].astimezone(tz).year
    return list(range(last, first - 1, -1))
