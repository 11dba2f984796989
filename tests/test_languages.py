"""Languages in URLs (solidarity/languages.py): the prefix says the language,
`/` alone reads Accept-Language, old addresses redirect for good, and every
language's pages come from the page cache."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db


def test_root_redirects_by_accept_language_and_only_there(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/es/"
    assert "Accept-Language" in response["Vary"]
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ar")["Location"] == "/ar/"
    # A language the site does not speak, or none: the default.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="tlh")["Location"] == "/en/"
    assert client.get("/")["Location"] == "/en/"


def test_old_unprefixed_addresses_redirect_permanently_to_the_default(client):
    article = factories.make_article()
    response = client.get(f"/posts/{article.slug}/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 301
    assert response["Location"] == f"/en/posts/{article.slug}/"
    response = client.get("/posts/?type=article&page=2")
    assert response.status_code == 301
    assert response["Location"] == "/en/posts/?type=article&page=2"
    # A missing slash is added in the same hop.
    assert client.get("/events")["Location"] == "/en/events/"
    # Addresses that exist nowhere stay 404, and site-wide ones stay put.
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/robots.txt").status_code == 200


@pytest.mark.parametrize(
    "path", ["/es/", "/es/posts/", "/es/appeals/", "/es/events/", "/ar/messages/"]
)
def test_every_language_is_served_from_the_page_cache(client, path):
    """The cache middleware runs before the language is activated: it must
    resolve /es/... in the prefix's language, or nothing would be cached."""
    first = client.get(path)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    assert "Accept-Language" not in first.get("Vary", "")
    second = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_spanish_and_arabic_pages_say_their_language_and_direction(client):
    spanish = client.get("/es/").content.decode()
    assert '<html lang="es" dir="ltr">' in spanish
    assert "Últimas noticias" in spanish
    assert "Saltar al contenido" in spanish
    arabic = client.get("/ar/").content.decode()
    assert '<html lang="ar" dir="rtl">' in arabic
    english = client.get("/en/").content.decode()
    assert '<html lang="en" dir="ltr">' in english
    assert "Latest news" in english


def test_hreflang_alternates_and_switcher_name_every_language(client):
    html = client.get("/es/posts/?type=article").content.decode()
    alternates = dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
    )
    assert alternates == {
        "en": "http://testserver/en/posts/?type=article",
        "es": "http://testserver/es/posts/?type=article",
        "ar": "http://testserver/ar/posts/?type=article",
        "x-default": "http://testserver/en/posts/?type=article",
    }
    switcher = html.split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'href="/en/posts/?type=article"' in switcher
    assert 'href="/es/posts/?type=article" hreflang="es" lang="es" aria-current' in (
        switcher
    )


def test_plurals_and_dates_are_localised(client):
    appeal = factories.make_appeal(title="Libertad para los mineros")
    factories.make_message(appeal=appeal)
    with translation.override("es"):
        url = reverse("appeals:detail", args=[appeal.slug])
    html = client.get(url).content.decode()
    assert "1 mensaje de solidaridad" in html
    factories.make_message(appeal=appeal)
    html = client.get(url).content.decode()
    assert "2 mensajes de solidaridad" in html
    # The date in Spanish (its shape is posts' post_date filter's).
    month = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ]
    assert month[appeal.published_at.month - 1] in html


def test_the_public_form_speaks_the_page_language(client):
    html = client.get("/es/messages/new/").content.decode()
    labels = re.findall(r"<label[^>]*>([^<]+)</label>", html)
    assert "Tu mensaje va dirigido a:" in labels
    assert "Tu nombre:" in labels
    assert "Deja este campo vacío:" in labels
    assert "Enviar tu mensaje" in html


def test_a_message_is_in_the_pages_language_unless_the_sender_says(
    client, message_data
):
    from appeals.models import SolidarityMessage

    with translation.override("es"):
        url = reverse("messages:new")
    html = client.get(url).content.decode()
    assert re.search(r'<option value="es" selected>Español</option>', html)
    response = client.post(url, {**message_data, "language": ""})
    assert response.status_code == 302
    assert SolidarityMessage.objects.get().language == "es"


