"""Listings (pure): news listings with "Read more" after each item, titled
listings (a title and a byline/date line per item), and untitled
paragraphs under a section heading. Items are dated together
(dating.py), a last item cut off by the scrape is kept with a warning, and
the furniture after the last item becomes the join and donate texts."""

import re

from . import dates, dating, furniture
from .items import (
    ENDS_TEXT,
    Item,
    blocks,
    cut_off,
    header_of,
    impossible,
    is_heading,
    make_story,
    read_item,
    review_of,
    when_of,
)
from .records import APPEAL, ARTICLE, SENTENCE, PageText, clip
from .reports import news_extras

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

_JOIN = re.compile(r"\b(?:join|affiliat|membership)", re.IGNORECASE)

_DONATE = re.compile(r"\bdonat", re.IGNORECASE)


def is_listing_heading(line):
    return len(line) <= 120 and bool(_LISTING_HEADING.match(line))


def heads(content):
    """Indexes where a listing item starts: a title line followed by a
    byline/date line, or a date line followed by a title and text."""
    starts = []
    texts = [line for _, line in content]
    for i in range(len(texts) - 2):
        line, following = texts[i], texts[i + 1]
        if header_of(line) or not is_heading(line):
            continue
        if following == line and i + 2 < len(texts):
            following = texts[i + 2]
        if header_of(following) and not (starts and starts[-1] == i - 1):
            starts.append(i)
    if len(starts) < 2:
        dated_titles = [
            i
            for i in range(len(texts) - 2)
            if header_of(texts[i])
            and header_of(texts[i]).phrase
            and header_of(texts[i]).phrase.year  # a programme's days have none
            and not header_of(texts[i]).byline
            and is_heading(texts[i + 1])
            and not header_of(texts[i + 1])
            and not is_heading(texts[i + 2])
        ]
        if len(dated_titles) >= 2:
            return dated_titles
    return starts


def _emit_listing(items, builder, *, kind=ARTICLE, page=None, news=True):
    """Date, check and record a listing's items."""
    page_date, page_evidence = page or (None, "")
    if items:
        items[-1].truncated = cut_off(items[-1])
    evidence = [
        dating.Evidence(own=item.own[2] if item.own else None, text=item.text)
        for item in items
    ]
    datings = dating.date_items(
        evidence, today=builder.today, page_date=page_date, page_evidence=page_evidence
    )
    for index, (item, dated) in enumerate(zip(items, datings, strict=True), start=1):
        if impossible(item, builder):
            continue
        key = f"item-{index}"
        story = make_story(
            item, key, kind, when_of(dated), builder, review_of(item, builder)
        )
        builder.records.append(story)
        if news:
            news_extras(story, key, dated, builder)


def parse_titled_listing(lines, builder):
    content = [(n, line) for n, line in lines if line]
    starts = heads(content)
    for n, line in content[: starts[0]]:
        builder.skip(n, f"heading {line!r} is not an item")
    page = _page_date(content[: starts[0]])
    items = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(content)
        items.append(read_item(content[start:end]))
    last = items[-1] if items else None
    if last and len(last.paragraphs) > 1 and is_heading(last.paragraphs[-1][1]):
        # A next item cut off after its title: never part of the one before.
        n, title = last.paragraphs.pop()
        items.append(Item(lines=[(n, title)], title=(n, title)))
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


def parse_news_listing(lines, builder):
    items, current = [], []
    for n, line in lines:
        if line and furniture.READ_MORE.match(line):
            builder.skip(n, f"read more {clip(line, 60)!r}")
            item = [(m, text) for m, text in current if text]
            if item:
                items.append(read_item(item))
            current = []
        else:
            current.append((n, line))
    if items and items[0].title and is_listing_heading(items[0].title[1]):
        n, heading = items[0].title
        builder.skip(n, f"heading {heading!r} is not an item")
        items[0] = read_item([(m, t) for m, t in items[0].lines if m != n])
    sections = _furniture_sections(blocks(current))
    tail = [s for s in sections if s[2] == "item"]
    for _, block, _ in tail:
        items.append(read_item(block))
    if not items:
        builder.warn(1, "a listing without items")
    _emit_listing(items, builder)
    for section in sections:
        if section[2] != "item":
            _furniture_record(section, builder)


def _furniture_sections(runs):
    """What follows a listing's last "Read more": headed sections (join and
    donate texts, other furniture) or a last item cut off by the scrape."""
    sections = []
    for block in runs:
        n, first = block[0]
        if len(first) <= 80 and not first.endswith("."):
            sections.append([(n, first), list(block[1:]), "section"])
        elif sections:
            sections[-1][1].extend(block)
        else:
            sections.append([(n, first), list(block), "item"])
    for section in sections:
        (n, heading), body, kind = section
        if kind == "section" and not page_key(heading):
            text = " ".join(line for _, line in body)
            if body and not ENDS_TEXT.search(text):
                section[1] = [(n, heading), *body]
                section[2] = "item"
    return [tuple(section) for section in sections]


def _furniture_record(section, builder):
    (n, heading), body, _ = section
    key = page_key(heading)
    if key:
        paragraphs = tuple(line for _, line in body)
        builder.records.append(PageText(key, n, heading, paragraphs))
    else:
        builder.skip(n, f"site furniture {heading!r} is not a post")


def page_key(heading):
    if _JOIN.search(heading):
        return "join"
    if _DONATE.search(heading):
        return "donate"
    return None


def parse_paragraphs(lines, builder):
    """Untitled items separated by blank lines (a title line, if any, goes
    with the text under it); a section heading is not an item."""
    runs = blocks(lines)
    page = None
    if runs and len(runs[0]) == 1 and is_listing_heading(runs[0][0][1]):
        page = _page_date(runs[0])
        builder.skip(runs[0][0][0], f"heading {runs[0][0][1]!r} is not an item")
        runs = runs[1:]
    items, pending = [], None
    for block in runs:
        n, first = block[0]
        if len(block) == 1 and is_heading(first) and not SENTENCE.match(first):
            key = page_key(first)
            if key and not pending:
                builder.skip(n, f"site furniture {first!r} is not a post")
                continue
            if pending:
                builder.skip(pending[0], f"heading {pending[1]!r} is not an item")
            pending = (n, first)
            continue
        item = read_item(([pending] if pending else []) + block)
        if pending and item.title is None:
            item.title = pending
            item.paragraphs = [p for p in item.paragraphs if p != pending]
        pending = None
        items.append(item)
    if pending:
        items.append(Item(lines=[pending], title=pending))
    _emit_listing(items, builder, page=page)
