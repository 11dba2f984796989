"""The import_seeds command end to end: what the four seeds become, and how
the command behaves on re-runs, edits, dry runs and bad input."""

import datetime
import html
import re
import shutil
import zoneinfo
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.html import strip_tags

from appeals.models import Appeal, CampaignPage, SolidarityMessage
from posts.models import Article, Event, Post
from solidarity.importer import load
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ALL_MODELS = (Article, Appeal, Event, SolidarityMessage, CampaignPage)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


def run_failing(*args):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_seeds", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), str(error.value)


def counts():
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


def table(output):
    """{kind: (created, updated, unchanged, kept, needs review)} from the report."""
    rows = re.findall(r"^(\w+s)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", output, re.M)
    return {kind: tuple(map(int, numbers)) for kind, *numbers in rows}


def text_of(post):
    return html.unescape(strip_tags(post.body))


def local_date(moment):
    return timezone.localtime(moment).date()


def seed_copy(tmp_path, prefix):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return Path(shutil.copy(path, tmp_path / path.name))


@pytest.fixture
def imported():
    return run()


EXPECTED_COUNTS = {
    # 5 news items (000) + 1 statement (001) + 13 paragraphs (003)
    "Article": 19,
    "Appeal": 7,
    # Montreal, London, Dublin, Cork (000) and the London conference (003)
    "Event": 5,
    "SolidarityMessage": 2,
    "CampaignPage": 2,
}


def test_the_four_seeds_make_these_rows(imported):
    assert counts() == EXPECTED_COUNTS
    assert table(imported) == {
        "articles": (19, 0, 0, 0, 0),
        "appeals": (7, 0, 0, 0, 0),
        "meetings": (5, 0, 0, 0, 0),
        "messages": (2, 0, 0, 0, 0),
        "pages": (2, 0, 0, 0, 0),
    }


def test_appeals_titles_bylines_dates_summaries_countries(imported):
    appeals = list(Appeal.objects.order_by("-published_at"))
    assert [(a.title, a.byline, local_date(a.published_at)) for a in appeals] == [
        (
            "Kurdish prisoners on hunger strike",
            "In Defence of Marxism",
            datetime.date(2012, 11, 6),
        ),
        (
            "Morocco: General Strike Paralyses the Region of Ouarzazate (South) - "
            "New Appeal for Solidarity",
            "Communist League of Action",
            datetime.date(2012, 10, 17),
        ),
        (
            "Kazakhstan: NPSMK - Solidarity with the student movement in Quebec",
            "Committee of The Independent Union of Students and Youth of "
            "Kazakhstan (NPSMK)",
            datetime.date(2012, 5, 9),
        ),
        (
            "Urgent solidarity appeal with El Salvador comrades",
            "Hamid Alizadeh",
            datetime.date(2012, 3, 14),
        ),
        (
            "Italy: Stop victimization of anti-fascist trade union leader Matteo "
            "Parlati",
            "In Defence of Marxism",
            datetime.date(2012, 2, 21),
        ),
        (
            "Workers massacred in Kazakhstan: solidarity is needed!",
            "In Defence of Marxism",
            datetime.date(2011, 12, 17),
        ),
        (
            "Kazakhstan oil workers’ strike: International solidarity urgently needed!",
            "New Socialists of Kazakhstan",
            datetime.date(2011, 11, 29),
        ),
    ]
    # Turkey, Morocco, Kazakhstan, El Salvador, Italy, Kazakhstan, Kazakhstan
    expected = ["TR", "MA", "KZ", "SV", "IT", "KZ", "KZ"]
    for appeal, country in zip(appeals, expected, strict=True):
        assert country in {c.code for c in appeal.countries.all()}, appeal.title
        assert appeal.is_published() and not appeal.needs_review
    summaries = [a.summary for a in appeals]
    assert summaries[1].startswith("The struggle of the Bouazar miners")
    assert summaries[3].startswith("Two leading comrades of the International")
    assert summaries[6].startswith("We have just received this letter")
    for text in summaries + [text_of(a) for a in appeals]:
        assert not re.search(r"bpj-logo|thumb|oil_workers|arrestedminers", text)
    assert not Post.objects.filter(title__icontains="Solidarity Appeals").exists()
    assert not Post.objects.filter(title__icontains="Page 1 of 10").exists()


