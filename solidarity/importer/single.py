"""Single pages (pure): a mailing-list message, a letter of solidarity
(letters.py), the announcement of one meeting, or an article."""

import datetime
import re

from . import dates, dating, header, letters, places, wrap
from .dates import DAY
from .items import (
    Item,
    header_of,
    impossible,
    lead_title,
    make_story,
    read_item,
    review_of,
    when_of,
)
from .records import ARTICLE, MAX_TITLE, Meeting, Message, When
from .reports import MEETING_WORDS, VENUE

_VENUE_LABEL = re.compile(
    r"^(?:venue|where|location|place|address|lieu|ort|lugar|luogo|locatie|"
    r"local|adresse|dirección)\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)

_WHEN_LABEL = re.compile(
    r"^(?:date|when|time|datum|fecha|data|heure|zeit|hora|ora)\s*:\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)

_SUBJECT_TAG = re.compile(r"^(?:\[[^\]]{1,40}\]\s*|(?:re|fwd?|aw|tr|wg)\s*:\s*)+", re.I)

_ATTRIBUTION = re.compile(
    r"^(?:on .{5,120}wrote:|.{2,80} (?:wrote|schrieb|a écrit|escribió):)$", re.I
)


def parse_single(lines, builder):
    content = [(n, line) for n, line in lines if line]
    if builder.comments_at:
        dropped = [(n, line) for n, line in content if n > builder.comments_at]
        if dropped:
            builder.skip(
                dropped[0][0], f"{len(dropped)} line(s) of comments after the text"
            )
        content = [(n, line) for n, line in content if n < builder.comments_at]
    item = read_item(content)
    if impossible(item, builder):
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
        make_story(item, "item-1", ARTICLE, when, builder, review_of(item, builder))
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
            return when_of(own)
    return When()


def parse_mail(lines, builder):
    """A mailing-list archive page: subject, sender, timestamp, text."""
    content = [(n, line) for n, line in lines if line]
    subject = sender = None
    phrase = None
    body_start = 0
    for index, (n, line) in enumerate(content[:8]):
        field_ = header.mail_field(line)
        found = header_of(line)
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
    item = Item(lines=content, byline=sender or "")
    if title:
        item.title = (subject[0], title)
    if phrase:
        item.own = (content[0][0], phrase.text, phrase)
    item.paragraphs = _quoted_removed(body)
    if impossible(item, builder):
        return
    when = _single_when(item, builder.today)
    if when.date:
        when = When(
            when.date, when.precision, f"the message's timestamp {phrase.text!r}"
        )
    builder.records.append(
        make_story(item, "item-1", ARTICLE, when, builder, review_of(item, builder))
    )


def _quoted_removed(body):
    """The message's own text: no quoted lines, no "On ..., X wrote:", no
    trailing list addresses."""
    own = [(n, line) for n, line in body if not _ATTRIBUTION.match(line)]
    kept = [(n, line) for n, line in own if not line.startswith(">")]
    if sum(len(line) for _, line in kept) < 0.2 * sum(len(line) for _, line in own):
        # A text forwarded as a quotation: the quotation is the message.
        unquoted = [(n, re.sub(r"^(?:>\s?)+", "", line).strip()) for n, line in own]
        width = wrap.wrap_width([line for _, line in unquoted])
        if width:
            unquoted = wrap.rejoin(unquoted, width)
        kept = [(n, line) for n, line in unquoted if line]
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
    labelled = any(map(_WHEN_LABEL.match, top)) and any(map(_VENUE_LABEL.match, top))
    if not (labelled or MEETING_WORDS.search(" ".join(top[:3]))):
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
    venue_match = VENUE.search(" ".join(top))
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
        title=(title or lead_title(item))[:MAX_TITLE],
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
