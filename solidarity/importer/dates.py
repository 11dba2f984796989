"""Dates and times in scraped text (pure). dateparser does the parsing, in
any language it knows, and rejects impossible dates such as 31 February;
the regular expressions here only find candidate phrases in running English
text, where handing every word to dateparser would turn "now" or "May" into
dates."""

import calendar
import datetime
import re
from dataclasses import dataclass

import dateparser

_FULL = {"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"}
_DAY_MONTH = {"REQUIRE_PARTS": ["day", "month"], "DATE_ORDER": "DMY"}

_MONTHS = "|".join(
    calendar.month_name[1:] + [m + r"\.?" for m in calendar.month_abbr[1:]]
)
_WEEKDAYS = "|".join(calendar.day_name)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"

# "Tuesday, 29 January 2019", "Sunday 15th of February", "February 10",
# "On 26 January", "May 20, 2018".
DATE_IN_TEXT = re.compile(
    rf"(?:(?P<weekday>{_WEEKDAYS}),?\s+)?"
    rf"(?:(?:the\s+)?{_DAY}(?:\s+of)?\s+(?:{_MONTHS})|(?:{_MONTHS})\s+{_DAY}(?!\d))"
    r"(?:,?\s+(?P<year>\d{4})(?!\d))?"
)

# "11:00 am", "7.30pm", "9pm", "19:30"
TIME_IN_TEXT = re.compile(
    r"\b(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)(?!\w)"
    r"|\b(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d)\b"
)


@dataclass(frozen=True)
class FoundDate:
    """A date phrase found in text. `date` is None when the phrase names an
    impossible day; `year_known` is False for "15 February"."""

    text: str
    offset: int
    date: datetime.date | None
    year_known: bool
    weekday: int | None


def parse_full_date(text):
    """The date a short phrase names (day, month and year), or None."""
    if not text or len(text) > 60 or not re.search(r"\d", text):
        return None
    parsed = dateparser.parse(text, settings=_FULL)
    return parsed.date() if parsed else None


def wrong_weekday(text, date):
    """True if `text` starts with an English weekday that `date` is not on
    ("Tuesday, 07 November 2012"): dateparser ignores such a weekday."""
    first = re.match(r"\s*([^\W\d_]+)", text or "")
    if not first or first.group(1) not in calendar.day_name:
        return False
    return list(calendar.day_name).index(first.group(1)) != date.weekday()


def find_dates(text):
    """Every date phrase in running text, in order."""
    found = []
    for match in DATE_IN_TEXT.finditer(text):
        phrase = match.group()
        weekday = match.group("weekday")
        weekday_number = list(calendar.day_name).index(weekday) if weekday else None
        if match.group("year"):
            date = parse_full_date(phrase)
            year_known = True
        else:
            # Parse without the weekday: dateparser would move the date to
            # that weekday instead of checking it.
            bare = phrase[len(weekday) :].lstrip(", ") if weekday else phrase
            parsed = dateparser.parse(bare, languages=["en"], settings=_DAY_MONTH)
            date = parsed.date() if parsed else None
            year_known = False
        found.append(FoundDate(phrase, match.start(), date, year_known, weekday_number))
    return found


def find_time(text):
    """The first clock time in the text as datetime.time, or None."""
    for match in TIME_IN_TEXT.finditer(text):
        if match.group("h24") is not None:
            return datetime.time(int(match.group("h24")), int(match.group("m24")))
        hour, minute = int(match.group("h")), int(match.group("m") or 0)
        if not 1 <= hour <= 12 or minute > 59:
            continue
        pm = match.group("ampm").startswith("p")
        return datetime.time(hour % 12 + (12 if pm else 0), minute)
    return None


def guess_year(month, day, weekday, today):
    """The year of a date given without one, and why.

    With a weekday ("Sunday 15 February"), the latest year up to `today`'s in
    which that day falls on that weekday; otherwise `today`'s year. Always a
    guess: callers send the item to review.
    """
    if weekday is not None:
        for year in range(today.year, today.year - 30, -1):
            try:
                candidate = datetime.date(year, month, day)
            except ValueError:
                continue
            if candidate.weekday() == weekday:
                name = calendar.day_name[weekday]
                return year, f"the latest year in which it fell on a {name}"
    return today.year, "the year of the import"
