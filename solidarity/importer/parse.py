"""Turn the text of a scraped campaign page into typed records (pure).

No database and no files: `parse_document(text, today=...)` returns a
`Document` whose records are `Story` (an article or an appeal), `Meeting`,
`Message` and `PageText` (the join and donate texts). Site furniture is
removed first (furniture.py), hard-wrapped paragraphs are rejoined
(wrap.py), then the page's shape is recognised from its structure:

- a mailing-list message: subject, sender and timestamp, then the text;
- a news listing: items each ending in "Read more" (in several languages);
- a titled listing: items headed by a title and a byline/date line
  ("Written by X Tuesday, 06 November 2012", "May 1, 2006");
- a listing under a section heading ("News", "Daily Archives: ..."), or
  untitled paragraphs: one item per paragraph (or per heading and text);
- a single page: title, byline and date in any usual arrangement
  (header.py), which is a letter of solidarity (letters.py) when it has a
  salutation and a signature, an announcement of one meeting when it gives
  a date, a time and a venue, and otherwise an article.

Dates come from evidence only (dating.py). Text is kept as written; only
image file names glued to a lead by the scraper are removed. An item whose
own date cannot be (31 February) is skipped with a warning; an item whose
content is doubtful (an impossible date in its text, garbled characters)
is imported for review.
"""

import datetime
import re
from dataclasses import dataclass, field

from . import dates, dating, furniture, header, letters, places, wrap
from .dates import DAY, UNKNOWN

ARTICLE = "article"
APPEAL = "appeal"

MAX_LINE_LENGTH = 100_000  # a scraped page has paragraphs, not megabyte lines
TITLE_LIMIT = 110
MAX_TITLE = 300  # Post.title
SUMMARY_LIMIT = 2000

