"""An item's parts (pure): its title, byline and date lines at the top or
foot in any usual arrangement, its paragraphs, and what makes it doubtful
(an impossible date, garbled characters) or skipped (a date line that
cannot be)."""

import re
from dataclasses import dataclass, field

from . import dates, header, letters, places
from .records import (
    MAX_TITLE,
    SENTENCE,
    TITLE_LIMIT,
    Story,
    When,
    clip,
    derive_title,
    strip_image_name,
)

ENDS_TEXT = re.compile(r"[.!?…\"”’')\]»:;]\s*$|\.\.\.\s*$|\[…\]$|\[\.\.\.\]$")

_GARBLED = re.compile(r"Ã[\x80-\xbf©¡³­±¼¶¤]|â€[\x80-\xbf™œ�]|\ufffd|Â\xa0")

LABELLED = re.compile(r"^[A-Z][\w -]{0,25}:\s")


@dataclass
class Item:
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


def blocks(lines):
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


def is_heading(line):
    return (
        len(line) <= 150
        and not line.endswith((".", ",", ";", ":"))
        and (not SENTENCE.match(line) or line.endswith(("!", "?", "…")))
    )


def header_of(line):
    """A byline or date line (never a sentence that happens to hold a date)."""
    found = header.read(line)
    if found and (found.phrase or found.byline):
        return found
    return None


def read_item(lines):
    """Title, byline and date lines at the top (any order) and foot of an
    item's lines; the rest are its paragraphs. Of two headings at the top,
    the one after a date line is the title (Blogger puts the blog's name,
    then the date, then the post's title)."""
    item = Item(lines=list(lines))
    rest = list(lines)
    headings, dated_before = [], None
    taken = 0
    while len(rest) > 1 and taken < 6:
        n, line = rest[0]
        found = header_of(line)
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
            is_heading(line)
            and not letters.is_salutation(line)
            and not (headings and LABELLED.match(line))
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
        found = header_of(line)
        if not found or (found.byline and not found.phrase and not _posted_by(line)):
            break
        _take_header(item, n, line, found)
        rest.pop()
    item.paragraphs = [(n, strip_image_name(line)) for n, line in rest]
    item.paragraphs = [(n, p) for n, p in item.paragraphs if p]
    if item.own is None and item.title:
        # "23/12/2009 - Xmas message from our President": a dated title.
        n, title = item.title
        found = dates.find_dates(title)
        if found and found[0].start == 0 and found[0].year and found[0].day:
            item.own = (n, title, found[0])
    if item.own is None:
        # A date alone on a line just below an opening sentence ("This
        # release came from our friends. / July 22, 2022").
        for index, (n, line) in enumerate(item.paragraphs[1:4], start=1):
            found = header_of(line)
            phrase = found.phrase if found and not found.byline else None
            if phrase and phrase.year and phrase.end - phrase.start >= len(line) - 12:
                item.own = (n, line, phrase)
                del item.paragraphs[index]
                break
    return item


def _posted_by(line):
    return bool(re.match(r"^(?:posted|written|submitted)\s+by\b", line, re.I))


def _take_header(item, n, line, found):
    if found.phrase and item.own is None:
        item.own = (n, line, found.phrase)
    if found.byline and not item.byline:
        item.byline = found.byline[:300]


def impossible(item, builder):
    """Skip an item whose own date line names a day that cannot be."""
    if item.own and not item.own[2].possible:
        n, line, phrase = item.own
        builder.warn(
            n, f"impossible date {phrase.text!r} in {line!r}: this item was skipped"
        )
        return True
    return False


def review_of(item, builder):
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


def lead_title(item):
    """A title from the first paragraph that is not a salutation."""
    lead = next(
        (p for _, p in item.paragraphs if not letters.is_salutation(p)), item.text
    )
    return derive_title(lead) if lead else ""


def make_story(item, key, kind, when, builder, review=()):
    title = item.title[1] if item.title else ""
    title = title or lead_title(item) or clip(item.byline, TITLE_LIMIT) or key
    paragraphs = tuple(p for _, p in item.paragraphs)
    if item.truncated:
        builder.warn(
            item.paragraphs[-1][0] if item.paragraphs else item.first_line,
            "the page ends in the middle of this item (cut off): kept as far "
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


def when_of(dated):
    return When(dated.date, dated.precision, dated.evidence)


def cut_off(item):
    if not item.paragraphs:
        return item.title is not None
    return not ENDS_TEXT.search(item.paragraphs[-1][1])
