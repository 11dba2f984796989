"""The parser's pieces on their own: furniture in several languages,
bylines and date lines in their usual arrangements, signatures, hard-wrap
rejoining, years from evidence, and what sends an item to review."""

import datetime

import pytest

from solidarity.importer import dates, furniture, header, letters, wrap
from solidarity.importer.parse import parse_document

TODAY = datetime.date(2026, 11, 21)


@pytest.mark.parametrize(
    "line",
    [
        "We use cookies to give you the best experience on our website.",
        "Ce site utilise des cookies. En poursuivant votre navigation, vous "
        "acceptez leur utilisation.",
        "Esta web utiliza cookies propias y de terceros. Al navegar aceptas su uso.",
        "Diese Website verwendet Cookies, um Ihnen die beste Erfahrung zu bieten.",
        "Questo sito usa i cookies per effettuare statistiche sulla navigazione.",
        "Deze website gebruikt cookies. Door verder te gaan gaat u akkoord.",
        "Este site utiliza cookies para melhorar a sua experiência de navegação.",
        "Leave a Reply",
        "3 thoughts on “Strike!”",
        "No comments:",
        "Filed under Statements",
        "Tags: strike, solidarity",
        "Share this:",
        "Twitter Facebook WhatsApp Email",
        "Like · Comment · Share",
        "Page 2 of 14",
        "« Older Entries",
        "Messages sorted by: [ date ] [ thread ] [ subject ] [ author ]",
        "Hits: 2041",
        "Last modified: 17 December 2025",
        "jane at example.org",
        "© 2024 Hands Off Venezuela. All rights reserved.",
        "Follow us on Facebook and Twitter",
        "Sign up to our newsletter",
    ],
)
def test_furniture_lines(line):
    assert furniture.classify(line)


@pytest.mark.parametrize(
    "line",
    [
        "Workers at the biscuit factory that makes cookies struck on Monday.",
        "Updated figures show that the strike is solid across the region.",
        "Share the wealth: the union's demands for the budget",
        "Print workers join the strike",
        "Comments from the floor were overwhelmingly in support.",
        "Copyright law is being used against the strikers' website.",
    ],
)
def test_content_lines_are_not_furniture(line):
    assert furniture.classify(line) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Write to us at [email protected] today", "Write to us at today"),
        (
            "Contact: This email address is being protected from spambots. You "
            "need JavaScript enabled to view it.",
            "Contact",
        ),
    ],
)
def test_address_placeholders_are_removed(line, expected):
    assert furniture.scrub(line) == (expected, True)


@pytest.mark.parametrize(
    ("line", "byline", "date"),
    [
        ("By Jane Smith", "Jane Smith", None),
        ("Jane Smith 7 January 2013", "Jane Smith", (2013, 1, 7)),
        ("Written by X Tuesday, 06 November 2012", "X", (2012, 11, 6)),
        ("7 January 2013 | By Jane Smith", "Jane Smith", (2013, 1, 7)),
        ("February 28, 2003 By Susan Webb", "Susan Webb", (2003, 2, 28)),
        ("Posted on 6 May 2012 by Joe Bloggs", "Joe Bloggs", (2012, 5, 6)),
        ("Published: 06 December 2025", "", (2025, 12, 6)),
        ("Posted by Alex at 10:35 AM", "Alex", None),
        ("Von Redaktion | 3. März 2020", "Redaktion", (2020, 3, 3)),
        ("12 de marzo de 2021", "", (2021, 3, 12)),
        ("zaterdag 28 november 2015", "", (2015, 11, 28)),
        ("Mon Sep 2 13:06:25 MDT 1996", "", (1996, 9, 2)),
        ("08-12-2008 21:22", "", (2008, 12, 8)),
        ("By Maria, maria at example.org", "Maria", None),
    ],
)
def test_bylines_and_date_lines(line, byline, date):
    found = header.read(line)
    assert found.byline == byline
    assert (found.phrase.date if found.phrase else None) == (
        datetime.date(*date) if date else None
    )


