"""
Pictures: an upload is checked by decoding it, and only a clean copy is kept.

Why: photos of pickets and delegations carry EXIF (GPS position, time,
camera serial number) that can locate the people in them and the person who
took them, and an "image" upload can be a script (SVG), a web page named
.jpg, or a decompression bomb. So an upload is:

1. refused unless Pillow decodes it, whole, as one of FORMATS: the bytes
   decide, never the name or the browser's content type;
2. refused over MAX_BYTES, MAX_PIXELS (decompression bombs: Pillow's own
   limit is set to ours and its warning is an error here) or MAX_FRAMES;
3. turned upright (EXIF orientation applied), converted to sRGB when it
   carries a colour profile, and encoded again from its pixels alone: the
   stored file has no EXIF (GPS, serial numbers, maker notes), XMP, IPTC,
   comments, text chunks or ICC profile;
4. stored under a random name (the uploaded name can say who or where).

`PictureField` (the model field) applies all of this on every save, whatever
the way in (admin, import, shell); `PictureFormField` gives editors the
errors as form messages. Renditions (`solidarity/renditions.py`) are made
from the clean copy when it is saved.

The ICC profile is not kept: a profile can name the device that made the
picture (its description, manufacturer and model tags), and converting the
pixels to sRGB first keeps the colours, since browsers show an untagged
picture as sRGB.
"""

import io
import math
import uuid
import warnings

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

from . import renditions

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
# An animation's frames are decoded one by one: all of them together count
# against MAX_PIXELS, and there can be at most this many.
MAX_FRAMES = 100
# What browsers show, with the extension each is stored under.
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}
UPLOAD_DIR = "pictures"

# Pillow refuses images over twice this many pixels and warns over it;
# check_picture() turns the warning into a refusal too. Set process-wide,
# so renditions and anything else that opens a picture have the same limit.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

# What the encoder is given besides the pixels (nothing else is passed).
SAVE_OPTIONS = {
    "JPEG": {"quality": 90},
    "PNG": {},
    "GIF": {},
    "WEBP": {"quality": 90},
}

MESSAGES = {
    "empty": _("The file is empty."),
    "too_large": _(
        "This file is %(size)s; a picture can be at most %(limit)s. "
        "Make it smaller and upload it again."
    ),
    "svg": _(
        "SVG drawings are not accepted, because they can contain scripts. "
        "Save the picture as PNG or JPEG and upload that."
    ),
    "not_picture": _(
        "This file is not a picture that can be used here. "
        "Upload a JPEG, PNG, GIF or WebP picture."
    ),
    "too_many_pixels": _(
        "This picture is too big: %(width)s × %(height)s pixels "
        "(%(megapixels)s megapixels); the limit is %(limit)s megapixels. "
        "Make it smaller and upload it again."
    ),
    "bomb": _(
        "This picture has far too many pixels (the limit is %(limit)s "
        "megapixels). Make it smaller and upload it again."
    ),
    "too_many_frames": _(
        "This animation has %(frames)s frames; the limit is %(limit)s."
    ),
    "animation_too_big": _(
        "This animation is too big: %(frames)s frames of %(width)s × "
        "%(height)s pixels (%(megapixels)s megapixels in all); the limit is "
        "%(limit)s megapixels."
    ),
    "broken": _(
        "This picture is damaged or incomplete (perhaps it did not finish "
        "uploading). Open it on your computer to check, then upload it again."
    ),
}


def _error(code, **params):
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _megabytes(size):
    """Rounded up to a tenth, so a file just over the limit doesn't read as
    the limit itself."""
    return _("%(megabytes)s MB") % {
        "megabytes": f"{math.ceil(size * 10 / 1024 / 1024) / 10:g}"
    }


def _megapixels(pixels):
    return f"{pixels / 1_000_000:.1f}".removesuffix(".0")


