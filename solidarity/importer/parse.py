"""Turn the text of a scraped campaign page into typed records (pure).

No database and no files: `parse_document(text, today=...)` returns a
`Document` whose records are `Story` (an article or an appeal), `Meeting`,
`Message` and `PageText` (the join and donate texts). The page's shape is
recognised from its structure, never from its name:

- an appeals listing: items headed by a title line and a
  "Written by AUTHOR Weekday, DD Month YYYY" line;
- a news listing: items each ending in a "Read more ..." line, then site
  furniture (headings such as "Make a donation!" with their text);
- a statement: a title line, a "By ..." byline or a date alone on a line,
  and paragraphs;
- news paragraphs: untitled paragraphs separated by blank lines.

Text is kept as written (typos, curly quotes, ellipses); only image file
names glued to the first word of a paragraph by the scraper are removed.
Wherever the parser has to guess (a title taken from the text, a date
without a year, a meeting's time) it says so in the record's `review`.
"""

import datetime
import re
from dataclasses import dataclass, field

from . import dates, places

ARTICLE = "article"
APPEAL = "appeal"

MAX_LINE_LENGTH = 100_000  # a scraped page has paragraphs, not megabyte lines
TITLE_LIMIT = 110
MAX_TITLE = 300  # Post.title
SUMMARY_LIMIT = 2000

WRITTEN_BY = re.compile(r"^Written by\s+(?P<rest>\S.*)$")
BYLINE = re.compile(r"^By\s+(?P<byline>\S.{0,296})$")
READ_MORE = re.compile(r"^read more\s*(?:\.{2,}|…|»|›|>)?\s*$", re.IGNORECASE)
PAGE_FOOTER = re.compile(r"^page\s+\d+\s+of\s+\d+$", re.IGNORECASE)

_WEEKDAYS = "|".join(dates.calendar.day_name)
# The date at the end of a "Written by" line: an optional weekday (English,
# or any word followed by a comma), then "06 November 2012" or
# "November 6, 2012", optionally a time.
_DATE_TAIL = re.compile(
    rf"(?P<date>(?:(?:{_WEEKDAYS})\b,?\s+|[^\W\d_]+,\s+)?"
    r"(?:\d{1,2}\.?\s+[^\W\d_]+\.?,?\s+\d{4}|[^\W\d_]+\.?\s+\d{1,2},?\s+\d{4})"
    r"(?:,?\s+\d{1,2}[:.]\d{2})?)\s*$"
)

# An image's file name glued by the scraper to the first word of a lead:
# "bpj-logoTwo", "thumb oil_workers_logoWe", "firstfourarrestedminers-thThe".
# Lower-case tokens, the last one running straight into a capital; it must
# look like a file name (a hyphen, underscore or digit, or "thumb"/"img") so
# that "iPhone" or "eBay" stay.
_GLUED_IMAGE = re.compile(
    r"^(?P<name>(?:[a-z0-9][\w.-]*\s+){0,2}[a-z0-9][\w.-]*?)(?=[“‘\"']?[A-Z][a-z\s])"
)
_FILE_NAME_HINT = re.compile(r"[-_\d]|^(?:thumb|img|image|photo|pic)\b")

_SENTENCE = re.compile(r"^.+?[.!?…](?=\s+[A-Z“\"‘(]|\s*$)", re.DOTALL)
_CLAUSE_BREAKS = (", ", ": ", "; ", " – ", " — ", " - ", " (")

