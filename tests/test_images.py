"""Pictures are checked by decoding and stored clean (solidarity/images.py),
with their renditions (solidarity/renditions.py)."""

import contextlib
import io
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template import Context, Template
from PIL import Image

from solidarity import images, renditions
from tests import pictures


def stored_files():
    found = []

    def walk(folder):
        directories, files = default_storage.listdir(folder)
        found.extend(f"{folder}/{name}".lstrip("/") for name in files)
        for directory in directories:
            walk(f"{folder}/{directory}".lstrip("/"))

    with contextlib.suppress(FileNotFoundError):
        walk("")
    return sorted(found)


def assert_clean(data):
    for marker in pictures.MARKERS:
        assert marker not in data, marker
    image = Image.open(io.BytesIO(data))
    assert not image.getexif()
    assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)
    # WebP and PNG metadata chunks.
    for chunk in (b"EXIF", b"XMP ", b"ICCP", b"eXIf", b"iCCP", b"tEXt", b"iTXt"):
        assert chunk not in data, chunk


class PictureForm(forms.Form):
    picture = images.PictureFormField()


def submit(data, name="photo.jpg"):
    form = PictureForm(files={"picture": pictures.upload(data, name)})
    form.is_valid()
    return form


@pytest.mark.parametrize("image_format", ["JPEG", "WEBP", "PNG"])
def test_location_and_camera_data_are_removed_and_the_photo_stays_upright(
    image_format,
):
    """The journey that matters most: a phone photo with GPS, serial number,
    maker note, XMP, IPTC, profile and comment keeps only its pixels, turned
    the way the phone meant (orientation 6: 90° clockwise)."""
    original = pictures.phone_photo(image_format=image_format)
    assert pictures.gps_of(original)  # the test file does carry GPS
    form = submit(original)
    assert form.is_valid(), form.errors
    data = form.cleaned_data["picture"].read()
    assert_clean(data)
    assert pictures.gps_of(data) == {}
    upright = Image.open(io.BytesIO(data)).convert("RGB")
    assert upright.size == (32, 64)
    red, _, blue = upright.getpixel((16, 8))
    assert red > 150 > blue  # the left (red) half is now on top
    red, _, blue = upright.getpixel((16, 56))
    assert blue > 150 > red


def test_the_stored_name_is_random_with_the_real_formats_extension():
    form = submit(pictures.plain(image_format="PNG"), "Jo Bloggs at 12 Acacia Ave.jpg")
    name = form.cleaned_data["picture"].name
    assert re.fullmatch(r"[0-9a-f]{32}\.png", name)
    assert images.upload_to(None, name).startswith("pictures/")
    assert images.upload_to(None, name).endswith(".png")


def test_a_long_uploaded_name_is_no_reason_to_refuse():
    form = submit(pictures.plain(), "x" * 300 + ".png")
    assert form.is_valid(), form.errors


REFUSED = [
    ("empty", b"", "photo.jpg", "The file is empty."),
    ("svg", pictures.SVG, "logo.svg", "SVG drawings are not accepted"),
    ("svg", pictures.SVG, "logo.png", "SVG drawings are not accepted"),
    ("not_picture", pictures.HTML, "photo.jpg", "not a picture"),
    ("not_picture", b"%PDF-1.7\n" + b"0" * 500, "photo.jpg", "not a picture"),
    ("not_picture", pictures.plain(image_format="TIFF"), "scan.tif", "not a picture"),
    ("not_picture", pictures.plain(image_format="BMP"), "p.bmp", "not a picture"),
    ("broken", pictures.truncated_jpeg(), "photo.jpg", "damaged or incomplete"),
    ("broken", pictures.png_text_bomb(), "photo.png", "damaged or incomplete"),
    ("too_many_frames", pictures.animated_gif(1000), "a.gif", "1000 frames"),
]