_SENTENCE = re.compile(r"^.+?[.!?…](?=\s+[A-Z“\"‘(]|\s*$)", re.DOTALL)
_CLAUSE_BREAKS = (", ", ": ", "; ", " – ", " — ", " - ", " (")
_ENDS_TEXT = re.compile(r"[.!?…\"”’')\]»:;]\s*$|\.\.\.\s*$|\[…\]$|\[\.\.\.\]$")
_GARBLED = re.compile(r"Ã[\x80-\xbf©¡³­±¼¶¤]|â€[\x80-\xbf™œ�]|\ufffd|Â\xa0")
_COMMENTS_START = re.compile(
    r"^(?:(?:\d+|one|two|three|no)\s+(?:comments?|responses?|replies|thoughts?)"
    r"(?:\s+(?:on|to)\s+.*)?:?|leave a (?:reply|comment).*|post a comment|"
    r"comments are closed\.?|.{1,60}\s+said(?:\.{3}|…|:)|sem comentários:?|"
    r"geen opmerkingen:?|keine kommentare:?|aucun commentaire:?|"
    r"sin comentarios:?|nessun commento:?)$",
    re.IGNORECASE,
)
_LISTING_HEADING = re.compile(
    r"^(?:(?:latest|recent|campaign|our|all|more|other|related)\s+)?"
    r"(?:news|updates?|articles|posts|stories|statements|press releases?|appeals|"
    r"solidarity (?:appeals|messages|actions|news)|messages(?: of solidarity)?|"
    r"reports|events|archives?|blog|actions|campaigns|announcements|bulletins?|"
    r"noticias|nachrichten|aktuelles|actualités|notizie|nieuws|notícias|"
    r"aktualności|haberler|comunicados|communiqués|pressemitteilungen)"
    r"(?:\s*[:|–-]\s*.*)?$"
    r"|^(?:(?:daily|monthly|yearly)\s+)?archives?\s*(?:for|of|:).*"
    r"|^(?:articles?|news|posts?|stories|feature)\s+(?:listing|list|archive|index)\b.*"
    r"|^(?:category|tag|label|topic|posts tagged|tagged|archive for|posts from|"
    r"entries for|posts in|showing posts)\b.*",
    re.IGNORECASE,
)
_MEETING_WORDS = re.compile(
    r"\b(meeting|demonstration|demo|picket|rally|protest|vigil|conference|march|"
    r"forum|webinar|teach-in|assembly|day school|festival|talk|screening|"
    r"gathering|social|fundraiser)s?\b",
    re.IGNORECASE,
)
_VENUE = re.compile(
    r"\b(?:at|in front of|outside|in)\s+(?:the\s+)?"
    r"(?P<venue>(?:[A-Z][\w’'.-]*\s+){1,4}"
    r"(?:[Hh]all|[Cc]entre|[Cc]enter|[Cc]onsulate|[Ee]mbassy|[Hh]ouse|[Cc]hurch|"
    r"[Ll]ibrary|[Cc]lub|[Tt]heatre|[Ss]quare|[Pp]ark|[Hh]otel|[Uu]niversity|"
    r"[Cc]ollege|[Tt]avern|[Pp]ub|[Hh]ub|[Ii]nstitute))\b"
)
_VENUE_LABEL = re.compile(
    r"^(?:venue|where|location|place|address|lieu|ort|lugar|luogo|locatie|"
    r"local|adresse|dirección)\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_WHEN_LABEL = re.compile(
    r"^(?:date|when|time|datum|fecha|data|heure|zeit|hora|ora)\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
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
_LABELLED = re.compile(r"^[A-Z][\w -]{0,25}:\s")
_JOIN = re.compile(r"\b(?:join|affiliat|membership)", re.IGNORECASE)
_DONATE = re.compile(r"\bdonat", re.IGNORECASE)
_SUBJECT_TAG = re.compile(
    r"^(?:\[[^\]]{1,40}\]\s*)+|^(?:(?:re|fwd?|aw|tr|wg)\s*:\s*)+", re.I
)
_GLUED_IMAGE = re.compile(
    r"^(?P<name>(?:[a-z0-9][\w.-]*\s+){0,2}[a-z0-9][\w.-]*?)(?=[“‘\"']?[A-Z][a-z\s])"
)
_FILE_NAME_HINT = re.compile(r"[-_\d]|^(?:thumb|img|image|photo|pic)\b")


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
class When:
    """A date at a precision, and the evidence for it."""

    date: datetime.date | None = None
    precision: str = UNKNOWN
    evidence: str = "no date on the item or the page"

    def __str__(self):
        return f"{dates.show(self.date, self.precision)} ({self.evidence})"


@dataclass(frozen=True)
class Story:
    """An article or an appeal."""

    kind: str
    key: str
    line: int
    title: str
    byline: str
    paragraphs: tuple[str, ...]
    when: When
    countries: tuple[str, ...]
    review: tuple[str, ...] = ()

    @property
    def date(self):
        return self.when.date

    @property
    def summary(self):
        return clip(self.paragraphs[0], SUMMARY_LIMIT) if self.paragraphs else ""


@dataclass(frozen=True)
class Meeting:
    key: str
    line: int
    title: str
    paragraphs: tuple[str, ...]
    starts: datetime.datetime | None  # naive, local time at the venue
    ends: datetime.datetime | None
    when: When
    timezone: str
    venue: str
    address: str
    city: str
    country: str
    countries: tuple[str, ...]
    published: When = When()
    review: tuple[str, ...] = ()


@dataclass(frozen=True)
class Message:
    key: str
    line: int
    author: str
    role: str
    organisation: str
    country: str
    text: str
    when: When = When()
    city: str = ""


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
class _Item:
    """An item's parts before dating: where its lines were, what they are."""

    lines: list
    title: tuple | None = None  # (line, text)
    byline: str = ""
    own: tuple | None = None  # (line, text, Phrase)
    paragraphs: list = field(default_factory=list)  # [(line, text)]
    truncated: bool = False
    site_name: tuple | None = None

    @property
    def first_line(self):
        return self.lines[0][0] if self.lines else 1

    @property
    def text(self):
        return "\n".join(p for _, p in self.paragraphs)


@dataclass
class _Builder:
    today: datetime.date
    records: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    comments_at: int | None = None

    def warn(self, line, text):
        self.warnings.append(Notice(line, text))

    def skip(self, line, text):
        self.skipped.append(Notice(line, text))


def parse_document(text, *, today):
    """Parse a page's text. `today` bounds dates: nothing is dated after it."""
    builder = _Builder(today=today)
    lines = _remove_furniture(_lines(text), builder)
    width = wrap.wrap_width([line for _, line in lines])
    if width:
        lines = wrap.rejoin(lines, width)
    content = [(n, line) for n, line in lines if line]
    if not content:
        builder.warn(1, "nothing but site furniture on the page")
        return _document("furniture only", builder)
    shape = _shape(lines, content)
    {
        "mailing-list message": _parse_mail,
        "news listing": _parse_news_listing,
        "titled listing": _parse_titled_listing,
        "listing": _parse_paragraphs,
        "news paragraphs": _parse_paragraphs,
        "single page": _parse_single,
    }[shape](lines, builder)
    return _document(shape, builder)


def _document(shape, builder):
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
        lines.append((number, line.strip().lstrip("\ufeff").strip()))
    return lines


def _remove_furniture(lines, builder):
    """Furniture lines blanked (noted as skipped); address placeholders cut."""
    out = []
    cookie_lines = []
    for index, (number, line) in enumerate(lines):
        line, scrubbed = furniture.scrub(line)
        if scrubbed:
            builder.skip(number, "an e-mail address placeholder removed")
        reason = furniture.classify(line) if line else None
        if reason == "read more":
            reason = None  # a listing's separator: the shapes need it
        if reason:
            builder.skip(number, f"{reason} {clip(line, 60)!r}")
            if reason == "cookie banner":
                cookie_lines.append(index)
            line = ""
        elif line and furniture.is_image_name(line):
            builder.skip(number, f"image file name {clip(line, 60)!r}")
            line = ""
        if line and builder.comments_at is None and _COMMENTS_START.match(line):
            builder.comments_at = number
        out.append((number, line))
    for index in cookie_lines:  # the banner's buttons
        for near in range(max(0, index - 6), min(len(out), index + 7)):
            number, line = out[near]
            if line and furniture.is_button(line):
                builder.skip(number, f"cookie banner {line!r}")
                out[near] = (number, "")
    return out


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


def _header(line):
    """A byline or date line (never a sentence that happens to hold a date)."""
    found = header.read(line)
    if found and (found.phrase or found.byline):
        return found
    return None


# --- shapes ---------------------------------------------------------------------


def _shape(lines, content):
    texts = [line for _, line in content]
    head = texts[:8]
    fields = [header.mail_field(line) for line in head]
    if sum(1 for f in fields if f and f[0] in {"from", "subject", "date", "sent"}) >= 2:
        return "mailing-list message"
    if any(header.mail_sender(line) for line in head[:4]) and any(
        _header(line) and _header(line).phrase and _header(line).phrase.time
        for line in head[:5]
    ):
        return "mailing-list message"
    if sum(1 for line in texts if furniture.READ_MORE.match(line)) >= 2:
        return "news listing"
    if len(_heads(content)) >= 2:
        return "titled listing"
    if _is_listing_heading(texts[0]) and not any(_header(t) for t in texts[1:3]):
        return "listing"
    if _looks_single(texts):
        return "single page"
    if len(_blocks(lines)) >= 2:
        return "news paragraphs"
    return "single page"


def _is_listing_heading(line):
    return len(line) <= 120 and bool(_LISTING_HEADING.match(line))


def _heads(content):
    """Indexes where a listing item starts: a title line followed by a
    byline/date line, or a date line followed by a title and text."""
    starts = []
    texts = [line for _, line in content]
    for i in range(len(texts) - 2):
        line, following = texts[i], texts[i + 1]
        if _header(line) or not _is_heading(line):
            continue
        if following == line and i + 2 < len(texts):
            following = texts[i + 2]
        if _header(following) and not (starts and starts[-1] == i - 1):
            starts.append(i)
    if len(starts) < 2:
        dated_titles = [
            i
            for i in range(len(texts) - 2)
            if _header(texts[i])
            and _header(texts[i]).phrase
            and not _header(texts[i]).byline
            and _is_heading(texts[i + 1])
            and not _header(texts[i + 1])
            and not _is_heading(texts[i + 2])
        ]
        if len(dated_titles) >= 2:
            return dated_titles
    return starts


def _looks_single(texts):
    """A page with a title, byline or date at its top or foot, or a letter."""
    top = texts[:4]
    if any(_header(t) for t in top) or any(letters.is_salutation(t) for t in texts[:5]):
        return True
    if _header(texts[-1]) and len(texts) > 1:
        return True
    return _is_heading(texts[0]) and len(texts) > 1


# --- items ----------------------------------------------------------------------


def _read_item(lines):
    """Title, byline and date lines at the top (any order) and foot of an
    item's lines; the rest are its paragraphs. Of two headings at the top,
    the one after a date line is the title (Blogger puts the blog's name,
    then the date, then the post's title)."""
    item = _Item(lines=list(lines))
    rest = list(lines)
    headings, dated_before = [], None
    taken = 0
    while len(rest) > 1 and taken < 6:
        n, line = rest[0]
        found = _header(line)
        if found:
            _take_header(item, n, line, found)
            phrase = found.phrase
            if (
                phrase
                and phrase.year
                and phrase.time is None
                and not found.byline
                and dated_before is None
            ):
                dated_before = len(headings)
        elif (
            _is_heading(line)
            and not letters.is_salutation(line)
            and not (headings and _LABELLED.match(line))
        ):
            if headings and headings[-1][1] == line:  # a title shown twice
                rest.pop(0)
                continue
            if len(headings) == 2 or (headings and dated_before is None):
                break
            headings.append((n, line))
        else:
            break
        rest.pop(0)
        taken += 1
    if (
        len(headings) == 2
        and dated_before == 1
        and not re.search(r"\d", headings[1][1])
    ):
        item.site_name, item.title = headings
    elif headings:
        item.title = headings[0]
        rest = headings[1:] + rest
    while len(rest) > 1:
        n, line = rest[-1]
        found = _header(line)
        if not found or (found.byline and not found.phrase and not _posted_by(line)):
            break
        _take_header(item, n, line, found)
        rest.pop()
    item.paragraphs = [(n, strip_image_name(line)) for n, line in rest]
    item.paragraphs = [(n, p) for n, p in item.paragraphs if p]
    return item


def _posted_by(line):
    return bool(re.match(r"^(?:posted|written|submitted)\s+by\b", line, re.I))


def _take_header(item, n, line, found):
    if found.phrase and item.own is None:
        item.own = (n, line, found.phrase)
    if found.byline and not item.byline:
        item.byline = found.byline[:300]


def _impossible(item, builder):
    """Skip an item whose own date line names a day that cannot be."""
    if item.own and not item.own[2].possible:
        n, line, phrase = item.own
        builder.warn(
            n, f"impossible date {phrase.text!r} in {line!r}: this item was skipped"
        )
        return True
    return False


def _review(item, builder):
    review = []
    for phrase in dates.find_dates(item.text):
        if not phrase.possible:
            builder.warn(
                item.first_line, f"impossible date {phrase.text!r} in the text"
            )
            review.append(f"impossible date {phrase.text!r} in the text")
    if item.own and item.own[2].wrong_weekday:
        n, _, phrase = item.own
        builder.warn(n, f"{phrase.text!r}: that day was not a {phrase.date:%A}")
        review.append(f"date {phrase.text!r} names the wrong weekday")
    garbled = _GARBLED.search(item.text + (item.title[1] if item.title else ""))
    if garbled:
        review.append(f"garbled characters {garbled.group()!r}")
    return review


def _story(item, key, kind, when, builder, review=()):
    title = item.title[1] if item.title else ""
    if not title:
        title = derive_title(item.text) if item.text else ""
        title = title or clip(item.byline, TITLE_LIMIT) or key
    paragraphs = tuple(p for _, p in item.paragraphs)
    if item.truncated:
        builder.warn(
            item.paragraphs[-1][0] if item.paragraphs else item.first_line,
            "the page ends in the middle of this item (cut off): imported as far "
            "as it goes",
        )
    return Story(
        kind=kind,
        key=key,
        line=item.first_line,
        title=title[:MAX_TITLE],
        byline=item.byline,
        paragraphs=paragraphs,
        when=when,
        countries=places.countries_in(title, *paragraphs),
        review=tuple(review),
    )


def _when(dated):
    return When(dated.date, dated.precision, dated.evidence)


def _cut_off(item):
    if not item.paragraphs:
        return item.title is not None
    return not _ENDS_TEXT.search(item.paragraphs[-1][1])


# --- listings -------------------------------------------------------------------


def _emit_listing(items, builder, *, kind=ARTICLE, page=None, news=True):
    """Date, check and record a listing's items."""
    page_date, page_evidence = page or (None, "")
    if items:
        items[-1].truncated = _cut_off(items[-1])
    evidence = [
        dating.Evidence(own=item.own[2] if item.own else None, text=item.text)
        for item in items
    ]
    datings = dating.date_items(
        evidence, today=builder.today, page_date=page_date, page_evidence=page_evidence
    )
    for index, (item, dated) in enumerate(zip(items, datings, strict=True), start=1):
        if _impossible(item, builder):
            continue
        key = f"item-{index}"
        story = _story(item, key, kind, _when(dated), builder, _review(item, builder))
        builder.records.append(story)
        if news:
            _news_extras(story, key, dated, builder)


def _parse_titled_listing(lines, builder):
    content = [(n, line) for n, line in lines if line]
    starts = _heads(content)
    for n, line in content[: starts[0]]:
        builder.skip(n, f"heading {line!r} is not an item")
    page = _page_date(content[: starts[0]])
    items = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(content)
        items.append(_read_item(content[start:end]))
    last = items[-1] if items else None
    if last and len(last.paragraphs) > 1 and _is_heading(last.paragraphs[-1][1]):
        # A next item cut off after its title: never part of the one before.
        n, title = last.paragraphs.pop()
        items.append(_Item(lines=[(n, title)], title=(n, title)))
    kind = APPEAL if _is_appeals(content[: starts[0]], items) else ARTICLE
    _emit_listing(items, builder, kind=kind, page=page, news=kind == ARTICLE)


def _is_appeals(headings, items):
    words = " ".join(line for _, line in headings) or " ".join(
        i.title[1] for i in items if i.title
    )
    return bool(re.search(r"\bappeals?\b", words, re.I)) and bool(headings)


def _page_date(headings):
    for n, line in headings:
        for phrase in dates.find_dates(line):
            if phrase.date:
                return phrase.date, f"the page's heading {line!r} (line {n})"
    return None


def _parse_news_listing(lines, builder):
    items, current = [], []
    for n, line in lines:
        if line and furniture.READ_MORE.match(line):
            builder.skip(n, f"read more {clip(line, 60)!r}")
            item = [(m, text) for m, text in current if text]
            if item:
                items.append(_read_item(item))
            current = []
        else:
            current.append((n, line))
    if items and items[0].title and _is_listing_heading(items[0].title[1]):
        n, heading = items[0].title
        builder.skip(n, f"heading {heading!r} is not an item")
        items[0] = _read_item([(m, t) for m, t in items[0].lines if m != n])
    sections = _furniture_sections(_blocks(current), builder)
    tail = [s for s in sections if s[2] == "item"]
    for _, block, _ in tail:
        items.append(_read_item(block))
    if not items:
        builder.warn(1, "a listing without items")
    _emit_listing(items, builder)
    for section in sections:
        if section[2] != "item":
            _furniture_record(section, builder)


def _furniture_sections(blocks, builder):
    """What follows a listing's last "Read more": headed sections (join and
    donate texts, other furniture) or a last item cut off by the scrape."""
    sections = []
    for block in blocks:
        n, first = block[0]
        if len(first) <= 80 and not first.endswith("."):
            sections.append([(n, first), list(block[1:]), "section"])
        elif sections:
            sections[-1][1].extend(block)
        else:
            sections.append([(n, first), list(block), "item"])
    for section in sections:
        (n, heading), body, kind = section
        if kind == "section" and not _page_key(heading):
            text = " ".join(line for _, line in body)
            if body and not _ENDS_TEXT.search(text):
                section[1] = [(n, heading), *body]
                section[2] = "item"
    return [
        ((n, h), body if kind == "section" else body, kind)
        for (n, h), body, kind in sections
    ]


def _furniture_record(section, builder):
    (n, heading), body, _ = section
    key = _page_key(heading)
    if key:
        paragraphs = tuple(line for _, line in body)
        builder.records.append(PageText(key, n, heading, paragraphs))
    else:
        builder.skip(n, f"site furniture {heading!r} is not a post")


def _page_key(heading):
    if _JOIN.search(heading):
        return "join"
    if _DONATE.search(heading):
        return "donate"
    return None


def _parse_paragraphs(lines, builder):
    """Untitled items separated by blank lines (a title line, if any, goes
    with the text under it); a section heading is not an item."""
    blocks = _blocks(lines)
    page = None
    if blocks and len(blocks[0]) == 1 and _is_listing_heading(blocks[0][0][1]):
        page = _page_date(blocks[0])
        builder.skip(blocks[0][0][0], f"heading {blocks[0][0][1]!r} is not an item")
        blocks = blocks[1:]
    items, pending = [], None
    for block in blocks:
        n, first = block[0]
        if len(block) == 1 and _is_heading(first) and not _SENTENCE.match(first):
            key = _page_key(first)
            if key and not pending:
                builder.skip(n, f"site furniture {first!r} is not a post")
                continue
            if pending:
                builder.skip(pending[0], f"heading {pending[1]!r} is not an item")
            pending = (n, first)
            continue
        item = _read_item(([pending] if pending else []) + block)
        if pending and item.title is None:
            item.title = pending
            item.paragraphs = [p for p in item.paragraphs if p != pending]
        pending = None
        items.append(item)
    if pending:
        items.append(_Item(lines=[pending], title=pending))
    _emit_listing(items, builder, page=page)


def _news_extras(story, key, dated, builder):
    for offset, meeting in enumerate(_reported_meetings(story, dated), start=1):
        builder.records.append(
            Meeting(key=f"{key}/meeting-{offset}", line=story.line, **meeting)
        )
    message = _reported_message(story)
    if message:
        builder.records.append(
            Message(key=f"{key}/message-1", line=story.line, when=story.when, **message)
        )


# --- single pages ---------------------------------------------------------------


def _parse_single(lines, builder):
    content = [(n, line) for n, line in lines if line]
    if builder.comments_at:
        dropped = [(n, line) for n, line in content if n > builder.comments_at]
        if dropped:
            builder.skip(
                dropped[0][0], f"{len(dropped)} line(s) of comments after the text"
            )
        content = [(n, line) for n, line in content if n < builder.comments_at]
    item = _read_item(content)
    if _impossible(item, builder):
        return
    when = _single_when(item, builder.today)
    letter = _letter(item, when)
    if letter:
        builder.records.append(letter)
        if item.title:
            builder.skip(item.title[0], f"the letter's heading {item.title[1]!r}")
        return
    meeting = _announcement(item, when, builder)
    if meeting is not None:
        if meeting:
            builder.records.append(meeting)
        return
    _signature_byline(item)
    builder.records.append(
        _story(item, "item-1", ARTICLE, when, builder, _review(item, builder))
    )


def _signature_byline(item):
    """A statement signed at its foot ("International Committee / National
    Union of Teachers"): the signature is its byline, not its text."""
    if item.byline or len(item.paragraphs) < 2:
        return
    for size in (3, 2, 1):
        tail = [p for _, p in item.paragraphs[-size:]]
        if size >= len(item.paragraphs) or any(len(p) > 100 for p in tail):
            continue
        signature = letters.parse_signature(tail)
        if signature and (signature.organisation or signature.role):
            parts = [signature.author, signature.role, signature.organisation]
            item.byline = ", ".join(p for p in parts if p)[:300]
            del item.paragraphs[-size:]
            return


def _single_when(item, today):
    if item.own:
        own = dating.own_date(item.own[2], today)
        if own:
            return _when(own)
    return When()


def _parse_mail(lines, builder):
    """A mailing-list archive page: subject, sender, timestamp, text."""
    content = [(n, line) for n, line in lines if line]
    subject = sender = None
    phrase = None
    body_start = 0
    for index, (n, line) in enumerate(content[:8]):
        field_ = header.mail_field(line)
        found = _header(line)
        if field_ and field_[0] in {"subject", "betreff", "objet", "asunto", "oggetto"}:
            subject = (n, field_[1])
        elif field_ and field_[0] in {"from", "von", "de"}:
            sender = header.mail_sender(field_[1]) or header.clean_byline(field_[1])
        elif field_ and field_[0] in {"date", "sent"}:
            found = header.read(field_[1])
            phrase = phrase or (found.phrase if found else None)
        elif field_:
            pass
        elif header.mail_sender(line) and not sender:
            sender = header.mail_sender(line)
        elif found and found.phrase and not found.byline and phrase is None:
            phrase = found.phrase
        elif subject is None and index == 0:
            subject = (n, line)
        else:
            break
        body_start = index + 1
    body = content[body_start:]
    title = _SUBJECT_TAG.sub("", subject[1]).strip() if subject else ""
    item = _Item(lines=content, byline=sender or "")
    if title:
        item.title = (subject[0], title)
    if phrase:
        item.own = (content[0][0], phrase.text, phrase)
    item.paragraphs = _quoted_removed(body)
    if _impossible(item, builder):
        return
    when = _single_when(item, builder.today)
    if when.date:
        when = When(
            when.date, when.precision, f"the message's timestamp {phrase.text!r}"
        )
    builder.records.append(
        _story(item, "item-1", ARTICLE, when, builder, _review(item, builder))
    )


_ATTRIBUTION = re.compile(
    r"^(?:on .{5,120}wrote:|.{2,80} (?:wrote|schrieb|a écrit|escribió):)$", re.I
)


def _quoted_removed(body):
    """The message's own text: no quoted lines, no "On ..., X wrote:", no
    trailing list addresses."""
    kept = [
        (n, line)
        for n, line in body
        if not line.startswith(">") and not _ATTRIBUTION.match(line)
    ]
    while kept and re.fullmatch(r"--\s*|https?://\S+", kept[-1][1]):
        kept.pop()
    return kept


def _letter(item, when):
    """A Message if the item is a letter: a salutation and a signature."""
    paragraphs = item.paragraphs
    start = next(
        (i for i, (_, p) in enumerate(paragraphs[:3]) if letters.is_salutation(p)), None
    )
    if start is None:
        return None
    closing = max(
        (
            i
            for i, (_, p) in enumerate(paragraphs)
            if i > start and letters.is_closing(p)
        ),
        default=None,
    )
    if closing is not None:
        tail = [p for _, p in paragraphs[closing + 1 : closing + 7]]
        body = paragraphs[start : closing + 1]
    else:
        tail = []
        for size in (1, 2, 3):
            candidate = [p for _, p in paragraphs[-size:]]
            if letters.parse_signature(candidate):
                tail = candidate
        body = paragraphs[start : len(paragraphs) - len(tail)]
    signature = letters.parse_signature(tail) if tail else None
    if signature is None or not body:
        return None
    city = places.lookup_city(signature.city) if signature.city else None
    codes = [city.country] if city else places.countries_in(signature.organisation)
    return Message(
        key="item-1",
        line=paragraphs[start][0],
        author=signature.author or signature.organisation,
        role=signature.role,
        organisation=signature.organisation,
        country=codes[0] if codes else "",
        text="\n\n".join(p for _, p in body),
        when=when,
        city=signature.city,
    )


def _announcement(item, when, builder):
    """One Meeting if the page announces one: a meeting word, a date with a
    time or a venue near the top. Repeats of the date change nothing."""
    title = item.title[1] if item.title else ""
    top = [title] + [p for _, p in item.paragraphs[:10]]
    if not _MEETING_WORDS.search(" ".join(top[:3])):
        return None
    phrase, date_line = None, ""
    for line in top:
        labelled = _WHEN_LABEL.match(line)
        found = dates.find_dates(labelled.group("value") if labelled else line)
        found = [p for p in found if p.day is not None]
        if found:
            phrase, date_line = found[0], line
            break
    if phrase is None and item.own and item.own[2].day:
        phrase, date_line = item.own[2], item.own[1]
    if phrase is None:
        return None
    venue_line = next((m.group("value") for m in map(_VENUE_LABEL.match, top) if m), "")
    venue_match = _VENUE.search(" ".join(top))
    start, end = dates.find_time_range(date_line)
    if start is None:
        time_line = next(
            (
                m.group("value")
                for m in map(_WHEN_LABEL.match, top)
                if m and dates.find_time(m.group("value"))
            ),
            "",
        )
        start, end = dates.find_time_range(time_line)
    if start is None and not venue_line and not venue_match:
        return None
    if not phrase.possible:
        builder.warn(
            item.first_line,
            f"impossible date {phrase.text!r} in {date_line!r}: this item was skipped",
        )
        return False
    low = when.date if when.precision == DAY else None
    day, why = dating.resolve(phrase, low, None, future=True)
    if day is None:
        meeting_when = When(evidence=why)
    else:
        meeting_when = When(
            day,
            DAY,
            f"the announcement's date {phrase.text!r}"
            + (f"; {why}" if phrase.year is None else ""),
        )
    venue, address, city = _venue_parts(venue_line, venue_match, date_line, top)
    paragraphs = tuple(p for _, p in item.paragraphs)
    return Meeting(
        key="item-1",
        line=item.first_line,
        title=(title or derive_title(item.text))[:MAX_TITLE],
        paragraphs=paragraphs,
        starts=datetime.datetime.combine(day, start or datetime.time())
        if day
        else None,
        ends=datetime.datetime.combine(day, end) if day and end else None,
        when=meeting_when,
        timezone=city.timezone if city else "",
        venue=venue,
        address=address,
        city=city.name if city else "",
        country=city.country if city else "",
        countries=places.countries_in(title, *paragraphs),
        published=when,
        review=() if start else ("no start time in the text",),
    )


def _venue_parts(venue_line, venue_match, date_line, top):
    """(venue, address, City) from "Venue: Conway Hall, 25 Red Lion Square,
    London WC1R 4RL" or a line after the date that names a known city."""
    candidates = [venue_line] if venue_line else []
    # The lines after the date (or after the title when the date was a
    # header line of its own).
    after = top.index(date_line) + 1 if date_line in top else 1
    candidates += [line for line in top[after : after + 2] if len(line) <= 150]
    for line in candidates:
        parts = [p.strip() for p in re.split(r",\s*", line) if p.strip()]
        city = None
        for part in reversed(parts):
            for word_run in _runs(part):
                city = places.lookup_city(word_run)
                if city:
                    break
            if city:
                break
        if city or line == venue_line:
            venue = parts[0] if parts else ""
            return venue[:200], ", ".join(parts[1:])[:300], city
    venue = venue_match.group("venue") if venue_match else ""
    cities = places.city_mentions(" ".join(top))
    return venue, "", cities[0][1] if cities else None


def _runs(text):
    words = [w for w in re.split(r"\s+", text) if w and not re.search(r"\d", w)]
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            yield " ".join(words[i : i + size])


# --- what a news item reports ---------------------------------------------------


def _reported_meetings(story, dated):
    """Meetings a news item reports: a meeting word and a city. One meeting
    per "CITY on DATE" pair ("in Dublin on February 10 and Cork on
    February 11"), otherwise one."""
    text = "\n".join(story.paragraphs)
    word = _MEETING_WORDS.search(text)
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
    venue_match = _VENUE.search(text)
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


# --- text helpers ---------------------------------------------------------------


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