_MEETING_WORDS = re.compile(
    r"\b(meeting|demonstration|picket|rally|protest|vigil|conference)s?\b",
    re.IGNORECASE,
)
_VENUE = re.compile(
    r"\b(?:at|in front of|outside|in)\s+(?:the\s+)?"
    r"(?P<venue>(?:[A-Z][\w’'.-]*\s+){1,4}"
    r"(?:[Hh]all|[Cc]entre|[Cc]enter|[Cc]onsulate|[Ee]mbassy|[Hh]ouse|[Cc]hurch|"
    r"[Ll]ibrary|[Cc]lub|[Tt]heatre|[Ss]quare|[Pp]ark|[Hh]otel))\b"
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
_JOIN = re.compile(r"\b(?:join|affiliat|membership)", re.IGNORECASE)
_DONATE = re.compile(r"\bdonat", re.IGNORECASE)


class SeedError(ValueError):
    """The document cannot be imported at all (empty, binary, absurd lines)."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Notice:
    line: int
    text: str

    def __str__(self):
        return f"line {self.line}: {self.text}"


@dataclass(frozen=True)
class Story:
    """An article or an appeal."""

    kind: str
    key: str
    line: int
    title: str
    byline: str
    paragraphs: tuple[str, ...]
    date: datetime.date | None
    countries: tuple[str, ...]
    review: tuple[str, ...] = ()

    @property
    def summary(self):
        return clip(self.paragraphs[0], SUMMARY_LIMIT) if self.paragraphs else ""


@dataclass(frozen=True)
class Meeting:
    key: str
    line: int
    title: str
    paragraphs: tuple[str, ...]
    starts: datetime.datetime  # naive, local time at the venue
    guessed: str  # "" (the text gives the date), "year" or "date"
    timezone: str
    venue: str
    city: str
    country: str
    countries: tuple[str, ...]
    review: tuple[str, ...] = ()


@dataclass(frozen=True)
class Message:
    key: str
    line: int
    organisation: str
    country: str
    text: str


@dataclass(frozen=True)
class PageText:
    key: str  # "join" or "donate"
    line: int
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    shape: str
    records: tuple = ()
    warnings: tuple[Notice, ...] = ()
    skipped: tuple[Notice, ...] = ()

    def of_type(self, cls):
        return [r for r in self.records if isinstance(r, cls)]


@dataclass
class _Builder:
    today: datetime.date
    records: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    skipped: list = field(default_factory=list)

    def warn(self, line, text):
        self.warnings.append(Notice(line, text))

    def skip(self, line, text):
        self.skipped.append(Notice(line, text))


def parse_document(text, *, today):
    """Parse a page's text. `today` anchors guesses of a missing year."""
    lines = _lines(text)
    builder = _Builder(today=today)
    content = [(n, line) for n, line in lines if line]
    if any(WRITTEN_BY.match(line) for _, line in content):
        shape = "appeals listing"
        _parse_appeals(lines, builder)
    elif any(READ_MORE.match(line) for _, line in content):
        shape = "news listing"
        _parse_news_listing(lines, builder)
    elif _looks_like_statement(content):
        shape = "statement"
        builder.records.append(_story(content, "item-1", ARTICLE, builder))
    else:
        shape = "news paragraphs"
        _parse_paragraphs(lines, builder)
    return Document(
        shape=shape,
        records=tuple(builder.records),
        warnings=tuple(builder.warnings),
        skipped=tuple(builder.skipped),
    )


def _lines(text):
    if "\x00" in text:
        raise SeedError("binary data (NUL bytes), not a text page")
    if not text.strip():
        raise SeedError("the file is empty")
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        if len(line) > MAX_LINE_LENGTH:
            raise SeedError(
                f"a {len(line):,}-character line (the limit is "
                f"{MAX_LINE_LENGTH:,}): not a scraped page",
                line=number,
            )
        lines.append((number, line.strip().lstrip("\ufeff")))
    return lines


def _blocks(lines):
    """Runs of non-blank lines: [[(number, line), ...], ...]."""
    blocks, current = [], []
    for number, line in lines:
        if line:
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_heading(line):
    return (
        len(line) <= 150
        and not line.endswith((".", ",", ";", ":"))
        and (not _SENTENCE.match(line) or line.endswith(("!", "?", "…")))
    )


def _is_date_line(line):
    return len(line) <= 40 and dates.parse_full_date(line) is not None


def _looks_like_statement(content):
    if len(content) < 2 or not _is_heading(content[0][1]):
        return False
    return bool(BYLINE.match(content[1][1])) or _is_date_line(content[-1][1])


def _parse_appeals(lines, builder):
    numbered = [(n, line) for n, line in lines if line]
    starts = [
        i - 1
        for i, (_, line) in enumerate(numbered)
        if WRITTEN_BY.match(line) and i > 0 and not WRITTEN_BY.match(numbered[i - 1][1])
    ]
    for n, line in numbered[: starts[0] if starts else len(numbered)]:
        builder.skip(n, f"heading {line!r} is not an item")
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(numbered)
        item = []
        for n, line in numbered[start:end]:
            if PAGE_FOOTER.match(line):
                builder.skip(n, f"page footer {line!r}")
            else:
                item.append((n, line))
        builder.records.append(_story(item, f"item-{index + 1}", APPEAL, builder))


def _parse_news_listing(lines, builder):
    blocks, current = [], []
    for n, line in lines:
        if READ_MORE.match(line):
            item = [(n, line) for n, line in current if line]
            if item:
                blocks.append(item)
            current = []
        else:
            current.append((n, line))
    for index, item in enumerate(blocks, start=1):
        _news_item(item, f"item-{index}", builder)
    # What follows the last "Read more" is the site's furniture.
    _parse_furniture(_blocks(current), builder)
    if not blocks:
        builder.warn(1, "a listing without items")


def _parse_paragraphs(lines, builder):
    pending_title = None
    index = 0
    for block in _blocks(lines):
        first_n, first = block[0]
        if len(block) == 1 and _is_heading(first) and not _SENTENCE.match(first):
            if _page_key(first):
                _parse_furniture([block], builder)
            elif pending_title:
                builder.skip(pending_title[0], f"heading {pending_title[1]!r}")
                pending_title = (first_n, first)
            else:
                pending_title = (first_n, first)
            continue
        index += 1
        item = ([pending_title] if pending_title else []) + block
        pending_title = None
        _news_item(item, f"item-{index}", builder)
    if pending_title:
        builder.skip(pending_title[0], f"heading {pending_title[1]!r} is not an item")


def _page_key(heading):
    if _JOIN.search(heading):
        return "join"
    if _DONATE.search(heading):
        return "donate"
    return None


def _parse_furniture(blocks, builder):
    """Headings with their text: join/donate texts become pages, the rest is
    skipped with a note (never a post)."""
    sections = []
    for block in blocks:
        n, first = block[0]
        if len(first) <= 80 and not first.endswith("."):
            sections.append([(n, first), [line for _, line in block[1:]]])
        elif sections:
            sections[-1][1].extend(line for _, line in block)
        else:
            builder.skip(n, f"text after the last item: {clip(first, 60)!r}")
    for (n, heading), paragraphs in sections:
        key = _page_key(heading)
        if key:
            builder.records.append(PageText(key, n, heading, tuple(paragraphs)))
        else:
            builder.skip(n, f"site furniture {heading!r} is not a post")


def _news_item(item, key, builder):
    story = _story(item, key, ARTICLE, builder)
    builder.records.append(story)
    line = story.line
    for offset, meeting in enumerate(_meetings(story, builder.today), start=1):
        builder.records.append(
            Meeting(key=f"{key}/meeting-{offset}", line=line, **meeting)
        )
    message = _message(story)
    if message:
        builder.records.append(Message(key=f"{key}/message-1", line=line, **message))


def _story(item, key, kind, builder):
    """A story from its numbered lines: optional title line, optional byline
    ("By ..." or "Written by ... DATE"), date-only lines, paragraphs."""
    lines = list(item)
    first_line = lines[0][0]
    review = []
    title = byline = ""
    date = None
    if len(lines) > 1 and _is_heading(lines[0][1]) and not _is_date_line(lines[0][1]):
        title = lines.pop(0)[1]
    paragraphs = []
    for n, line in lines:
        written = WRITTEN_BY.match(line)
        by = BYLINE.match(line)
        if written and not byline:
            byline, date_text = _split_written_by(written.group("rest"))
            date = dates.parse_full_date(date_text)
            if date is None:
                builder.warn(
                    n,
                    f"impossible or unreadable date {date_text!r}"
                    if date_text
                    else "no date on the “Written by” line",
                )
                review.append(
                    f"date {date_text!r} is not a real date" if date_text else "no date"
                )
            elif dates.wrong_weekday(date_text, date):
                builder.warn(n, f"{date_text!r}: that day was not a {date:%A}")
                review.append(f"date {date_text!r} names the wrong weekday")
        elif by and not byline and not paragraphs:
            byline = by.group("byline")
        elif date is None and _is_date_line(line):
            date = dates.parse_full_date(line)
        else:
            paragraphs.append(strip_image_name(line))
    text = "\n".join(paragraphs)
    if not title:
        title = derive_title(text) if text else ""
        if not title:
            title = clip(byline, TITLE_LIMIT) or key
        review.append("title taken from the text")
    if date is None and not any(r.startswith("date") for r in review):
        found = [d for d in dates.find_dates(text) if d.year_known]
        impossible = [d for d in found if d.date is None]
        for bad in impossible:
            builder.warn(first_line, f"impossible date {bad.text!r} in the text")
            review.append(f"impossible date {bad.text!r} in the text")
        good = [d for d in found if d.date]
        if good:
            date = good[0].date
        else:
            partial = [d.text for d in dates.find_dates(text) if not d.year_known]
            if partial:
                review.append(f"date without a year ({partial[0]!r})")
            else:
                review.append("no date")
    return Story(
        kind=kind,
        key=key,
        line=first_line,
        title=title,
        byline=byline,
        paragraphs=tuple(paragraphs),
        date=date,
        countries=places.countries_in(title, *paragraphs),
        review=tuple(review),
    )


def _split_written_by(rest):
    """("In Defence of Marxism", "Tuesday, 06 November 2012")"""
    match = _DATE_TAIL.search(rest)
    if not match:
        return rest.strip(), ""
    author, date_text = rest[: match.start()].strip(), match.group("date").strip()
    if "," in date_text.split()[0] and dates.parse_full_date(date_text) is None:
        # "Smith, 6 May 2012": the word before the comma was no weekday.
        word, remainder = date_text.split(None, 1)
        if dates.parse_full_date(remainder):
            author, date_text = f"{author} {word.rstrip(',')}".strip(), remainder
    return author, date_text


def strip_image_name(paragraph):
    match = _GLUED_IMAGE.match(paragraph)
    if match and _FILE_NAME_HINT.search(match.group("name")):
        return paragraph[match.end() :]
    return paragraph


def clip(text, limit):
    """`text` cut at a word boundary to at most `limit` characters, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:–—-(") + "…"


def derive_title(text):
    """A readable title from a paragraph: its first sentence, or the start of
    it cut at a clause or word boundary (never mid-word, never "Untitled")."""
    text = " ".join(text.split())
    match = _SENTENCE.match(text)
    sentence = match.group() if match else text
    if len(sentence) <= TITLE_LIMIT:
        if sentence.endswith(".") and not sentence.endswith(".."):
            return sentence[:-1] or sentence
        return sentence
    head = sentence[:TITLE_LIMIT]
    best = max(head.rfind(b) for b in _CLAUSE_BREAKS)
    if best >= 40:
        return head[:best].rstrip(" ,;:–—-(") + "…"
    if " " in head[:-1]:
        return clip(sentence, TITLE_LIMIT)
    # One very long word (a web address?): keep it whole if a title can hold it.
    word = sentence.split(" ", 1)[0]
    return word if len(word) < MAX_TITLE else word[: MAX_TITLE - 1] + "…"


def _meetings(story, today):
    """Meetings a news item reports: a meeting word and a city. One meeting
    per "CITY on DATE" pair ("in Dublin on February 10 and Cork on
    February 11"), otherwise one."""
    text = "\n".join(story.paragraphs)
    word = _MEETING_WORDS.search(text)
    cities = places.city_mentions(text)
    if not word or not cities:
        return []
    kind = word.group(1).lower()
    found_dates = dates.find_dates(text)
    pairs = []
    for offset, city in cities:
        after = text[offset + len(city.name) :]
        on = re.match(r"\s+on\s+", after)
        if on:
            rest_offset = offset + len(city.name) + on.end()
            date = next((d for d in found_dates if d.offset == rest_offset), None)
            if date:
                pairs.append((city, date))
    if len(pairs) < 2:
        pairs = [(cities[0][1], found_dates[0] if found_dates else None)]
    venue_match = _VENUE.search(text)
    venue = venue_match.group("venue") if venue_match and len(pairs) == 1 else ""
    clock = dates.find_time(text) if len(pairs) == 1 else None
    meetings = []
    for city, found in pairs:
        review = ["title made from the text"]
        if found is None or found.date is None:
            day, guessed = today, "date"
            review.append("the text gives no date; set to the day of the import")
        elif found.year_known:
            day, guessed = found.date, ""
        else:
            year, why = dates.guess_year(
                found.date.month, found.date.day, found.weekday, today
            )
            day = _safe_date(year, found.date.month, found.date.day) or today
            guessed = "year"
            review.append(f"year unknown ({found.text!r}): assumed {year}, {why}")
        if clock is None:
            review.append("no start time in the text")
        label = kind.capitalize()
        title = (
            f"{label} at {venue}, {city.name}" if venue else f"{label} in {city.name}"
        )
        meetings.append(
            {
                "title": title,
                "paragraphs": story.paragraphs,
                "starts": datetime.datetime.combine(day, clock or datetime.time(0)),
                "guessed": guessed,
                "timezone": city.timezone,
                "venue": venue,
                "city": city.name,
                "country": city.country,
                "countries": story.countries,
                "review": tuple(review),
            }
        )
    return meetings


def _safe_date(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _message(story):
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
    return {"organisation": organisation[:200], "country": country, "text": text}