@pytest.mark.parametrize(("code", "data", "name", "message"), REFUSED)
def test_what_is_not_a_usable_picture_is_a_clear_form_error(code, data, name, message):
    form = submit(data, name)
    assert not form.is_valid()
    assert form.errors.as_data()["picture"][0].code == code
    assert message in form.errors["picture"][0]


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read():
    big = pictures.upload(b"\xff\xd8" + b"\x00" * images.MAX_BYTES, "huge.jpg")
    form = PictureForm(files={"picture": big})
    assert not form.is_valid()
    assert form.errors["picture"] == [
        "This file is 20.1 MB; a picture can be at most 20 MB. "
        "Make it smaller and upload it again."
    ]


def test_a_png_bomb_is_refused_without_decoding_it():
    """90 megapixels (over twice the limit): Pillow's DecompressionBombError."""
    bomb = pictures.png_bomb(10_000, 9_000)
    assert len(bomb) < 200_000
    form = submit(bomb, "photo.png")
    assert form.errors.as_data()["picture"][0].code == "bomb"
    assert "the limit is 40 megapixels" in form.errors["picture"][0]


def test_a_picture_just_over_the_pixel_limit_is_refused_with_its_size():
    """42 megapixels: Pillow only warns; that is a refusal here too."""
    form = submit(pictures.png_bomb(7_000, 6_000), "photo.png")
    assert form.errors["picture"] == [
        "This picture is too big: 7000 × 6000 pixels (42 megapixels); the limit "
        "is 40 megapixels. Make it smaller and upload it again."
    ]


def test_an_animation_counts_all_its_frames_against_the_pixel_limit():
    form = submit(pictures.animated_gif(90, size=(800, 600)), "a.gif")
    assert form.errors.as_data()["picture"][0].code == "animation_too_big"
    assert "90 frames of 800 × 600 pixels" in form.errors["picture"][0]


def test_a_short_animation_is_kept_animated_and_loses_its_comment():
    form = submit(pictures.animated_gif(12), "a.gif")
    data = form.cleaned_data["picture"].read()
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.n_frames) == ("GIF", 12)
    assert pictures.COMMENT not in data


@pytest.mark.parametrize(
    ("mode", "image_format", "expected_mode"),
    [
        ("CMYK", "JPEG", "RGB"),
        ("L", "JPEG", "L"),
        ("RGBA", "PNG", "RGBA"),
        ("LA", "PNG", "LA"),
        ("P", "PNG", "RGB"),
        ("1", "PNG", "RGB"),
        ("RGBA", "WEBP", "RGBA"),
    ],
)
def test_every_common_kind_of_picture_is_stored_in_a_mode_browsers_show(
    mode, image_format, expected_mode
):
    color = {"CMYK": (0, 0, 0, 0), "L": 100, "LA": (100, 50), "1": 1, "P": 3}.get(
        mode, (10, 20, 30, 128)
    )
    form = submit(pictures.plain((40, 30), image_format, mode, color))
    assert form.is_valid(), form.errors
    image = Image.open(form.cleaned_data["picture"])
    assert (image.format, image.mode, image.size) == (
        image_format,
        expected_mode,
        (40, 30),
    )


def test_no_refused_file_reaches_the_storage():
    for _code, data, name, _message in REFUSED:
        with pytest.raises(ValidationError):
            pictures.save_picture(data, name)
    assert stored_files() == []


def test_renditions_are_made_once_on_save_clean_and_at_the_widths_pages_ask_for():
    fieldfile = pictures.save_picture(
        pictures.phone_photo(size=(2000, 1000), orientation=1)
    )
    stored = stored_files()
    folder = renditions.directory(fieldfile.name)
    made = [name for name in stored if name.startswith(folder + "/")]
    assert stored == sorted([fieldfile.name, *made])
    assert len(made) == len(renditions.WIDTHS) + 1  # widths and the card

    srcset = renditions.srcset(fieldfile, 2000, 1000)
    assert [(r.width, r.height) for r in srcset] == [
        (400, 200), (800, 400), (1200, 600), (1600, 800)
    ]  # fmt: skip
    for rendition in srcset:
        name = rendition.url.removeprefix("/media/")
        data = default_storage.open(name).read()
        assert_clean(data)
        image = Image.open(io.BytesIO(data))
        assert (image.format, image.size) == (
            "WEBP",
            (rendition.width, rendition.height),
        )
    card = renditions.social_card(fieldfile)
    data = default_storage.open(card.url.removeprefix("/media/")).read()
    assert_clean(data)
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.size) == ("JPEG", (1200, 630))
    assert_clean(default_storage.open(fieldfile.name).read())


