"""
Languages: the URL says which.

Every public page lives under its language's prefix (`/en/`, `/es/`,
`/ar/`; `i18n_patterns` in solidarity/urls.py), so a page's cache key holds
its language through its path and no cached page varies on
`Accept-Language`. That header is read in one place: `/`, which only
redirects a first visit to its language's home page. The old unprefixed
addresses (`/posts/…`) answer with a permanent redirect to the default
language's. The admin (never cached) follows the editor's browser.

Django's LocaleMiddleware is not used: it consults Accept-Language and the
language cookie for unprefixed URLs and marks them `Vary: Accept-Language`,
and its redirects are temporary ones chosen by that header.
"""

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import get_script_prefix, is_valid_path, reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

RTL_LANGUAGES = frozenset(("ar", "fa", "he", "ur"))


def language_names():
    """{code: name in its own language} for the configured languages."""
    return dict(settings.LANGUAGES)


def is_rtl(code):
    return code.split("-")[0] in RTL_LANGUAGES


class LanguageMiddleware:
    """Activate the language of the URL's prefix for the request."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        path = request.path_info
        language = translation.get_language_from_path(path)
        from_browser = False
        if language is None:
            if path.startswith(self.admin_prefix):
                language = translation.get_language_from_request(request)
                from_browser = True
            else:
                language = settings.LANGUAGE_CODE
                redirect = self.prefixed_redirect(request)
                if redirect is not None:
                    return redirect
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        if from_browser:
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response

    @staticmethod
    def prefixed_redirect(request):
        """A permanent redirect from an unprefixed address that exists under
        the default language's prefix (`/posts/x/` -> `/en/posts/x/`)."""
        path = request.path_info
        with translation.override(settings.LANGUAGE_CODE):
            if is_valid_path(path):
                return None  # not a page of i18n_patterns (robots.txt, `/`)
            target = f"/{settings.LANGUAGE_CODE}{path}"
            if not is_valid_path(target):
                if not (
                    settings.APPEND_SLASH
                    and not target.endswith("/")
                    and is_valid_path(target + "/")
                ):
                    return None
                target += "/"
        url = get_script_prefix().rstrip("/") + target
        if request.META.get("QUERY_STRING"):
            url += "?" + request.META["QUERY_STRING"]
        return HttpResponsePermanentRedirect(url)


@require_safe
def choose_language(request):
    """`/`: send a visitor to the home page in their browser's language (the
    first of Accept-Language that the site speaks, else the default). The
    only response that depends on the header; a redirect, never cached."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        response = HttpResponseRedirect(reverse("home"))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def language_context(request):
    """`LANGUAGE_DIR` and the switcher's languages for every template."""
    code = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "LANGUAGE_DIR": "rtl" if is_rtl(code) else "ltr",
        "SITE_LANGUAGES": settings.LANGUAGES,
    }


def page_in_languages(request, translations=None):
    """[(code, name, url, current)] for the switcher and hreflang: the same
    page in each configured language (its query string but `q`); for a
    post, its translation in that language where one is published
    (`translations`: {code: url})."""
    current = translation.get_language()
    path = request.path
    # Filters and pages carry over; words typed in a search box do not (the
    # visitor's text is not copied into more addresses: tests/test_privacy).
    params = request.GET.copy()
    params.pop("q", None)
    query = params.urlencode()
    links = []
    for code, name in settings.LANGUAGES:
        if translations and code in translations:
            url = translations[code]
        else:
            url = translate_url(path, code)
            if query:
                url += "?" + query
        links.append((code, name, url, code == current))
    return links


# Languages a post may be written in: the site's own first, then others an
# editor may choose (ISO 639-1). Names come from Django's LANG_INFO, each in
# its own language. The model field takes this callable, so adding a
# language changes no migration.
OTHER_CONTENT_LANGUAGES = (
    "de",
    "el",
    "fa",
    "fr",
    "it",
    "kk",
    "nl",
    "pl",
    "pt",
    "ru",
    "tr",
    "uk",
    "ur",
    "zh-hans",
)


def language_name(code):
    """A language's name in its own language ("Español"), or its code."""
    names = language_names()
    if code in names:
        return names[code]
    info = LANG_INFO.get(code, {})
    return info.get("name_local", code).capitalize() if info else code


def content_language_choices():
    site = [code for code, _name in settings.LANGUAGES]
    others = sorted(c for c in OTHER_CONTENT_LANGUAGES if c not in site)
    return [(code, language_name(code)) for code in [*site, *others]]
