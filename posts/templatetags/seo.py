"""Canonical link, OpenGraph and Twitter card meta, and schema.org JSON-LD.

`{% seo_meta %}` sits in base.html's <head> and works from the view's
`object`: any detail page of a Post (article, appeal, meeting), in any app,
gets them without template changes. Other pages get a canonical link and
the site-wide card. A view may set `canonical_url` to override.
"""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, override

from posts.models import Post
from solidarity import renditions
from solidarity.links import absolute_url
from solidarity.widgets import options_html

register = template.Library()

# Without the identity (appeals' context processor): in the page's language.
SITE_NAME = gettext_lazy("Solidarity")
DEFAULT_DESCRIPTION = gettext_lazy(
    "News, appeals and meetings of the international solidarity campaign."
)
# As django.utils.html.json_script: nothing in the data can close the element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute(request, url):
    """Canonical, og:url, JSON-LD and share links: from DJANGO_SITE_URL (the
    page is cached and shared, so nothing of one request may show)."""
    return url if "://" in url else absolute_url(url)


def canonical_url(context, request):
    if context.get("canonical_url"):
        return absolute(request, context["canonical_url"])
    obj = context.get("object")
    if obj is not None and hasattr(obj, "get_absolute_url"):
        # A post's own address is under its own language's prefix (the
        # other prefixes show the same text with another interface).
        language = getattr(obj, "language", None)
        if language not in dict(settings.LANGUAGES):
            language = get_language()
        with override(language):
            return absolute(request, obj.get_absolute_url())
    page = context.get("page_obj")
    path = request.path
    if page is not None and page.number > 1:
        path = f"{path}?page={page.number}"
    return absolute(request, path)


def image_url(request, post):
    """The picture's 1200×630 card (made when it was saved), absolute."""
    if post.image:
        return absolute(request, renditions.social_card(post.image).url)
    return None


def iso(moment, tz=None):
    """ISO 8601 to the second, in the venue's time zone for meetings."""
    return (
        moment.astimezone(tz).isoformat(timespec="seconds")
        if tz
        else (moment.isoformat(timespec="seconds"))
    )


def json_ld(request, post, url):
    author = {"@type": "Organization", "name": post.byline or SITE_NAME}
    publisher = {"@type": "Organization", "name": SITE_NAME}
    if post.kind == Post.Kind.EVENT:
        if post.date_precision != Post.DatePrecision.DAY:
            return ""  # an Event needs its start; an import may not give it
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": post.title,
            "description": post.summary,
            "url": url,
            "startDate": iso(post.starts_at, post.tzinfo),
            "eventStatus": "https://schema.org/EventCancelled"
            if post.is_cancelled
            else "https://schema.org/EventScheduled",
            "organizer": publisher,
        }
        if post.ends_at:
            data["endDate"] = iso(post.ends_at, post.tzinfo)
        places = []
        if post.is_in_person:
            places.append(
                {
                    "@type": "Place",
                    "name": post.venue_name or post.city,
                    "address": {
                        "@type": "PostalAddress",
                        "streetAddress": post.address,
                        "addressLocality": post.city,
                        "addressCountry": post.country.code or "",
                    },
                }
            )
        if post.is_online:
            places.append({"@type": "VirtualLocation", "url": post.online_url})
        if places:
            data["location"] = places[0] if len(places) == 1 else places
        mode = (
            "Mixed"
            if post.is_online and post.is_in_person
            else "Online"
            if post.is_online
            else "Offline"
        )
        data["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
    else:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": post.title[:110],
            "description": post.summary,
            "url": url,
            "mainEntityOfPage": url,
            "dateModified": iso(post.updated_at),
            "author": author,
            "publisher": publisher,
        }
        if post.publication_known:
            # An imported text dated only "February 2009" (or not at all)
            # has no publication moment to give.
            data["datePublished"] = iso(post.published_at)
        keywords = [tag.name for tag in post.tags.all()]
        if keywords:
            data["keywords"] = keywords
    image = image_url(request, post)
    if image:
        data["image"] = [image]
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(text.translate(JSON_ESCAPES))  # noqa: S308 (escaped above)


@register.inclusion_tag("includes/seo_meta.html", takes_context=True)
def seo_meta(context):
    request = context.get("request")
    if request is None:  # the 500 page is rendered without a request
        return {}
    obj = context.get("object")
    url = canonical_url(context, request)
    meta = {
        "canonical": url,
        "site_name": SITE_NAME,
        "og_type": "website",
        "og_title": context.get("page_title") or SITE_NAME,
        "og_description": DEFAULT_DESCRIPTION,
        "card": "summary",
    }
    if isinstance(obj, Post):
        post = obj.specific
        image = image_url(request, post)
        meta.update(
            og_type="article",
            og_title=post.title,
            og_description=post.summary or DEFAULT_DESCRIPTION,
            image=image,
            image_size=renditions.CARD_SIZE,
            image_alt=post.image_alt,
            card="summary_large_image" if image else "summary",
            published=post.published_at if post.publication_known else None,
            modified=post.updated_at,
            json_ld=json_ld(request, post, url),
        )
    # The campaign's identity (appeals' context processor, when present):
    # its name, and its default picture for pages without their own.
    identity = context.get("identity")
    if identity is not None:
        meta["site_name"] = identity.shown_name
        if meta["og_title"] is SITE_NAME:
            meta["og_title"] = identity.shown_name
        if not meta.get("image") and identity.social_image:
            meta.update(
                image=request.build_absolute_uri(identity.social_image.url),
                card="summary_large_image",
            )
    return meta


@register.simple_tag
def select_options(choices, selected):
    """<option>s for (value, label) pairs, built in Python: the country list
    has ~250 entries and a template loop over it costs milliseconds (see
    solidarity/widgets.py for the escaping)."""
    selected = "" if selected is None else str(selected)
    return options_html(
        (str(value), label, str(value) == selected) for value, label in choices
    )


@register.filter
def on_site(path):
    """`path` as an absolute URL on DJANGO_SITE_URL (e.g. a printed page's
    address)."""
    return absolute_url(path)
