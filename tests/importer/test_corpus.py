"""The importer on a corpus of pages of the kinds campaigns publish, each
modelled on a real page's shape (the JSON's "model" names it): single
statements and blog posts with their bylines, dates and furniture, letters
of solidarity, announcements, mailing-list archives, listings and cut-off
scrapes. Each page is imported by the command and the rows it makes are
compared with the page's expectation (pages/NAME.json next to NAME.txt);
a record's language is English unless its expectation says another."""

import html
import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import strip_tags

from posts.models import Post

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).resolve().parent / "pages"
CORPUS = sorted(PAGES.glob("*.txt"))
KINDS = {
    "article": "article",
    "appeal": "appeal",
    "meeting": "event",
    "message": "message",
}
TEXT_FIELDS = ("title", "summary", "body", "byline")
OWN_FIELDS = {
    "message": ("text", "author_name", "organisation", "role", "city"),
    "event": ("venue_name", "address", "city"),
}


def run(path):
    out = StringIO()
    call_command("import_seeds", str(path), stdout=out, stderr=out)
    return out.getvalue()


def body_text(post):
    return html.unescape(strip_tags(post.body))


def paragraphs(post):
    return [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", post.body, re.S)]


def shown_date(post):
    item = post.specific
    if post.kind == "event":
        return item.starts_at.astimezone(item.tzinfo).date()
    return timezone.localtime(post.published_at).date()


def check_record(post, expected):
    item = post.specific
    assert post.kind == KINDS[expected["type"]]
    review = expected.get("review", False)
    assert post.needs_review is review
    assert post.is_published() is (not review)
    assert post.date_precision == expected.get("precision", "unknown")
    # Detected from the text (solidarity/importer/language.py).
    assert post.language == expected.get("language", "en")
    if "date" in expected:
        assert shown_date(post).isoformat() == expected["date"]
    for name in ("title", "byline"):
        if name in expected:
            assert getattr(post, name) == expected[name]
    if "title_starts" in expected:
        assert post.title.startswith(expected["title_starts"])
    if "paragraphs" in expected:
        assert len(paragraphs(post)) == expected["paragraphs"]
    if "first_paragraph" in expected:
        assert paragraphs(post)[0] == expected["first_paragraph"]
    text = item.text if post.kind == "message" else body_text(post)
    if "text_starts" in expected:
        assert text.startswith(expected["text_starts"])
    if "text_ends" in expected:
        assert text.rstrip().endswith(expected["text_ends"])
    for phrase in expected.get("text_contains", ()):
        assert phrase in text
    for name in ("author", "role", "organisation", "city", "venue", "address"):
        if name in expected:
            field = {"author": "author_name", "venue": "venue_name"}.get(name, name)
            assert getattr(item, field) == expected[name], name
    if "country" in expected:
        assert (item.country.code or "") == expected["country"]
    if "starts" in expected:
        local = item.starts_at.astimezone(item.tzinfo)
        assert local.strftime("%Y-%m-%dT%H:%M") == expected["starts"]
    if "ends" in expected:
        local = item.ends_at.astimezone(item.tzinfo) if item.ends_at else None
        assert (local and local.strftime("%Y-%m-%dT%H:%M")) == expected["ends"]


def stored_text(posts):
    values = []
    for post in posts:
        values += [getattr(post, name) for name in TEXT_FIELDS]
        item = post.specific
        values += [getattr(item, name) for name in OWN_FIELDS.get(post.kind, ())]
    return "\n".join(html.unescape(v) for v in values if v)


def test_the_corpus_has_at_least_25_pages_each_with_its_expectation():
    assert len(CORPUS) >= 25
    for page in CORPUS:
        assert page.with_suffix(".json").exists(), page.name


@pytest.mark.parametrize("page", CORPUS, ids=[p.stem for p in CORPUS])
def test_page_imports_as_expected(page):
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    output = run(page)
    assert f"{page.name}: {expected['shape']}:" in output
    posts = list(
        Post.objects.filter(source_key__startswith=f"{page.name}#").order_by("pk")
    )
    records = expected["records"]
    assert [p.kind for p in posts] == [KINDS[r["type"]] for r in records]
    for post, record in zip(posts, records, strict=True):
        check_record(post, record)
    text = stored_text(posts)
    for absent in expected.get("absent", ()):
        assert absent not in text, absent
    for warning in expected.get("warnings", ()):
        assert warning in output, warning
    # Never the import date: a dated post carries a date from the page.
    today = timezone.localdate()
    for post in posts:
        if post.date_precision != Post.DatePrecision.UNKNOWN:
            assert shown_date(post) != today
    # A second run changes nothing.
    again = run(page)
    assert not re.search(r"^\w+s\s+[1-9]|^\w+s\s+\d+\s+[1-9]", again, re.M)
