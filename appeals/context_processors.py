"""What every page's template gets: the campaign's identity and the address
of its one stylesheet. Both are lazy, so a response that does not render
base.html (a feed, JSON) pays nothing; a page pays one cache lookup, under
the page cache's content version, which saving the identity renews."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from .views.identity import current_identity, stylesheet_digest


def identity(request):
    site = SimpleLazyObject(current_identity)
    return {
        "identity": site,
        "site_css_url": SimpleLazyObject(
            lambda: reverse("site-css", args=[stylesheet_digest(site.accent)])
        ),
    }