def test_statement_is_one_published_article_with_every_paragraph(imported):
    article = Article.objects.get(title__startswith="Venezuela, Palestine, Haiti")
    assert article.title == (
        "Venezuela, Palestine, Haiti…we stand with you against US imperialism and "
        "occupation"
    )
    assert article.byline == (
        "the Global Women’s Strike (GWS), Women of Colour GWS and Payday men’s network"
    )
    assert local_date(article.published_at) == datetime.date(2026, 1, 6)
    assert article.is_published() and not article.needs_review
    (path,) = SEEDS.glob("001_*.txt")
    paragraphs = path.read_text().splitlines()[2:11]
    assert article.body.count("<p>") == len(paragraphs) == 9
    body = text_of(article)
    for paragraph in paragraphs:
        assert paragraph in body
    assert "6 January 2026" not in body
    assert "By the Global" not in body
    # Venezuela, Palestine, Haiti
    assert {"VE", "PS", "HT"} <= set(article.countries.values_list("code", flat=True))


def test_news_listing_articles_are_published_without_a_date_they_do_not_give(
    imported,
):
    """The campaign's own words are visible; the listing names no year
    anywhere, so its items have no date (never the day of the import)."""
    news = Article.objects.filter(source_key__startswith="000_")
    assert news.count() == 5
    assert not Post.objects.filter(body__icontains="Read more").exists()
    assert all(a.is_published() and not a.needs_review for a in news)
    assert {a.date_precision for a in news} == {Post.DatePrecision.UNKNOWN}
    assert all(
        a.published_at < min(ap.published_at for ap in Appeal.objects.all())
        for a in news
    )
    assert news.filter(title__startswith="We have recieved these two letters").exists()


def test_news_listing_meetings_with_dates_times_and_places(imported):
    events = {e.city: e for e in Event.objects.all()}
    montreal = events["Montreal"]
    # "Sunday 15th of February": a Sunday in 2009, 2015, 2026...; nothing
    # on the page says which, so no date (the report says why).
    assert montreal.date_precision == Post.DatePrecision.UNKNOWN
    assert "'Sunday 15th of February': a Sunday in many years" in imported
    assert montreal.venue_name == "Venezuelan consulate"
    assert montreal.country.code == "CA"
    assert montreal.timezone == "America/Toronto"
    london = Event.objects.get(venue_name="Bolivar Hall")
    assert (london.city, london.country.code) == ("London", "GB")
    for city in ("Dublin", "Cork"):
        event = events[city]
        assert (event.country.code, event.timezone) == ("IE", "Europe/Dublin")
        assert event.title == f"Meeting in {city}"
    # The seeds' meetings are public (past ones, most without a known date).
    assert set(Event.objects.values_list("status", "needs_review")) == {
        (Post.Status.PUBLISHED, False)
    }
    assert Event.objects.published().past().count() == 5
    conference = events["London"] if events["London"].venue_name == "" else None
    conference = Event.objects.get(source_key__startswith="003_")
    starts = conference.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/London"))
    # "On Saturday, February 16": a Saturday in 2019 only, after the
    # listing's 29 January 2019.
    assert starts.date() == datetime.date(2019, 2, 16)
    assert conference.date_precision == Post.DatePrecision.DAY


def test_letters_become_approved_messages_with_organisation_and_country(imported):
    messages = SolidarityMessage.objects.approved().order_by("source_key")
    assert [(m.organisation, m.country.code) for m in messages] == [
        ("supporters of Hands Off Venezuela", "IR"),
        ("Polish trade-union confederation", "PL"),
    ]
    assert all(m.moderation == SolidarityMessage.Moderation.APPROVED for m in messages)


