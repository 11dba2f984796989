"""
Real picture files for the tests, made with Pillow: a phone photo carrying
GPS and camera data, bombs, long animations, broken and disguised files.
"""

import io
import struct
import types
import zlib
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms

from solidarity import images

LATITUDE = (51.0, 30.0, 26.4)
LONGITUDE = (0.0, 7.0, 39.6)
SERIAL = "CAM-SERIAL-0042917"
MAKER_NOTE = b"MAKERNOTE-owner:Jo Bloggs"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="51,30.44N" exif:GPSLongitude="0,7.66W"/>'
    b"</rdf:RDF></x:xmpmeta>"
)
COMMENT = b"taken by Jo Bloggs at the picket"
# Everything a clean file must not contain, as bytes.
MARKERS = (
    b"Exif\x00\x00",
    SERIAL.encode(),
    MAKER_NOTE,
    b"x:xmpmeta",
    b"Photoshop 3.0",
    b"8BIM",
    b"ICC_PROFILE",
    COMMENT,
    b"Jo Bloggs",
)


def _iptc_segment():
    """An APP13 (Photoshop IRB) segment holding IPTC by-line and city."""
    iptc = b""
    for dataset, value in ((80, b"Jo Bloggs"), (90, b"London")):
        iptc += b"\x1c\x02" + bytes([dataset]) + struct.pack(">H", len(value)) + value
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    body = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def phone_photo(size=(64, 32), orientation=6, image_format="JPEG"):
    """A photo as a phone writes it: EXIF with GPS, make, model, body serial
    number and a maker note, orientation `orientation` (6: turn 90° clockwise
    to show), XMP with GPS, IPTC, an ICC profile and a comment.

    The left half is red and the right half blue, so orientation can be
    checked on the cleaned copy.
    """
    image = Image.new("RGB", size, (220, 0, 0))
    image.paste((0, 0, 220), (size[0] // 2, 0, size[0], size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Artist] = "Jo Bloggs"
    camera = exif.get_ifd(ExifTags.IFD.Exif)
    camera[ExifTags.Base.BodySerialNumber] = SERIAL
    camera[ExifTags.Base.MakerNote] = MAKER_NOTE
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = LATITUDE
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = LONGITUDE
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    output = io.BytesIO()
    options = {"exif": exif, "xmp": XMP, "icc_profile": icc}
    if image_format == "JPEG":
        options.update(comment=COMMENT, extra=_iptc_segment())
    image.save(output, format=image_format, **options)
    return output.getvalue()


def gps_of(data):
    """The GPS tags Pillow reads from `data` (empty when there are none)."""
    return dict(Image.open(io.BytesIO(data)).getexif().get_ifd(ExifTags.IFD.GPSInfo))


def plain(size=(300, 200), image_format="PNG", mode="RGB", color=(30, 120, 200)):
    output = io.BytesIO()
    Image.new(mode, size, color).save(output, format=image_format)
    return output.getvalue()


def _png_chunk(kind, body):
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


@cache
def png_bomb(width, height):
    """A valid greyscale PNG of width×height black pixels: small on disk,
    width×height bytes once decoded."""
    row = b"\x00" * (width + 1)  # filter byte, then the pixels
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height))
    data += compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def png_text_bomb():
    """A 1×1 PNG with a compressed text chunk that inflates to 50 MB."""
    text = b"Comment\x00\x00" + zlib.compress(b"A" * 50_000_000, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
        + _png_chunk(b"zTXt", text)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + _png_chunk(b"IEND", b"")
    )


@cache
def animated_gif(frames, size=(16, 16)):
    images = [
        Image.new("P", size, index % 256) for index in range(frames)
    ]  # a different colour per frame, so none is merged away
    for image in images:
        image.putpalette([value for i in range(256) for value in (i, 255 - i, i)])
    output = io.BytesIO()
    images[0].save(
        output,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=40,
        loop=0,
        comment=COMMENT,
    )
    return output.getvalue()


def truncated_jpeg():
    data = plain((400, 300), "JPEG")
    return data[: len(data) // 2]


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" '
    b'height="10"><script>alert(document.cookie)</script></svg>'
)
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def save_picture(data, name="photo.jpg"):
    """Store `data` through PictureField's file, as a model save does."""
    field = images.PictureField()
    field.set_attributes_from_name("picture")
    fieldfile = images.PictureFieldFile(types.SimpleNamespace(), field, None)
    fieldfile.save(name, upload(data, name), save=False)
    return fieldfile
