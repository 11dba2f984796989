"""The records a parsed page gives (pure dataclasses), and text helpers
shared by the parsers: clipping, titles derived from text, image names
glued to a lead."""

import datetime
import re
from dataclasses import dataclass, field

from . import dates
from .dates import UNKNOWN

ARTICLE = "article"

APPEAL = "appeal"

MAX_LINE_LENGTH = 100_000  # a scraped page has paragraphs, not megabyte lines

TITLE_LIMIT = 110

MAX_TITLE = 300  # Post.title

SUMMARY_LIMIT = 2000

SENTENCE = re.compile(r"^.+?[.!?…](?=\s+[A-Z“\"‘(]|\s*$)", re.DOTALL)

_CLAUSE_BREAKS = (", ", ": ", "; ", " – ", " — ", " - ", " (")

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
class Builder:
    today: datetime.date
    records: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    comments_at: int | None = None

    def warn(self, line, text):
        self.warnings.append(Notice(line, text))

    def skip(self, line, text):
        self.skipped.append(Notice(line, text))


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
    match = SENTENCE.match(text)
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
