"""Bylines and date lines (pure): the lines around a text that say who wrote
it and when, in the usual arrangements:

    By X                          Written by X Tuesday, 06 November 2012
    X 7 January 2013              7 January 2013 | By X
    February 28, 2003 By X        Posted on 6 May 2012 by X
    Published: 06 December 2025   Posted by X at 10:35 AM
    6 January 2026                Mon Sep 2 13:06:25 MDT 1996
    From: X <x@example.org>       X x at example.org

`read(line)` returns a `Header` or None when the line is text, not a header.
E-mail addresses and their obfuscated forms never reach a byline.
"""

import re
from dataclasses import dataclass

from . import dates, furniture

MAX_HEADER = 220

_LABEL = re.compile(
    r"^(?:(?:posted|published|written|created|dated?|sent|updated|submitted|"
    r"veröffentlicht|publicado|publié|pubblicato|gepubliceerd|data|datum|fecha)"
    r"(?:\s+(?:on|am|le|el|il|op|em))?\s*:?\s+|(?:on|am|le|el)\s+)",
    re.IGNORECASE,
)
_BY = re.compile(
    r"^(?:written by|posted by|submitted by|published by|by|from|von|por|par|door|"
    r"di|av|autor(?:a)?|auteur|author|reporter|words)\s*:?\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_SEPARATORS = " \t|·•-–—,:;/"
_TRAILING_TIME = re.compile(
    r"(?:\s*(?:,|\||-|–|at|um|à)?\s*(?:\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?"
    r"|\d{1,2}\s*[ap]\.?m\.?)(?:\s*(?:[+-]\d{4}|\(?[A-Z]{2,5}\)?))*\s*)+$",
    re.IGNORECASE,
)
_PARTICLES = {
    "of",
    "the",
    "and",
    "for",
    "de",
    "da",
    "del",
    "der",
    "van",
    "von",
    "y",
    "e",
    "et",
    "und",
    "la",
    "le",
    "el",
    "du",
    "des",
    "di",
    "in",
    "on",
    "&",
    "at",
}


@dataclass(frozen=True)
class Header:
    byline: str = ""
    phrase: dates.Phrase | None = None
    line_text: str = ""


def clean_byline(text):
    """A byline without addresses, placeholders, "at 10:35 AM" or brackets."""
    text, _ = furniture.scrub(text)
    text = furniture.EMAIL.sub("", text)
    text = re.sub(r"\(\s*\)|<\s*>|\[\s*\]", "", text)
    text = _TRAILING_TIME.sub("", text)
    text = re.sub(r"\s+(?:at|on|am|le|el|il)\s*$", "", text, flags=re.I)
    return " ".join(text.split()).strip(_SEPARATORS)


def name_like(text):
    """A name or an organisation, not a sentence: short, capitalised."""
    words = text.split()
    if not words or len(words) > 14 or len(text) > 160:
        return False
    if text.endswith((".", "!", "?", ":")) and not re.search(r"\b[A-Z]\.$", text):
        return False
    if not (words[0][:1].isupper() or words[0][:1] in "“\"'(" or words[0] == "the"):
        return False
    lower = [
        w for w in words if w[:1].islower() and w.lower().strip(",") not in _PARTICLES
    ]
    # "Payday men's network" may hold a lower-case word; "Strikers met" not.
    return len(lower) <= (1 if len(words) > 3 else 0)


def read(line):
    """The Header `line` is, or None."""
    if not line or len(line) > MAX_HEADER:
        return None
    text = line.strip()
    by = _BY.match(text)
    if by:
        rest = by.group("rest")
        phrase = _last_date(rest)
        if phrase:
            before = rest[: phrase.start].strip(_SEPARATORS)
            after = rest[phrase.end :]
            byline = clean_byline(before + " " + _strip_time(after))
        else:
            byline = clean_byline(rest)
            # "From the picket line, a report": a sentence, not a byline.
            if (
                text.lower().startswith(("from ", "by "))
                and not name_like(byline)
                and (not text.lower().startswith("by ") or len(byline) > 150)
            ):
                return None
        if not byline and not phrase:
            return None
        return Header(byline=byline, phrase=phrase, line_text=text)
    phrases = dates.find_dates(text)
    if not phrases:
        return None
    phrase = phrases[0]
    before = _LABEL.sub("", text[: phrase.start]).strip(_SEPARATORS)
    after = _strip_time(text[phrase.end :]).strip(_SEPARATORS)
    after_by = _BY.match(after) if after else None
    rest = (after_by.group("rest") if after_by else after).strip()
    if re.fullmatch(r"in(?:\s+\S+){1,3}", rest) and not after_by:
        rest = ""  # "Posted: July 11, 2015 in Musings": a category
    if before and rest:
        return None
    if not before and not rest:
        return Header(phrase=phrase, line_text=text)
    candidate = clean_byline(before or rest)
    if not candidate:
        return Header(phrase=phrase, line_text=text)
    if after_by or name_like(candidate):
        return Header(byline=candidate, phrase=phrase, line_text=text)
    return None


def _last_date(text):
    found = dates.find_dates(text)
    return found[-1] if found else None


def _strip_time(text):
    return _TRAILING_TIME.sub("", text)


_MAIL_SENDER = re.compile(
    r"^(?P<name>[^<>@\[\]]{2,80}?)\s+(?:<[^>]*>|[\w.+-]+\s+(?:at|\[at\])\s+[\w.-]+"
    r"|[\w.+-]+@[\w.-]+|\[email protected\]|\(.*\))\s*$",
    re.IGNORECASE,
)
_MAIL_FIELD = re.compile(
    r"^(?P<field>from|subject|date|sent|to|cc|reply-to|message-id|organization|"
    r"von|betreff|objet|de|asunto|oggetto|onderwerp)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)


def mail_sender(line):
    """ "Jane Doe jane at example.org" -> "Jane Doe", else None."""
    match = _MAIL_SENDER.match(line.strip())
    if not match:
        return None
    name = clean_byline(match.group("name"))
    return name if name and name_like(name) else None


def mail_field(line):
    """("from", "Jane <jane@example.org>") for a mail header line, or None."""
    match = _MAIL_FIELD.match(line.strip())
    if not match:
        return None
    return match.group("field").lower(), match.group("value").strip()
