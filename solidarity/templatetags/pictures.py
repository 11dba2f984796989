"""
{% picture %}: an <img> that never shifts the page and never loads more
than the screen needs.

    {% load pictures %}
    {% picture post.image post.image_alt sizes="(min-width: 60em) 20em, 100vw" %}
    {% picture article.image article.image_alt lazy=False %}  (first picture)

srcset lists the WebP renditions made when the picture was saved
(solidarity/renditions.py), sizes tells the browser how wide it is shown,
width and height give its shape before it loads, and loading="lazy" defers
it unless it is the largest picture above the fold (lazy=False).
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from solidarity import renditions

register = template.Library()

# The rendition given as src, for browsers that ignore srcset.
FALLBACK_WIDTH = 800


def dimensions(image):
    """The picture's width and height from its row (PictureField's
    width_field and height_field), opening the file only if it has none."""
    field = image.field
    if field.width_field and field.height_field:
        width = getattr(image.instance, field.width_field)
        height = getattr(image.instance, field.height_field)
        if width and height:
            return width, height
    return image.width, image.height


@register.simple_tag
def picture(image, alt, sizes="100vw", lazy=True, css_class=""):
    if not image:
        return ""
    width, height = dimensions(image)
    candidates = renditions.srcset(image, width, height)
    fallback = next(
        (rendition for rendition in candidates if rendition.width >= FALLBACK_WIDTH),
        candidates[-1],
    )
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}>',
        fallback.url,
        ", ".join(f"{rendition.url} {rendition.width}w" for rendition in candidates),
        sizes,
        candidates[-1].width,
        candidates[-1].height,
        alt,
        format_html(' class="{}"', css_class) if css_class else "",
        mark_safe(' loading="lazy" decoding="async"') if lazy else "",
    )
