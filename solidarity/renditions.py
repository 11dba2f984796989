"""
Renditions: the sizes pages show, made once when a picture is saved.

django-imagekit makes them (its specs, pilkit's resizing, its cache files in
any Django storage). Its `Optimistic` strategy is the one that fits a cached
site: a rendition is written when its source is saved, and a page asks only
for its URL, which is computed from the source's name without looking at the
storage or the database. Nothing is generated while a visitor waits, and a
page of twenty thumbnails costs no storage requests, on disk or on S3.

Each picture gets WebP renditions at the WIDTHS narrower than it (for
`<img srcset>`), one at its own width up to the largest, and a 1200×630 JPEG
card for og:image (JPEG because some link previews still refuse WebP).
They are made from the stored copy, which carries no metadata already
(solidarity/images.py); StripMetadata empties what Pillow would still copy
over (comments, profiles) all the same.

Their names are renditions/<the source's name>/<digest>.<ext>, the digest
covering the source name, the kind and size, the format and RENDITION_VERSION
(our own, so a library upgrade cannot silently rename every rendition;
change it, then run `manage.py make_renditions`, to remake them all).
"""

import hashlib
import io
import math
import os
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import File
from imagekit import ImageSpec
from imagekit.cachefiles import ImageCacheFile
from imagekit.cachefiles.strategies import Optimistic
from imagekit.utils import get_storage
from PIL import Image
from pilkit.processors import ResizeToFill, ResizeToFit

RENDITION_VERSION = 1
WIDTHS = (400, 800, 1200, 1600)
CARD_SIZE = (1200, 630)


class StripMetadata:
    """A pilkit processor: the image with an empty Image.info, where Pillow
    keeps a source's EXIF, comments and colour profile for the encoder."""

    def process(self, image):
        image.info = {}
        return image


class PictureSpec(ImageSpec):
    kind = ""

    def get_hash(self):
        key = repr(
            (
                RENDITION_VERSION,
                self.source.name,
                self.kind,
                self.format,
                sorted(self.options.items()),
            )
        )
        return hashlib.sha256(key.encode()).hexdigest()[:32]


class Width(PictureSpec):
    """The picture scaled to `width` pixels wide (never enlarged), in WebP."""

    format = "WEBP"
    options = {"quality": 80}

    def __init__(self, source, width):
        self.width = width
        self.kind = f"w{width}"
        super().__init__(source)

    @property
    def processors(self):
        return [ResizeToFit(width=self.width, upscale=False), StripMetadata()]


class SocialCard(PictureSpec):
    """1200×630, filled and centre-cropped, for og:image and Twitter cards."""

    kind = "card"
    format = "JPEG"
    options = {"quality": 85, "optimize": True, "progressive": True}
    processors = [ResizeToFill(*CARD_SIZE), StripMetadata()]


class Icon(PictureSpec):
    """A square PNG `size` pixels wide: the picture fitted in, centred on a
    transparent square (a logo is rarely square). For favicons and app
    icons, made only for PictureField(icons=True) (the site's logo)."""

    format = "PNG"
    options = {"optimize": True}

    def __init__(self, source, size):
        self.size = size
        self.kind = f"icon{size}"
        super().__init__(source)

    @property
    def processors(self):
        return [
            ResizeToFit(self.size, self.size, mat_color=(255, 255, 255, 0)),
            StripMetadata(),
        ]


# Browser tab (32), iOS home screen (180), Android and the web app
# manifest (192, 512).
ICON_SIZES = (32, 180, 192, 512)


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def widths_for(source_width):
    """The widths made for a picture `source_width` pixels wide: the standard
    widths clearly narrower than it, and its own width (at most the largest)."""
    widest = min(source_width, WIDTHS[-1])
    return [width for width in WIDTHS if width < widest * 0.9] + [widest]


def _cachefile(spec):
    return ImageCacheFile(spec, storage=get_storage(), cachefile_strategy=Optimistic())


def _specs(source, source_width, icons=False):
    specs = [Width(source, width) for width in widths_for(source_width)]
    specs.append(SocialCard(source))
    if icons:
        specs += [Icon(source, size) for size in ICON_SIZES]
    return specs


def working_copy(data):
    """The picture scaled down once to the least that every rendition needs
    (the widest rendition, and the card's width and height), as an
    uncompressed TIFF, and the original's size.

    Each spec decodes its source, and a 40-megapixel JPEG takes a second to
    decode on our servers: decoding it once, at reduced scale (JPEG's
    draft mode), made a picture's renditions several times faster.
    """
    image = Image.open(io.BytesIO(data))
    width, height = image.size
    if image.mode == "P":  # GIF: resize colours, not palette indexes
        image = image.convert("RGBA")
    scale = min(
        1.0, max(WIDTHS[-1] / width, CARD_SIZE[0] / width, CARD_SIZE[1] / height)
    )
    size = (max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale)))
    if scale < 1:
        image.draft(image.mode, size)  # JPEG: decode at 1/2, 1/4 or 1/8 scale
        image = image.resize(size, Image.Resampling.LANCZOS)
    output = io.BytesIO()
    image.save(output, format="TIFF")
    return output.getvalue(), (width, height)


def generate(fieldfile, data=None):
    """Write every rendition of the picture stored at `fieldfile` (over any
    already there); `data` (its bytes, when just saved) spares reading it
    back from the storage. Returns the picture's (width, height)."""
    if data is None:
        with fieldfile.open("rb") as stored:
            data = stored.read()
    working, size = working_copy(data)
    # The specs read the working copy, under the stored name that their
    # renditions' names are made from.
    source = File(io.BytesIO(working), name=fieldfile.name)
    icons = getattr(getattr(fieldfile, "field", None), "icons", False)
    for spec in _specs(source, size[0], icons):
        _cachefile(spec).generate(force=True)
    return size


def srcset(fieldfile, width, height):
    """The Width renditions of a picture of `width`×`height` pixels, narrowest
    first, with their sizes (as pilkit's ResizeToFit computes them)."""
    return [
        Rendition(
            _cachefile(Width(fieldfile, target)).url,
            target,
            int(round(height * target / width)),
        )
        for target in widths_for(width)
    ]


def social_card(fieldfile):
    return Rendition(_cachefile(SocialCard(fieldfile)).url, *CARD_SIZE)


def icons(fieldfile):
    """{size: URL} of the square icons made from a logo (see Icon)."""
    return {size: _cachefile(Icon(fieldfile, size)).url for size in ICON_SIZES}


def directory(name):
    return os.path.join(settings.IMAGEKIT_CACHEFILE_DIR, os.path.splitext(name)[0])


def delete(name):
    """Delete every rendition of the picture stored as `name` (whatever
    sizes were made)."""
    storage = get_storage()
    folder = directory(name)
    try:
        _, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for file in files:
        storage.delete(f"{folder}/{file}")
