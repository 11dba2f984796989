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

import html
import re

from . import furniture, header, letters, wrap
from .items import blocks, header_of, is_heading
from .listings import (
    heads,
    is_listing_heading,
    parse_news_listing,
    parse_paragraphs,
    parse_titled_listing,
)
from .records import (  # noqa: F401 -- the importer's records, as one module
    APPEAL,
    ARTICLE,
    MAX_LINE_LENGTH,
    MAX_TITLE,
    SUMMARY_LIMIT,
    TITLE_LIMIT,
    Builder,
    Document,
    Meeting,
    Message,
    Notice,
    PageText,
    SeedError,
    Story,
    When,
    clip,
    derive_title,
    strip_image_name,
)
from .single import parse_mail, parse_single

_COMMENTS_START = re.compile(
    r"^(?:(?:\d+|one|two|three|no)\s+(?:comments?|responses?|replies|thoughts?)"
    r"(?:\s+(?:on|to)\s+.*)?:?|leave a (?:reply|comment).*|post a comment|"
    r"comments are closed\.?|.{1,60}\s+said(?:\.{3}|…|:)|sem comentários:?|"
    r"geen opmerkingen:?|keine kommentare:?|aucun commentaire:?|"
    r"sin comentarios:?|nessun commento:?)$",
    re.IGNORECASE,
)


def parse_document(text, *, today):
    """Parse a page's text. `today` bounds dates: nothing is dated after it."""
    builder = Builder(today=today)
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
        "mailing-list message": parse_mail,
        "news listing": parse_news_listing,
        "titled listing": parse_titled_listing,
        "listing": parse_paragraphs,
        "news paragraphs": parse_paragraphs,
        "single page": parse_single,
    }[shape](lines, builder)
    return _document(shape, builder)


def _document(shape, builder):
    return Document(
        shape=shape,
        records=tuple(builder.records),
        warnings=tuple(builder.warnings),
        skipped=tuple(builder.skipped),
    )


# An HTML entity a scraper left in the text ("&amp;", "&#8217;"): stored as
# the character it stands for. Only complete entities: "AT&T" stays.
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")


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
        line = _ENTITY.sub(lambda m: html.unescape(m.group()), line)
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


def _shape(lines, content):
    texts = [line for _, line in content]
    head = texts[:8]
    fields = [header.mail_field(line) for line in head]
    if sum(1 for f in fields if f and f[0] in {"from", "subject", "date", "sent"}) >= 2:
        return "mailing-list message"
    if any(header.mail_sender(line) for line in head[:4]) and any(
        header_of(line) and header_of(line).phrase and header_of(line).phrase.time
        for line in head[:5]
    ):
        return "mailing-list message"
    if sum(1 for line in texts if furniture.READ_MORE.match(line)) >= 2:
        return "news listing"
    if len(heads(content)) >= 2:
        return "titled listing"
    if is_listing_heading(texts[0]) and not any(header_of(t) for t in texts[1:3]):
        return "listing"
    if _looks_single(texts):
        return "single page"
    if len(blocks(lines)) >= 2:
        return "news paragraphs"
    return "single page"


def _looks_single(texts):
    """A page with a title, byline or date at its top or foot, or a letter."""
    top = texts[:4]
    if any(header_of(t) for t in top) or any(
        letters.is_salutation(t) for t in texts[:5]
    ):
        return True
    if header_of(texts[-1]) and len(texts) > 1:
        return True
    return is_heading(texts[0]) and len(texts) > 1
