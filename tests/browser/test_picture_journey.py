"""Issue 13's "done when": an editor uploads a photo carrying GPS data to an
appeal and publishes it; a visitor sees the picture on the appeal page and
as a thumbnail on the home page and the timeline; the files the browser
downloads (the original and every rendition it picked) carry no GPS."""

from appeals.models import Appeal
from tests import pictures
from tests.browser.conftest import PHONE, login, screenshot
from tests.factories import make_user
from tests.test_images import assert_clean

ALT = "Dockers hold a banner outside the port gates"


def loaded_picture(page, selector):
    """The URL the browser chose for the <img> (from its srcset), once it
    has loaded and decoded it."""
    image = page.locator(selector).first
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "image => image.complete && image.naturalWidth > 0", arg=image.element_handle()
    )
    return image.evaluate("image => image.currentSrc")


def downloaded(page, url):
    response = page.request.get(url)
    assert response.status == 200, url
    return response.body()


def test_an_editors_gps_photo_reaches_visitors_without_its_location(page, browser):
    editor = make_user(group="Editors", username="rosa")
    login(page, editor.username)
    page.goto("/admin/appeals/appeal/add/")
    page.locator("#id_title").press_sequentially("Free the dockers")
    page.fill("#id_summary", "Eleven dockers were arrested at the port gates.")
    page.select_option("#id_state", "urgent")
    page.fill("#id_action", "Write to the minister.")
    page.fill("#id_contact", "minister@example.org")
    page.select_option("#id_status", "published")
    photo = pictures.phone_photo(size=(1600, 1200))
    assert pictures.gps_of(photo)
    help_text = page.locator(".field-image .help, .field-image .helptext").first
    assert "location (GPS)" in help_text.inner_text()
    page.set_input_files(
        "#id_image",
        files=[{"name": "IMG_0042.jpg", "mimeType": "image/jpeg", "buffer": photo}],
    )
    page.fill("#id_image_alt", ALT)
    page.fill("#id_image_credit", "Photo: the union")
    page.locator("input[name=_save]").click()
    page.wait_for_selector(".messagelist .success")
    appeal = Appeal.objects.get(slug="free-the-dockers")
    assert appeal.is_published()

    visitor = browser.new_context(
        viewport=PHONE, base_url=page.url.split("/admin/")[0], is_mobile=True
    ).new_page()
    visitor.goto(appeal.get_absolute_url())
    figure = visitor.locator("figure.picture img")
    assert figure.get_attribute("alt") == ALT
    assert figure.get_attribute("loading") is None
    seen = [loaded_picture(visitor, "figure.picture img")]
    screenshot(visitor, "pictures-01-appeal-page")

    visitor.goto("/")
    # The urgent appeal leads the home page, with its picture.
    seen.append(loaded_picture(visitor, "img.lead-picture"))
    screenshot(visitor, "pictures-02-home")
    visitor.goto("/en/posts/")
    assert visitor.locator("img.card-picture").first.get_attribute("loading") == "lazy"
    seen.append(loaded_picture(visitor, "img.card-picture"))

    for url in [*seen, appeal.image.url]:
        data = downloaded(visitor, url)
        assert pictures.gps_of(data) == {}, url
        assert_clean(data)
    assert all(".webp" in url for url in seen)
    visitor.context.close()
