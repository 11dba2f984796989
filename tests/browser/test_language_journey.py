"""Issue 12's journey in Chromium: a Spanish-speaking visitor lands on the
Spanish site from `/`, switches to English and back on an appeal (staying
on that appeal's translation), reads a meeting's time in Spanish, sends a
message of solidarity and reads the Spanish confirmation; the same pages in
Arabic pass axe and are mirrored."""

import re
from datetime import timedelta

from django.utils import timezone

from appeals.models import SolidarityMessage
from tests.browser.conftest import screenshot
from tests.browser.test_solidarity_journey import HUMAN_PAUSE_MS
from tests.browser.test_visitor_journey import check_accessibility
from tests.factories import make_appeal, make_event, publish_translation

SPANISH_DATETIME = re.compile(
    r"(lunes|martes|miércoles|jueves|viernes|sábado|domingo), \d{1,2} de "
    r"[a-z]+ de \d{4}, \d\d:\d\d"
)


def journey_data():
    original = make_appeal(title="Free the imprisoned miners")
    original.targets.create(name="Minister Ramos", email="minister@gov.example")
    spanish = publish_translation(
        original,
        "es",
        "Libertad para los mineros presos",
        summary="Quince mineros fueron detenidos tras una huelga.",
    )
    # A Tuesday evening in February, in the venue's zone.
    starts = timezone.now().replace(month=2, day=10, hour=19, minute=30)
    if starts < timezone.now():
        starts = starts.replace(year=starts.year + 1)
    event = make_event(
        title="Reunión pública sobre Venezuela",
        language="es",
        starts_at=starts,
        timezone="Europe/London",
        published_at=timezone.now() - timedelta(hours=1),
    )
    return original, spanish, event


def test_spanish_visitor_journey(browser, live_server, _reference_data):
    original, spanish, event = journey_data()
    context = browser.new_context(
        base_url=live_server.url,
        locale="es-ES",
        extra_http_headers={"Accept-Language": "es-ES,es;q=0.9"},
    )
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto("/")
    assert page.url.endswith("/es/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert "Últimas noticias" in page.locator("main").inner_text()
    check_accessibility(page)

    page.get_by_role("link", name="Libertad para los mineros presos").first.click()
    page.wait_for_url(f"**{spanish.get_absolute_url().split('/', 2)[2]}")
    assert page.url.endswith(f"/es/appeals/{spanish.slug}/")
    check_accessibility(page)
    screenshot(page, "languages-es-appeal")

    switcher = page.get_by_role("navigation", name="Idioma")
    switcher.get_by_role("link", name="English").click()
    page.wait_for_url(f"**/en/appeals/{original.slug}/")
    assert page.locator("h1").inner_text() == "Free the imprisoned miners"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("navigation", name="Language").get_by_role(
        "link", name="Español"
    ).click()
    page.wait_for_url(f"**/es/appeals/{spanish.slug}/")

    page.goto(event.get_absolute_url().replace("/en/", "/es/", 1))
    when = page.locator(".event-facts dd").first.inner_text()
    assert SPANISH_DATETIME.search(when), when
    assert "GMT" in when
    check_accessibility(page)

    page.goto(f"/es/appeals/{spanish.slug}/")
    form = page.locator("#send-message form")
    form.get_by_label("Tu nombre:").fill("María López")
    form.locator("select[name=country]").select_option("ES")
    form.get_by_label("Tu correo electrónico:").fill("maria@example.org")
    form.get_by_role("textbox", name="Tu mensaje:").fill(
        "Desde el puerto de Valencia: ¡libertad!"
    )
    form.locator("input[name=consent]").check()
    page.wait_for_timeout(HUMAN_PAUSE_MS)
    form.get_by_role("button", name="Enviar tu mensaje").click()
    page.wait_for_url("**/es/messages/thanks/**")
    assert "Gracias por tu mensaje" in page.locator("h1").inner_text()
    check_accessibility(page)
    screenshot(page, "languages-es-thanks")
    message = SolidarityMessage.objects.get()
    assert message.language == "es"
    assert message.appeal_id == spanish.pk
    context.close()


def test_the_journey_in_arabic_is_mirrored_and_accessible(page):
    original, _spanish, event = journey_data()
    pages = {
        "home": "/ar/",
        "appeal": f"/ar/appeals/{original.slug}/",
        "meeting": event.get_absolute_url().replace("/en/", "/ar/", 1),
        "message-form": "/ar/messages/new/",
    }
    for name, path in pages.items():
        page.goto(path)
        html = page.locator("html")
        assert html.get_attribute("lang") == "ar"
        assert html.get_attribute("dir") == "rtl"
        # Mirrored: the site's name sits at the right, the menu to its left.
        name_box = page.locator(".site-name").bounding_box()
        nav_box = page.get_by_role("navigation", name="الرئيسية").bounding_box()
        assert name_box["x"] > nav_box["x"], name
        check_accessibility(page)
        screenshot(page, f"languages-ar-{name}")
    # The message form's labels are Arabic and sit right of their fields.
    label = page.get_by_text("رسالتك:", exact=True)
    field = page.get_by_role("textbox", name="رسالتك:")
    assert label.bounding_box()["x"] + label.bounding_box()["width"] >= (
        field.bounding_box()["x"] + field.bounding_box()["width"] - 1
    )