def test_a_small_picture_gets_one_rendition_at_its_own_width():
    fieldfile = pictures.save_picture(pictures.plain((500, 250)))
    assert [(r.width, r.height) for r in renditions.srcset(fieldfile, 500, 250)] == [
        (400, 200),
        (500, 250),
    ]
    assert renditions.widths_for(420) == [420]
    assert renditions.widths_for(5000) == [400, 800, 1200, 1600]


def test_rendition_urls_are_computed_without_touching_the_storage(monkeypatch):
    """A page asks only for URLs: no existence check, no generation."""
    fieldfile = pictures.save_picture(pictures.plain((900, 600)))

    def refuse(*args, **kwargs):
        raise AssertionError("the storage was consulted while rendering")

    for method in ("exists", "open", "save", "listdir", "size"):
        monkeypatch.setattr(type(default_storage._wrapped), method, refuse)
    assert len(renditions.srcset(fieldfile, 900, 600)) == 3  # 400, 800, 900
    assert renditions.social_card(fieldfile).url.endswith(".jpg")


def test_deleting_a_picture_deletes_its_renditions():
    first = pictures.save_picture(pictures.plain((1000, 500)))
    second = pictures.save_picture(pictures.plain((1000, 500)))
    first.delete(save=False)
    remaining = stored_files()
    assert remaining and all(
        name == second.name or name.startswith(renditions.directory(second.name))
        for name in remaining
    )


def test_the_pixel_limit_applies_to_every_use_of_pillow():
    assert Image.MAX_IMAGE_PIXELS == images.MAX_PIXELS


def img_attributes(html):
    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "img":
                found.append(dict(attrs))

    Parser().feed(html)
    assert len(found) == 1, html
    return found[0]


def render(source, **context):
    return Template("{% load pictures %}" + source).render(Context(context))


def test_the_picture_tag_gives_srcset_sizes_dimensions_and_lazy_loading():
    image = pictures.save_picture(pictures.plain((1000, 500)))
    img = img_attributes(
        render('{% picture image alt sizes="50vw" %}', image=image, alt='"Free them"')
    )
    urls = [rendition.url for rendition in renditions.srcset(image, 1000, 500)]
    assert img["srcset"] == f"{urls[0]} 400w, {urls[1]} 800w, {urls[2]} 1000w"
    assert img["src"] == urls[1]
    assert (img["width"], img["height"], img["sizes"]) == ("1000", "500", "50vw")
    assert img["alt"] == '"Free them"'
    assert (img["loading"], img["decoding"]) == ("lazy", "async")
    first = img_attributes(render("{% picture image 'x' lazy=False %}", image=image))
    assert "loading" not in first
    assert render("{% picture image 'x' %}", image=None) == ""


def test_remaking_renditions_replaces_them_and_changes_nothing_else():
    """manage.py make_renditions after a change of sizes, or twice."""
    image = pictures.save_picture(pictures.plain((1700, 900), "JPEG"))
    before = {name: default_storage.open(name).read() for name in stored_files()}
    renditions.generate(image)
    assert {name: default_storage.open(name).read() for name in stored_files()} == (
        before
    )


def test_an_animation_gets_still_renditions_of_its_first_frame():
    image = pictures.save_picture(pictures.animated_gif(5, size=(500, 400)), "a.gif")
    first = renditions.srcset(image, 500, 400)[0]
    data = default_storage.open(first.url.removeprefix("/media/")).read()
    rendition = Image.open(io.BytesIO(data))
    assert (rendition.format, rendition.size) == ("WEBP", (400, 320))
    assert getattr(rendition, "n_frames", 1) == 1