def _read(upload):
    """The upload's bytes, refusing empty and oversized files before reading."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _error("too_large", size=_megabytes(size), limit=_megabytes(MAX_BYTES))
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if not data:
        raise _error("empty")
    if len(data) > MAX_BYTES:
        raise _error(
            "too_large", size=_megabytes(len(data)), limit=_megabytes(MAX_BYTES)
        )
    return data


def _looks_like_svg(data):
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) and b"<svg" in (
        data[:65536].lower()
    )


def _open(data):
    """Decode every frame of `data`: (image, frame count), or ValidationError."""
    if _looks_like_svg(data):
        raise _error("svg")
    with warnings.catch_warnings():
        # Opening reads only the header. Pillow raises DecompressionBombError
        # over twice MAX_PIXELS (we then cannot tell the size) and warns over
        # it; the warning is silenced here because the size is checked just
        # below with a message that gives it.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except Image.DecompressionBombError:
            raise _error("bomb", limit=MAX_PIXELS // 1_000_000) from None
        except UnidentifiedImageError:
            raise _error("not_picture") from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise _error("broken") from None
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise _error(
            "too_many_pixels",
            width=width,
            height=height,
            megapixels=_megapixels(width * height),
            limit=MAX_PIXELS // 1_000_000,
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        frames = getattr(image, "n_frames", 1)
        if frames > MAX_FRAMES:
            raise _error("too_many_frames", frames=frames, limit=MAX_FRAMES)
        if frames * width * height > MAX_PIXELS:
            raise _error(
                "animation_too_big",
                frames=frames,
                width=width,
                height=height,
                megapixels=_megapixels(frames * width * height),
                limit=MAX_PIXELS // 1_000_000,
            )
        try:
            for frame in ImageSequence.Iterator(image):
                frame.load()
            image.seek(0)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _error("bomb", limit=MAX_PIXELS // 1_000_000) from None
        except (OSError, SyntaxError, ValueError, EOFError, IndexError):
            # Truncated files raise OSError ("image file is truncated"),
            # broken streams SyntaxError or ValueError, depending on the codec.
            raise _error("broken") from None
    return image, frames


def check_picture(data):
    """Raise ValidationError unless `data` is a picture clean_picture() would
    accept (for files that are already clean, such as a backup's)."""
    _open(data)


def _to_srgb(frame, icc):
    """The frame's pixels in sRGB, if its profile can be applied; as they are
    (profile dropped) if the profile is unusable."""
    if not icc or frame.mode not in ("RGB", "RGBA", "CMYK"):
        return frame
    try:
        return ImageCms.profileToProfile(
            frame,
            ImageCms.ImageCmsProfile(io.BytesIO(icc)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGBA" if frame.mode == "RGBA" else "RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return frame


def _pixels_only(frame, icc, keep_alpha):
    """A new image made of the frame's pixels and nothing else (Image.info,
    where Pillow keeps EXIF, XMP, comments and profiles, starts empty)."""
    frame = _to_srgb(frame, icc)
    has_alpha = "A" in frame.mode or "transparency" in frame.info
    if frame.mode not in ("L", "RGB", "RGBA", "LA") or (
        has_alpha and frame.mode in ("L", "RGB")
    ):
        frame = frame.convert("RGBA" if has_alpha and keep_alpha else "RGB")
    if not keep_alpha and frame.mode in ("RGBA", "LA"):
        frame = frame.convert("RGB" if frame.mode == "RGBA" else "L")
    return Image.frombytes(frame.mode, frame.size, frame.tobytes())


def clean_picture(upload):
    """Check `upload` (a Django File or anything with read()) and return a
    ContentFile holding a clean copy under a random name.

    Raises ValidationError with a message for the editor when the upload is
    not a picture this site accepts.
    """
    data = _read(upload)
    image, frames = _open(data)
    image_format = image.format
    icc = image.info.get("icc_profile")
    keep_alpha = image_format != "JPEG"
    durations = []
    cleaned = []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration", 100))
        if frames == 1:
            ImageOps.exif_transpose(frame, in_place=True)
        cleaned.append(_pixels_only(frame, icc, keep_alpha))
    output = io.BytesIO()
    options = dict(SAVE_OPTIONS[image_format])
    if frames > 1:
        options.update(
            save_all=True, append_images=cleaned[1:], duration=durations, loop=0
        )
    cleaned[0].save(output, format=image_format, **options)
    content = ContentFile(output.getvalue(), name=random_name(FORMATS[image_format]))
    content.picture_cleaned = True
    return content


def random_name(extension):
    return f"{uuid.uuid4().hex}{extension}"


def upload_to(instance, filename):
    """pictures/<year>/<month>/<random>.<ext>: the name clean_picture() chose
    (random, with the real format's extension), never the uploaded one."""
    extension = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS.values():
        extension = ""
    return f"{UPLOAD_DIR}/{timezone.now():%Y/%m}/{random_name(extension)}"


class PictureFormField(forms.FileField):
    """A file input whose cleaned value is the clean copy (clean_picture()).

    The uploaded name is not checked (it is replaced), so no length limit
    on it and no extension rule.
    """

    default_error_messages = {"empty": MESSAGES["empty"]}

    def __init__(self, *, max_length=None, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": "image/*"})
        )
        super().__init__(**kwargs)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        return clean_picture(upload)


class PictureFieldFile(models.fields.files.ImageFieldFile):
    def save(self, name, content, save=True):
        """Store only a clean copy, whatever the way in; then its renditions."""
        if not getattr(content, "picture_cleaned", False):
            content = clean_picture(content)
        super().save(content.name, content, save=save)
        content.seek(0)
        renditions.generate(self, content.read())

    save.alters_data = True

    def delete(self, save=True):
        """Delete the file and every rendition made from it."""
        if self.name:
            renditions.delete(self.name)
        super().delete(save=save)

    delete.alters_data = True


def picture_fields():
    """(model, field) for every PictureField, each once (a multi-table child
    such as Article does not repeat its parent's)."""
    for model in apps.get_models():
        for field in model._meta.local_fields:
            if isinstance(field, PictureField):
                yield model, field


def stored_pictures():
    """(model, field, name) of every picture the database refers to."""
    for model, field in picture_fields():
        names = (
            model._default_manager.exclude(**{field.name: ""})
            .order_by("pk")
            .values_list(field.name, flat=True)
        )
        for name in names.iterator():
            yield model, field, name


class PictureField(models.ImageField):
    """An ImageField that keeps only clean copies (see the module docstring)
    and their renditions. Give it width_field and height_field: pages read
    the picture's size from the row instead of opening the file."""

    attr_class = PictureFieldFile

    def __init__(self, *args, icons=False, **kwargs):
        # icons=True: square icons are made too (renditions.Icon), for the
        # site's logo. Not a database matter, so not in migrations.
        self.icons = icons
        kwargs.setdefault("upload_to", upload_to)
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PictureFormField, **kwargs})

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if cls._meta.abstract or cls.__module__ == "__fake__":
            return  # abstract, or a migration's historical model
        owner = cls

        def connect(sender, **kwargs):
            # The model and its multi-table children (an Article is a Post):
            # signals are sent with the instance's own class.
            if issubclass(sender, owner):
                uid = f"picture-{sender._meta.label}-{self.attname}"
                for signal, receiver in (
                    (models.signals.post_init, self._remember),
                    (models.signals.post_save, self._forget_replaced),
                    (models.signals.pre_delete, self._forget_deleted),
                ):
                    signal.connect(
                        receiver, sender=sender, weak=False, dispatch_uid=uid
                    )

        models.signals.class_prepared.connect(connect, weak=False)

    # A picture removed or replaced, or whose row is deleted, goes from the
    # storage with its renditions once the transaction commits (a rollback
    # keeps it): a photo taken down for someone's safety must not stay
    # reachable at its old address.

    def _remember(self, instance, **kwargs):
        # __dict__, not getattr: a deferred field (.only()) stays unloaded.
        stored = instance.__dict__.get(self.attname)
        instance.__dict__.setdefault("_stored_pictures", {})[self.attname] = str(
            stored or ""
        )

    def _discard(self, name):
        if name:

            def delete():
                # Unless a row refers to it again (import_content --replace
                # deletes the posts, then restores the same files).
                if not self.model._default_manager.filter(**{self.name: name}).exists():
                    renditions.delete(name)
                    self.storage.delete(name)

            transaction.on_commit(delete)

    def _forget_replaced(self, instance, **kwargs):
        stored = instance.__dict__.setdefault("_stored_pictures", {})
        if self.attname not in instance.__dict__:
            return  # deferred and never loaded: unchanged
        current = str(instance.__dict__[self.attname] or "")
        previous = stored.get(self.attname, "")
        if previous and previous != current:
            self._discard(previous)
        stored[self.attname] = current

    def _forget_deleted(self, instance, **kwargs):
        if self.attname not in instance.__dict__ and instance.pk is not None:
            instance.refresh_from_db(fields=[self.attname])
        self._discard(str(instance.__dict__.get(self.attname) or ""))
