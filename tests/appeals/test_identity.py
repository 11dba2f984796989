"""The campaign's identity (SiteIdentity): set by editors in the admin, read
by every page at the cost of one cached lookup, its accent served in the
site's one stylesheet."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from appeals.colours import contrast_ratio, relative_luminance
from appeals.models import SiteIdentity
from tests import factories
from tests.pictures import SVG, plain, upload

pytestmark = pytest.mark.django_db


def stylesheet_url(content):
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', content)
    assert len(links) == 1, links  # one stylesheet, no chain
    return links[0]


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#000000", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        # The grey that just passes AA on white, and the one that just fails.
        ("#767676", "#ffffff", 4.54),
        ("#777777", "#ffffff", 4.48),
    ],
)
def test_contrast_ratio_follows_wcag(first, second, ratio):
    assert contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)


def test_relative_luminance_refuses_other_notations():
    with pytest.raises(ValueError, match="#rrggbb"):
        relative_luminance("red")


@pytest.mark.parametrize("accent", ["#b00020", "#1a5fb4", "#767676", "#000000"])
def test_dark_enough_accents_are_accepted(accent):
    SiteIdentity(accent=accent).full_clean()


@pytest.mark.parametrize("accent", ["#ffffff", "#777777", "#ffcc00", "#ff6666"])
def test_accents_white_text_cannot_be_read_on_are_refused(accent):
    with pytest.raises(ValidationError) as error:
        SiteIdentity(accent=accent).full_clean()
    assert "contrast" in str(error.value.message_dict["accent"])


@pytest.mark.parametrize("accent", ["b00020", "#b00", "#b00020; }", "#gggggg"])
def test_accents_in_another_form_are_refused(accent):
    with pytest.raises(ValidationError) as error:
        SiteIdentity(accent=accent).full_clean()
    assert "#b00020" in str(error.value.message_dict["accent"])


def test_a_fresh_install_has_the_default_identity(client):
    identity = SiteIdentity.objects.get()
    assert identity.name == "Solidarity"
    content = client.get("/en/posts/").content.decode()
    name = '<a class="site-name" href="/en/"><span class="site-title">Solidarity'
    assert name + "</span></a>" in content
    assert identity.tagline in content


def test_only_one_identity_exists(db):
    SiteIdentity(name="Another").save()
    assert SiteIdentity.objects.get().name == "Another"


def test_editing_the_identity_shows_on_cached_pages_at_once(client, admin_client):
    factories.make_article(title="Dockers strike")
    assert client.get("/en/posts/")["X-Page-Cache"] == "miss"
    assert client.get("/en/posts/")["X-Page-Cache"] == "hit"
    response = admin_client.post(
        "/admin/appeals/siteidentity/1/change/",
        {
            "name": "Hands Off Workers",
            "tagline": "Solidarity without borders",
            "accent": "#1a5fb4",
            "footer_text": "Run by volunteers.",
            "social_links": "https://mastodon.social/@handsoff",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    page = client.get("/en/posts/")
    content = page.content.decode()
    assert page["X-Page-Cache"] == "miss"
    assert "Hands Off Workers" in content
    assert "Solidarity without borders" in content
    assert "Run by volunteers." in content
    assert 'href="https://mastodon.social/@handsoff"' in content
    assert ">mastodon.social<" in content
    css = client.get(stylesheet_url(content))
    assert "--accent: #1a5fb4;" in css.content.decode()


def test_the_admin_refuses_an_svg_logo_and_a_pale_accent(admin_client):
    response = admin_client.post(
        "/admin/appeals/siteidentity/1/change/",
        {
            "name": "Solidarity",
            "accent": "#ffff00",
            "logo": upload(SVG, name="logo.svg", content_type="image/svg+xml"),
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "SVG" in str(errors["logo"])
    assert "contrast" in str(errors["accent"])
    assert SiteIdentity.objects.get().accent == "#b00020"


def test_a_raster_logo_is_shown_with_its_size(client, admin_client):
    response = admin_client.post(
        "/admin/appeals/siteidentity/1/change/",
        {
            "name": "Solidarity",
            "accent": "#b00020",
            "logo": upload(plain(size=(120, 40)), name="logo.png"),
        },
    )
    assert response.status_code == 302
    identity = SiteIdentity.objects.get()
    content = client.get("/en/posts/").content.decode()
    assert f'src="{identity.logo.url}" width="120" height="40"' in content


def test_the_logo_makes_the_favicon_and_app_icons(client, admin_client):
    page = client.get("/en/").content.decode()
    assert 'rel="icon"' not in page and 'rel="manifest"' not in page
    assert client.get("/manifest.webmanifest").status_code == 404
    assert client.get("/favicon.ico").status_code == 200  # the default one
    response = admin_client.post(
        "/admin/appeals/siteidentity/1/change/",
        {
            "name": "Hands Off Workers",
            "accent": "#1a5fb4",
            "logo": upload(plain(size=(120, 40)), name="logo.png"),
        },
    )
    assert response.status_code == 302
    icons = SiteIdentity.objects.get().icons()
    assert set(icons) == {"32", "180", "192", "512"}
    for size, url in icons.items():
        with default_storage.open(url.removeprefix("/media/")) as stored:
            icon = Image.open(stored)
            # Square, the logo fitted in and centred on transparency.
            assert icon.size == (int(size), int(size)) and icon.format == "PNG"
            assert icon.mode == "RGBA" and icon.getpixel((0, 0))[3] == 0
    page = client.get("/en/").content.decode()
    assert f'<link rel="icon" type="image/png" sizes="32x32" href="{icons["32"]}">' in (
        page
    )
    assert f'<link rel="apple-touch-icon" href="{icons["180"]}">' in page
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert (data["name"], data["theme_color"]) == ("Hands Off Workers", "#1a5fb4")
    assert [(icon["src"], icon["sizes"]) for icon in data["icons"]] == [
        (icons["192"], "192x192"),
        (icons["512"], "512x512"),
    ]


def test_social_links_must_be_web_addresses(db):
    identity = SiteIdentity(social_links="https://example.org/a\njavascript:alert(1)")
    with pytest.raises(ValidationError) as error:
        identity.full_clean()
    assert "javascript:alert(1)" in str(error.value.message_dict["social_links"])


def test_the_admin_opens_the_one_row_and_cannot_add_or_delete(admin_client):
    response = admin_client.get("/admin/appeals/siteidentity/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/appeals/siteidentity/1/change/"
    assert admin_client.get("/admin/appeals/siteidentity/add/").status_code == 403
    delete = admin_client.get("/admin/appeals/siteidentity/1/delete/")
    assert delete.status_code == 403


def test_the_identity_costs_one_cached_lookup(client, django_assert_num_queries):
    """Guards against a query per page for the identity: after the first
    page of a content version, none."""
    client.get("/en/posts/", {"page": 1})
    with django_assert_num_queries(0):
        # Not the same page (the page cache would answer): a 404 page renders
        # base.html too, with no query but the identity's.
        assert client.get("/nowhere/").status_code == 404


def test_one_stylesheet_holds_every_page_kind_and_the_accent(client):
    content = client.get("/en/events/").content.decode()
    response = client.get(stylesheet_url(content))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    css = response.content.decode()
    assert "@import" not in css
    # What were appeals.css and events.css, and the print styles.
    assert ".event-filters" in css
    assert ".appeal-status" in css
    assert "@media print" in css
    assert css.rstrip().endswith(":root { --accent: #b00020; }")
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]


def test_an_old_stylesheet_address_gets_the_current_one_not_for_long(client):
    response = client.get("/css/site-0123456789abcdef.css")
    assert response.status_code == 200
    assert "--accent: #b00020;" in response.content.decode()
    assert "immutable" not in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_the_default_social_image_is_used_without_a_picture(client):
    identity = SiteIdentity.load()
    identity.social_image.save("share.png", upload(plain(size=(1200, 630))))
    identity.save()
    content = client.get("/en/posts/").content.decode()
    assert (
        f'<meta property="og:image" content="http://testserver{identity.social_image.url}">'
        in content
    )


def test_editors_set_the_identity(editor_client):
    """Not only superusers: the Editors group has the appeals app's
    permissions, this model's included."""
    response = editor_client.post(
        "/admin/appeals/siteidentity/1/change/",
        {"name": "Hands Off", "accent": "#b00020"},
    )
    assert response.status_code == 302
    assert SiteIdentity.objects.get().name == "Hands Off"