@pytest.mark.parametrize(
    "line",
    [
        "Strikers met on 7 January 2013 in Leeds and marched to the town hall.",
        "From the picket line to the courts, the fight goes on.",
    ],
)
def test_sentences_are_not_header_lines(line):
    assert header.read(line) is None


@pytest.mark.parametrize(
    ("lines", "author", "role", "organisation"),
    [
        (
            ["Jane Smith", "General Secretary", "Unite the Union"],
            "Jane Smith",
            "General Secretary",
            "Unite the Union",
        ),
        (
            ["Shaher Saed, General Secretary of the PGFTU"],
            "Shaher Saed",
            "General Secretary",
            "PGFTU",
        ),
        (
            ["Steve Hedley Assistant General Secretary RMT Union."],
            "Steve Hedley",
            "Assistant General Secretary",
            "RMT Union",
        ),
        (
            ["Hon Secretary", "Waitemata Branch", "Unite Union"],
            "",
            "Hon Secretary",
            "Waitemata Branch, Unite Union",
        ),
    ],
)
def test_signatures(lines, author, role, organisation):
    signature = letters.parse_signature(lines)
    assert (signature.author, signature.role, signature.organisation) == (
        author,
        role,
        organisation,
    )


def test_a_sentence_is_no_signature():
    assert letters.parse_signature(["We will win this strike together."]) is None


def test_hard_wrapped_lines_are_rejoined_and_lists_kept():
    text = (
        "The strike committee asks every branch to send a message of support\n"
        "and to collect for the hardship fund, which pays out to families on\n"
        "Friday. The committee meets every morning at the main gate and all\n"
        "visitors are welcome.\n"
        "- bring banners\n"
        "- bring food\n"
    )
    lines = list(enumerate(text.splitlines(), start=1))
    width = wrap.wrap_width([line for _, line in lines])
    assert width == 67
    joined = [line for _, line in wrap.rejoin(lines, width)]
    assert joined[0].startswith("The strike committee asks")
    assert joined[0].endswith("all visitors are welcome.")
    assert joined[1:] == ["- bring banners", "- bring food"]


def test_lines_of_a_normal_page_are_not_rejoined():
    lines = ["A title", "By someone", "A long paragraph " * 20, "6 January 2026"]
    assert wrap.wrap_width(lines) is None


@pytest.mark.parametrize(
    ("text", "low", "high", "year"),
    [
        ("Saturday, February 16", datetime.date(2019, 1, 1), None, 2019),
        ("Sunday 15th of February", None, None, None),  # many Sundays
        ("26 January", None, datetime.date(2019, 1, 29), 2019),
        ("31 October", None, datetime.date(2019, 1, 11), 2018),
        (
            "Friday 13 March",
            datetime.date(2018, 1, 1),
            datetime.date(2020, 12, 1),
            2020,
        ),
    ],
)
def test_years_come_only_from_evidence(text, low, high, year):
    (phrase,) = dates.find_dates(text)
    assert dates.resolve_year(phrase, low, high)[0] == year


def test_garbled_text_goes_to_review_and_a_wrong_weekday_too():
    text = (
        "Strike news\n\nBy X\n\nThe workersâ€™ strike goes on.\n\n"
        "Wednesday, 07 May 2019"
    )
    (story,) = parse_document(text, today=TODAY).records
    assert story.review == (
        "date 'Wednesday, 07 May 2019' names the wrong weekday",
        "garbled characters 'â€™'",
    )


def test_text_is_kept_exact():
    text = (
        "Workers & students\n\nBy A & B\n\n"
        "Fish &amp; chips&#8217; typos stay as writen: “quoted” — AT&T…"
    )
    (story,) = parse_document(text, today=TODAY).records
    assert story.title == "Workers & students"
    assert story.byline == "A & B"
    # Characters, not entities: a scraper's leftover entities are decoded.
    assert story.paragraphs == ("Fish & chips’ typos stay as writen: “quoted” — AT&T…",)


def test_nothing_is_ever_dated_by_the_import_day():
    text = "News\n\nA picket was held yesterday outside the embassy in London.\n\n"
    text += "Another one is planned for next Friday at 6pm."
    document = parse_document(text, today=TODAY)
    for record in document.records:
        assert record.when.date != TODAY
