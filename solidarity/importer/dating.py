"""Honest dates for the items of a page (pure).

An item's date comes from evidence only, strongest first:

1. its own date line ("Written by X Tuesday, 06 November 2012"): the day;
2. the page's own date (a mail's timestamp, an archive page's heading);
3. the dates its text mentions: a report is dated by the latest past event
   it reports (shown as that month); a mention without a year gets one from
   its weekday or its neighbours in a listing (`dates.resolve_year`);
4. its position in a listing between dated neighbours (newest first, as
   campaign sites list; reversed if the dated items run oldest first):
   between 16 February 2019 and 29 January 2019 is "2019";
5. nothing: no date (precision "unknown"). Never the day of the import.

`today` is only an upper bound: nothing is dated after it.
"""

import datetime
import re
from dataclasses import dataclass, field

from . import dates
from .dates import DAY, MONTH, UNKNOWN, YEAR

# A reported event happened before the report; a neighbour further down a
# listing may still report an event a little older than this item's.
SLACK = datetime.timedelta(days=60)
AHEAD = datetime.timedelta(days=366)
_FUTURE = re.compile(
    r"\b(?:will(?: be)?|(?:is|are) (?:taking place|being held|planned|called)|"
    r"to be held|upcoming|forthcoming|join us|come (?:to|along)|invit(?:e|ed|ation)|"
    r"book (?:your|now)|register|tickets?)\b",
    re.IGNORECASE,
)
_RELATIVE = {
    "last night": 1,
    "yesterday": 1,
    "yesterday's": 1,
    "this morning": 0,
    "today": 0,
    "tonight": 0,
    "this evening": 0,
    "this afternoon": 0,
}
_RELATIVE_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in _RELATIVE) + r")\b", re.IGNORECASE
)


@dataclass
class Evidence:
    """What an item offers: its own date line, and its text."""

    own: dates.Phrase | None = None
    text: str = ""
    future: bool = False

    def __post_init__(self):
        self.future = bool(_FUTURE.search(self.text))


@dataclass
class Dating:
    date: datetime.date | None = None
    precision: str = UNKNOWN
    evidence: str = "no date on the item or the page"
    low: datetime.date | None = None
    high: datetime.date | None = None
    anchor: bool = False  # a date other items may be placed against
    notes: list = field(default_factory=list)


def is_future(text):
    return bool(_FUTURE.search(text))


def relative_day(text, date):
    """The day "last night" or "yesterday" means in a text dated `date`."""
    match = _RELATIVE_RE.search(text)
    if not match or date is None:
        return None, ""
    back = _RELATIVE[match.group().lower()]
    return date - datetime.timedelta(days=back), match.group()


def own_date(phrase, today):
    """A Dating from an item's own date line (None if it is impossible)."""
    if phrase.year is None:
        return None
    if not phrase.possible:
        return None
    if phrase.day is None:
        day = datetime.date(phrase.year, phrase.month, 1)
        return Dating(day, MONTH, f"its date line {phrase.text!r}", anchor=True)
    date = phrase.date
    return Dating(date, DAY, f"its date line {phrase.text!r}", anchor=True)


def date_items(items, *, today, page_date=None, page_evidence=""):
    """A Dating for each Evidence in `items` (in page order)."""
    result = []
    for item in items:
        dating = own_date(item.own, today) if item.own else None
        if dating is None and page_date is not None:
            dating = Dating(page_date, DAY, page_evidence, anchor=True)
        result.append(dating or Dating())
    direction = _direction(result)
    for _ in range(len(items) + 1):
        changed = False
        for index, item in enumerate(items):
            if result[index].anchor:
                continue
            low, high = _bounds(result, index, direction, today)
            found = _from_mentions(item, low, high, today)
            if found:
                result[index] = found
                changed = True
        if not changed:
            break
    for index, dating in enumerate(result):
        low, high = _bounds(result, index, direction, today)
        if not dating.anchor:
            result[index] = _from_position(low, high, today, direction)
        else:
            dating.low = dating.low or low
            dating.high = dating.high or high
    return result


def _direction(result):
    """-1 newest first, +1 oldest first, 0 when the dated items disagree."""
    known = [d.date for d in result if d.anchor and d.date]
    if len(known) < 2 or all(a >= b for a, b in zip(known, known[1:], strict=False)):
        return -1
    if all(a <= b for a, b in zip(known, known[1:], strict=False)):
        return 1
    return 0


def _bounds(result, index, direction, today):
    """(low, high): the dates of the nearest anchors around `index`."""
    if direction == 0:
        return None, None
    newer = (
        range(index - 1, -1, -1) if direction == -1 else range(index + 1, len(result))
    )
    older = (
        range(index + 1, len(result)) if direction == -1 else range(index - 1, -1, -1)
    )
    high = next((result[i].date for i in newer if result[i].anchor), None)
    low = next((result[i].date for i in older if result[i].anchor), None)
    return low, min(high, today) if high else None


def resolve(phrase, low, high, *, future=False):
    """(date, why) for a phrase in an item bounded by `low`..`high`."""
    if phrase.year is not None:
        return (phrase.date, f"{phrase.text!r}") if phrase.possible else (None, "")
    if future:
        low_bound, high_bound = low, (high + AHEAD) if high else None
    else:
        low_bound, high_bound = (low - SLACK) if low else None, high
    year, why = dates.resolve_year(phrase, low_bound, high_bound)
    if year is None:
        return None, why
    return phrase.on(year), why


def _from_mentions(item, low, high, today):
    """Dated by the latest past event the text reports, if any."""
    best = None
    for phrase in dates.find_dates(item.text):
        if phrase.day is None or not phrase.possible:
            continue
        date, why = resolve(phrase, low, high, future=False)
        if date is None or date > today or (high and date > high + SLACK):
            continue
        if best is None or date > best[0]:
            best = (date, why)
    if best is None or item.future:
        return None
    date, why = best
    return Dating(date, MONTH, f"it reports {why} (dated as that month)", anchor=True)


def _from_position(low, high, today, direction):
    if direction == 0 or low is None or high is None:
        return Dating(low=low, high=high)
    where = f"between {low:%-d %B %Y} and {high:%-d %B %Y} in the listing"
    if (low.year, low.month) == (high.year, high.month):
        return Dating(high, MONTH, where, low, high)
    if low.year == high.year:
        return Dating(high, YEAR, where, low, high)
    return Dating(low=low, high=high, evidence=f"only {where}")
