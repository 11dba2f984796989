"""The language switcher and the hreflang alternates (base.html).

`{% language_links as links %}` gives [(code, name, url, current)]: this
page in each configured language. A post's page passes `translation_urls`
({language: url} of its published translations, the post itself included),
so the switcher leads to the translation where one exists; hreflang then
names only those, since the other prefixes show the same text.
"""

from django import template

from solidarity.languages import page_in_languages
from solidarity.links import absolute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    request = context.get("request")
    if request is None:
        return []
    return page_in_languages(request, context.get("translation_urls"))


@register.inclusion_tag("includes/hreflang.html", takes_context=True)
def hreflang_links(context):
    request = context.get("request")
    if request is None or getattr(request, "resolver_match", None) is None:
        return {"alternates": []}
    translations = context.get("translation_urls")
    links = page_in_languages(request, translations)
    alternates = [
        (code, absolute_url(url))
        for code, _name, url, _current in links
        if not translations or code in translations
    ]
    if not translations and alternates:
        alternates.append(("x-default", alternates[0][1]))
    return {"alternates": alternates}


@register.filter
def foreign_to(post, language):
    """The post's language when it is not the page's `language` (for its
    label and lang attribute), else ""."""
    return post.language if post.language and post.language != language else ""