def test_the_wall_filters_by_language(client):
    factories.make_message(text="Vuestra lucha es nuestra lucha.", language="es")
    factories.make_message(text="Your struggle is ours.", language="en")
    html = client.get("/en/messages/?lang=es").content.decode()
    assert "Vuestra lucha" in html and "Your struggle" not in html
    assert 'href="?lang=es"' in client.get("/en/messages/").content.decode()
    response = client.get("/en/messages/?lang=zz")
    assert "Your struggle" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_editors_are_told_in_the_sites_language_the_sender_in_theirs(
    client, message_data, supporter_data, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.EDITORS_EMAILS = ["editors@example.org"]
    with translation.override("es"):
        message_url = reverse("messages:new")
        join_url = reverse("join")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(message_url, message_data)
        client.post(join_url, supporter_data)
    to_editors = [m for m in mail.outbox if m.to == ["editors@example.org"]]
    assert len(to_editors) == 2
    assert all("Un nuevo" not in m.body for m in to_editors)
    assert "A new message of solidarity waits for moderation." in to_editors[0].body
    to_supporter = [m for m in mail.outbox if m.to == [supporter_data["email"]]]
    assert to_supporter[0].subject == "Confirma que te has sumado"
    assert "Gracias por sumarte a la campaña" in to_supporter[0].body


def test_a_meeting_proposed_from_a_spanish_page_reaches_editors_in_english(
    client, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.posts.test_event_propose import proposal

    settings.EDITORS_EMAILS = ["editors@example.org"]
    # The visitor reads the form's errors in Spanish...
    html = client.post(
        "/es/events/propose/", proposal(date="2001-07-14", website="")
    ).content.decode()
    assert "Esta fecha ya ha pasado." in html
    # ...and the editors their notice in the site's language.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/es/events/propose/", proposal())
    assert response.status_code == 302
    (notice,) = mail.outbox
    assert notice.subject == "Meeting proposed: Picket for the miners"
    assert "Ana <ana@example.org> of Dublin Solidarity Group proposed a meeting:" in (
        notice.body
    )
    assert "Review and publish it: " in notice.body


def test_the_default_identity_is_shown_in_each_language(client):
    from appeals.models import SiteIdentity

    spanish = client.get("/es/posts/").content.decode()
    name = '<a class="site-name" href="/es/"><span class="site-title">Solidaridad'
    assert name + "</span></a>" in spanish
    assert '<p class="site-tagline">Campaña internacional de solidaridad</p>' in (
        spanish
    )
    assert "International solidarity campaign" not in spanish
    assert '<meta property="og:site_name" content="Solidaridad">' in spanish
    # What an editor writes is shown as written, in every language.
    identity = SiteIdentity.objects.get()
    identity.name, identity.tagline = "Hands Off Workers", "Sin fronteras"
    identity.save()
    arabic = client.get("/ar/posts/").content.decode()
    name = '<a class="site-name" href="/ar/"><span class="site-title">Hands Off'
    assert name + " Workers</span></a>" in arabic
    assert "Sin fronteras" in arabic


ALLOWED_TEMPLATE_TEXT = {"&rsaquo;", "Google Calendar", "Outlook.com"}


def test_templates_show_no_text_outside_translation_tags():
    """Every word a template shows goes through {% translate %} or
    {% blocktranslate %} (names of other services excepted)."""
    from pathlib import Path

    from django.conf import settings

    untranslated = []
    for path in sorted(Path(settings.BASE_DIR, "templates").rglob("*")):
        if path.suffix not in (".html", ".txt"):
            continue
        text = path.read_text()
        for pattern in (
            r"{%\s*block body_?class\s*%}.*?{%\s*endblock[^%]*%}",  # CSS classes
            r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}",
            r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}",
            r"{#.*?#}",
            r"<(script|style)\b.*?</\1>",
            r"{%.*?%}",
            r"{{.*?}}",
            r"<[^>]*>",
        ):
            text = re.sub(pattern, "\n", text, flags=re.S)
        untranslated += [
            f"{path.name}: {line.strip()}"
            for line in text.splitlines()
            if re.search(r"[A-Za-z]{2,}", line)
            and line.strip() not in ALLOWED_TEMPLATE_TEXT
        ]
    assert untranslated == []


