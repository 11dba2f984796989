"""What a news item reports (pure): the meetings it tells of (a meeting
word and a city, dated from the text and the item's own dating) and a
message of solidarity it quotes, with its sender and country."""

import datetime
import re

from . import dates, dating, places
from .dates import DAY
from .records import Meeting, Message, When

MEETING_WORDS = re.compile(
    r"\b(meeting|demonstration|demo|picket|rally|protest|vigil|conference|march|"
    r"forum|webinar|teach-in|assembly|day school|festival|talk|screening|"
    r"gathering|social|fundraiser|bbq|barbecue|picnic|dinner|celebration|launch|"
    r"exhibition|walk|press conference)s?\b",
    re.IGNORECASE,
)

VENUE = re.compile(
    r"\b(?:at|in front of|outside|in)\s+(?:the\s+)?"
    r"(?P<venue>(?:[A-Z][\w’'.-]*\s+){1,4}"
    r"(?:[Hh]all|[Cc]entre|[Cc]enter|[Cc]onsulate|[Ee]mbassy|[Hh]ouse|[Cc]hurch|"
    r"[Ll]ibrary|[Cc]lub|[Tt]heatre|[Ss]quare|[Pp]ark|[Hh]otel|[Uu]niversity|"
    r"[Cc]ollege|[Tt]avern|[Pp]ub|[Hh]ub|[Ii]nstitute))\b"
)

_LETTER_WORDS = re.compile(
    r"\b(?:letters?|messages? of (?:solidarity|support|protest)|"
    r"solidarity messages?)\b",
    re.IGNORECASE,
)

_SENDER = re.compile(
    r"\b(?:letters?|messages?)\b[^.]{0,25}?\bfrom\s+(?P<sender>[^.,;:()]+)"
)

_IN_PLACE = re.compile(r"^(?P<who>.+?)\s+in\s+(?P<place>[A-Z][\w’' -]+)$")

_ORGANISATION = re.compile(
    r"(?<!\w)(?P<org>[A-Z][\w’'-]*\s+(?:[\w’'-]+\s+){0,3}?"
    r"(?:trade[- ]union(?:\s+(?:confederation|federation|congress))?|unions?|"
    r"confederation|federation|congress|council|party|association|committee|"
    r"network|collective|alliance))\b"
)


def news_extras(story, key, dated, builder):
    for offset, meeting in enumerate(_reported_meetings(story, dated), start=1):
        builder.records.append(
            Meeting(key=f"{key}/meeting-{offset}", line=story.line, **meeting)
        )
    message = _reported_message(story)
    if message:
        builder.records.append(
            Message(key=f"{key}/message-1", line=story.line, when=story.when, **message)
        )


def _reported_meetings(story, dated):
    """Meetings a news item reports: a meeting word and a city. One meeting
    per "CITY on DATE" pair ("in Dublin on February 10 and Cork on
    February 11"), otherwise one."""
    text = "\n".join(story.paragraphs)
    word = MEETING_WORDS.search(text)
    cities = places.city_mentions(text)
    if not word or not cities:
        return []
    kind = word.group(1).lower()
    found = [p for p in dates.find_dates(text) if p.day is not None]
    pairs = []
    for offset, city in cities:
        after = text[offset + len(city.name) :]
        on = re.match(r"\s+on\s+", after)
        if on:
            at = offset + len(city.name) + on.end()
            phrase = next((p for p in found if p.start == at), None)
            if phrase:
                pairs.append((city, phrase))
    venue_match = VENUE.search(text)
    if len(pairs) < 2:
        if not (found or venue_match):
            return []  # "protests in Greece": no date, no venue, no meeting
        pairs = [(cities[0][1], found[0] if found else None)]
    venue = venue_match.group("venue") if venue_match and len(pairs) == 1 else ""
    future = dating.is_future(text)
    meetings = []
    for city, phrase in pairs:
        when = _meeting_when(phrase, text, dated, future)
        clock = (phrase.time if phrase else None) or (
            dates.find_time(text) if len(pairs) == 1 else None
        )
        label = kind.capitalize()
        title = (
            f"{label} at {venue}, {city.name}" if venue else f"{label} in {city.name}"
        )
        meetings.append(
            {
                "title": title,
                "paragraphs": story.paragraphs,
                "starts": datetime.datetime.combine(when.date, clock or datetime.time())
                if when.date
                else None,
                "ends": None,
                "when": when,
                "timezone": city.timezone,
                "venue": venue,
                "address": "",
                "city": city.name,
                "country": city.country,
                "countries": story.countries,
                "published": story.when,
            }
        )
    return meetings


def _meeting_when(phrase, text, dated, future):
    if phrase is None:
        day, words = dating.relative_day(
            text, dated.date if dated.precision == DAY else None
        )
        if day:
            return When(day, DAY, f"{words!r} in an item dated {dated.date:%-d %B %Y}")
        return When(evidence="the text gives no date for it")
    if not phrase.possible:
        return When(evidence=f"{phrase.text!r} cannot be")
    day, why = dating.resolve(
        phrase, dated.low or dated.date, dated.high, future=future
    )
    if day is None:
        return When(evidence=why)
    return When(day, DAY, why if phrase.year is None else f"its date {phrase.text!r}")


def _reported_message(story):
    """A message of solidarity a news item reports ("letters from supporters
    in Iran", "a letter of protest" from "the Polish trade-union
    confederation"), when its sender and their country can be told."""
    text = "\n".join(story.paragraphs)
    if not _LETTER_WORDS.search(text):
        return None
    organisation = country = ""
    sender = _SENDER.search(text)
    if sender:
        who = sender.group("sender").strip()
        place = _IN_PLACE.match(who)
        if place:
            codes = places.countries_in(place.group("place"))
            city = places.lookup_city(place.group("place"))
            country = codes[0] if codes else (city.country if city else "")
            organisation = place.group("who") if country else who
        else:
            codes = places.countries_in(who)
            organisation, country = who, (codes[0] if codes else "")
    if not country:
        for match in _ORGANISATION.finditer(text):
            codes = [
                c for o, c in places.country_mentions(match.group("org")) if o == 0
            ]
            if codes:
                organisation, country = match.group("org"), codes[0]
                break
    if not (organisation and country):
        return None
    return {
        "author": organisation[:200],
        "role": "",
        "organisation": organisation[:200],
        "country": country,
        "text": text,
    }