def test_furniture_becomes_join_and_donate_pages_never_posts(imported, client):
    join = CampaignPage.objects.get(key="join")
    donate = CampaignPage.objects.get(key="donate")
    assert join.title == "Join / affiliate to the campaign!"
    assert donate.title == "Make a donation!"
    assert "rely on our supporters around the world" in donate.body
    assert not Post.objects.filter(title__icontains="donation").exists()
    assert not Post.objects.filter(title__icontains="Solidarity Messages").exists()
    assert "Skipped, not posts (8):" in imported  # 5 "Read more ..." lines too
    assert "site furniture 'Solidarity Messages' is not a post" in imported
    assert "rely on our supporters" in client.get("/donate/").content.decode()
    assert "Join / affiliate to the campaign!" in client.get("/join/").content.decode()


def test_untitled_paragraphs_become_thirteen_published_articles(imported):
    articles = Article.objects.filter(source_key__startswith="003_")
    assert articles.count() == 13
    for article in articles:
        assert article.title and "Untitled" not in article.title
        assert text_of(article).startswith(article.title.removesuffix("…"))
        assert article.is_published() and not article.needs_review
        assert article.countries.exists()
    morocco = articles.get(title__startswith="On Tuesday, 29 January 2019")
    assert local_date(morocco.published_at) == datetime.date(2019, 1, 29)
    assert morocco.date_precision == Post.DatePrecision.MONTH
    # Between items of 16 February 2019 and 29 January 2019: "2019".
    between = articles.get(title__startswith="Alan Woods, editor")
    assert (between.published_at.year, between.date_precision) == (2019, "year")
    # Newest first, as the page listed them, the undated first item last.
    order = list(
        articles.order_by("-published_at").values_list("source_key", flat=True)
    )
    assert order[-1].endswith("#item-1")
    assert [int(k.rsplit("-", 1)[1]) for k in order[:-1]] == list(range(2, 14))
    assert "MA" in set(morocco.countries.values_list("code", flat=True))


def test_text_is_kept_as_written(imported):
    bodies = " ".join(text_of(p) for p in Post.objects.all())
    for as_written in (
        "We have recieved these two letters",
        "Around 40 peopled gathered",
        "has maintaned a shameful silence",
        "“A war has broken out, tell everyone!”",
        "Women’s Development Bank… –",
        "Société Bolivarienne du Québec",
        "Luís Fajardo",
    ):
        assert as_written in bodies


def test_report_gives_every_date_with_its_evidence(imported):
    assert "Needs review" not in imported  # the seeds are the campaign's own
    assert re.search(
        r"002_\w+\.txt:24: appeal “Urgent solidarity appeal with El Salvador "
        r"comrades”: 14 March 2012 \(its date line 'Wednesday, 14 March 2012'\)",
        imported,
    )
    assert re.search(r"meeting “Meeting in Dublin”: no date \('February 10'", imported)
    assert re.search(r"“Around 40 peopled.*”: no date", imported)
    today = timezone.localdate()
    assert f"{today:%-d %B %Y}" not in imported
    for name in sorted(p.name for p in SEEDS.glob("*.txt")):
        assert re.search(rf"^{re.escape(name)}: ", imported, re.M)  # progress line


def test_second_run_creates_and_changes_nothing(imported):
    before = counts()
    hashes = dict(Post.objects.values_list("source_key", "source_hash"))
    again = run()
    assert counts() == before
    assert dict(Post.objects.values_list("source_key", "source_hash")) == hashes
    assert all(
        created == 0 and updated == 0 for created, updated, *_ in table(again).values()
    )
    assert table(again)["articles"] == (0, 0, 19, 0, 0)