def test_dates_and_times_read_naturally_in_each_language(client):
    import datetime

    from posts.templatetags.post_dates import post_date

    starts = datetime.datetime(2099, 2, 10, 19, 30, tzinfo=datetime.UTC)
    event = factories.make_event(
        title="Reunión pública", starts_at=starts, timezone="Europe/London"
    )
    published = datetime.datetime(2099, 1, 6, 12, tzinfo=datetime.UTC)
    article = factories.make_article(published_at=published)
    shown = {}
    for code in ("en", "es", "ar"):
        with translation.override(code):
            shown[code] = [
                re.sub(r"<[^>]+>", "", str(post_date(post, style)))
                for post, style in ((event, ""), (event, "weekday"), (article, ""))
            ]
    assert shown["en"] == [
        "Tue 10 Feb 2099, 19:30 GMT",
        "Tue 10 Feb 2099",
        "6 January 2099",
    ]
    assert shown["es"] == [
        "martes, 10 de febrero de 2099, 19:30 GMT",
        "martes, 10 de febrero de 2099",
        "6 de enero de 2099",
    ]
    assert shown["ar"][2] == "6 يناير 2099"
    article.date_precision = "month"
    with translation.override("es"):
        assert ">febrero de 2099<" not in str(post_date(article))
        assert ">enero de 2099<" in str(post_date(article))
    # The timeline's card, the meetings list's date block, and the RSVP
    # mail's time.
    html = client.get("/es/posts/").content.decode()
    assert "martes, 10 de febrero de 2099, 19:30 GMT" in html
    html = client.get("/es/events/").content.decode()
    leaf = html.split('<time class="date-block" datetime="2099-02-10">')[1]
    assert re.sub(r"<[^>]+>", "", leaf.split("</time>")[0]) == "mar 10 feb"
    assert '<span class="event-time">19:30 GMT</span>' in html
    from posts.tasks import event_when

    with translation.override("es"):
        assert event_when(event) == "martes, 10 de febrero de 2099, 19:30 GMT"


def test_the_admin_follows_the_editors_language(admin_client):
    """Model, field and list names come from the catalogues too."""
    es = {"HTTP_ACCEPT_LANGUAGE": "es"}
    form = admin_client.get("/admin/posts/event/add/", **es).content.decode()
    for label in ("Título", "Dirección web", "Resumen", "Zona horaria", "Lugar"):
        assert f">{label}:</label>" in form, label
    index = admin_client.get("/admin/", **es).content.decode()
    assert ">Reuniones</a>" in index and ">Personas adheridas</a>" in index
    import datetime

    from django.utils import timezone

    original = factories.make_article(title="Dockers strike")
    factories.publish_translation(original, "es", "Huelga de estibadores")
    original.text_changed_at = timezone.now() + datetime.timedelta(minutes=1)
    original.save(update_fields=["text_changed_at"])
    index = admin_client.get("/admin/", **es).content.decode()
    assert "1 traducción desactualizada (artículos)" in index


def test_an_anonymous_message_is_shown_in_the_pages_language(client):
    message = factories.make_message(show_name=False, country="ES", language="es")
    assert message.title == "Message from A supporter in Spain"  # stored
    wall = client.get("/es/messages/").content.decode()
    assert "Una persona solidaria de España" in wall
    timeline = client.get("/es/posts/").content.decode()
    assert "Mensaje: Una persona solidaria de España" in timeline
    assert "A supporter in" not in wall + timeline
