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


def _specs(source, source_width):
    return [Width(source, width) for width in widths_for(source_width)] + [
        SocialCard(source)
    ]


def generate(fieldfile, data=None):
    """Write every rendition of the picture stored at `fieldfile`; `data`
    (its bytes, when just saved) spares reading it back from the storage."""
    if data is None:
        with fieldfile.open("rb") as stored:
            data = stored.read()
    source_width = Image.open(io.BytesIO(data)).size[0]  # reads the header only
    source = File(io.BytesIO(data), name=fieldfile.name)
    for spec in _specs(source, source_width):
        _cachefile(spec).generate(force=True)


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


def directory(name):
    return os.path.join(settings.IMAGEKIT_CACHEFILE_DIR, os.path.splitext(name)[0])


def delete(fieldfile):
    """Delete every rendition of the picture (whatever sizes were made)."""
    storage = get_storage()
    folder = directory(fieldfile.name)
    try:
        _, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        storage.delete(f"{folder}/{name}")