def test_dry_run_writes_nothing_and_says_what_it_would_do():
    output = run("--dry-run")
    assert counts() == dict.fromkeys(EXPECTED_COUNTS, 0)
    assert "would create appeal “Kurdish prisoners on hunger strike”" in output
    assert "Dry run: nothing was written." in output
    assert "imported" not in output.lower().replace("not imported", "")
    assert table(output)["appeals"] == (7, 0, 0, 0, 0)


def test_a_dry_run_never_says_anything_was_imported(tmp_path, imported):
    """Not even for items edited since, or cut off by the scrape."""
    appeal = Appeal.objects.get(title="Kurdish prisoners on hunger strike")
    appeal.title = "Kurdish prisoners: hunger strike ends"
    appeal.save()
    cut = tmp_path / "cut.txt"
    cut.write_text(
        "News\n\nTitle one\n\n3 May 2019\n\nText.\n\nTitle two\n\n"
        "1 May 2019\n\nText cut off in the mi"
    )
    output = run("--dry-run", SEEDS, cut)
    assert "left alone" in output and "cut off" in output
    assert "imported" not in output.lower()


def test_a_dry_run_with_a_bad_file_never_says_the_others_were_imported(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    good = seed_copy(tmp_path, "001")
    out, err, error = run_failing("--dry-run", bad, good)
    assert "imported" not in (out + err + error).lower()
    assert "nothing was written (dry run)" in error
    assert counts()["Article"] == 0


def test_an_item_edited_in_the_admin_is_left_alone_unless_forced(imported):
    appeal = Appeal.objects.get(title="Kurdish prisoners on hunger strike")
    appeal.title = "Kurdish prisoners: hunger strike ends"
    appeal.save()
    output = run()
    appeal.refresh_from_db()
    assert appeal.title == "Kurdish prisoners: hunger strike ends"
    assert table(output)["appeals"] == (0, 0, 6, 1, 0)
    assert "was changed in the admin since the last import; left alone" in output

    forced = run("--force")
    appeal.refresh_from_db()
    assert appeal.title == "Kurdish prisoners on hunger strike"
    assert table(forced)["appeals"] == (0, 1, 6, 0, 0)
    assert table(run())["appeals"] == (0, 0, 7, 0, 0)


def test_unpublishing_an_item_counts_as_an_edit(imported):
    article = Article.objects.get(title__startswith="We have recieved")
    article.status = Post.Status.DRAFT
    article.save()
    assert table(run())["articles"] == (0, 0, 18, 1, 0)
    article.refresh_from_db()
    assert not article.is_published()


def test_values_the_model_normalises_on_save_do_not_cause_endless_updates(
    tmp_path, monkeypatch
):
    """Post.save() sanitises the body: what is stored differs from what the
    seed gave, and a re-run must still see the item as unchanged."""
    original = load._html
    monkeypatch.setattr(
        load, "_html", lambda paragraphs: "<script>x</script>" + original(paragraphs)
    )
    path = seed_copy(tmp_path, "002")
    run(path)
    assert "<script>" not in Appeal.objects.first().body
    assert table(run(path))["appeals"] == (0, 0, 7, 0, 0)


def test_a_changed_seed_updates_its_items_instead_of_duplicating(tmp_path, imported):
    path = seed_copy(tmp_path, "002")
    text = path.read_text().replace("Fifteen miners", "Sixteen miners")
    path.write_text(text)
    output = run(path)
    assert table(output)["appeals"] == (0, 1, 6, 0, 0)
    assert Appeal.objects.count() == 7
    assert "Sixteen miners" in Appeal.objects.get(title__startswith="Morocco").body


def test_an_edited_join_page_is_kept(imported):
    page = CampaignPage.objects.get(key="join")
    page.body = "<p>Fill in the form.</p>"
    page.save()
    output = run()
    page.refresh_from_db()
    assert page.body == "<p>Fill in the form.</p>"
    assert "the join page “Join / affiliate to the campaign!” differs" in output
    run("--force")
    page.refresh_from_db()
    assert page.body == ""


def test_if_empty_imports_only_into_an_empty_site():
    make_article()
    output = run("--if-empty")
    assert "seeds not imported" in output
    assert Appeal.objects.count() == 0
    Post.objects.all().delete()
    run("--if-empty")
    assert Appeal.objects.count() == 7


# --- bad input: one clear line naming the file, the rest still imports -------------


def test_missing_path(tmp_path):
    good = seed_copy(tmp_path, "002")
    out, err, error = run_failing(tmp_path / "nope.txt", good)
    assert err.strip() == f"{tmp_path / 'nope.txt'}: no such file"
    assert "1 of 2 files failed" in error
    assert Appeal.objects.count() == 7


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\n  \n\n", "the file is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary file (it contains NUL bytes)"),
        (b"Title\nOl\xe9 caf\xe9\n", "2: not UTF-8 text (byte 0xe9 cannot be decoded)"),
        (b"x" * (2 * 1024 * 1024), "1: a 2,097,152-character line (the limit is"),
    ],
    ids=["empty", "blank", "binary", "latin-1", "2MB-line"],
)
def test_bad_files_give_one_clear_line(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = seed_copy(tmp_path, "001")
    out, err, error = run_failing(bad, good)
    assert err.count("\n") == 1
    assert err.startswith(f"{bad}")
    assert message in err
    assert "Traceback" not in out + err
    assert Article.objects.count() == 1


def test_a_file_too_large_for_a_page(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MAX_FILE_SIZE", 100)
    bad = tmp_path / "big.txt"
    bad.write_text("word " * 100)
    _, err, _ = run_failing(bad)
    assert "500 bytes is too large for a page (limit 100)" in err


def test_an_impossible_date_skips_that_item_and_the_rest_imports(tmp_path):
    path = seed_copy(tmp_path, "002")
    text = path.read_text().replace(
        "Written by Hamid Alizadeh Wednesday, 14 March 2012",
        "Written by Hamid Alizadeh Friday, 31 February 2012",
    )
    path.write_text(text)
    output = run(path)
    assert (
        f"{path.name}:26: impossible date 'Friday, 31 February 2012' in 'Written by "
        "Hamid Alizadeh Friday, 31 February 2012': this item was skipped" in output
    )
    assert Appeal.objects.count() == Appeal.objects.published().count() == 6
    assert not Appeal.objects.filter(title__startswith="Urgent solidarity").exists()


def test_a_file_that_fails_while_loading_leaves_nothing_behind(tmp_path, monkeypatch):
    """Atomic per file: meetings are written after the articles they come
    from, so a failure there must roll the articles back too."""

    def explode(self, record):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(load._Loader, "meeting", explode)
    news, appeals = seed_copy(tmp_path, "000"), seed_copy(tmp_path, "002")
    _, err, error = run_failing(news, appeals)
    assert (
        f"{news}: nothing imported from this file (RuntimeError: disk on fire)" in err
    )
    assert not Post.objects.filter(source_key__startswith=news.name).exists()
    assert not CampaignPage.objects.exists()
    assert Appeal.objects.count() == 7
    assert "1 of 2 files failed" in error


def test_folder_argument_imports_its_txt_files(tmp_path):
    seed_copy(tmp_path, "001")
    (tmp_path / "notes.md").write_text("not a seed")
    run(tmp_path)
    assert counts()["Article"] == 1


def test_imported_content_is_on_the_public_pages(imported, client):
    statement = Article.objects.get(title__startswith="Venezuela, Palestine")
    page = client.get(statement.get_absolute_url()).content.decode()
    assert "Women of Colour GWS" in page
    appeals = client.get("/appeals/").content.decode()
    assert "Kazakhstan oil workers’ strike" in html.unescape(appeals)
    Article.objects.filter(pk=statement.pk).update(status=Post.Status.DRAFT)
    assert client.get(statement.get_absolute_url()).status_code == 404
