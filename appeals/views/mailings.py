"""Unsubscribing from mailings: one click, no login, at once.

Every mailing carries `List-Unsubscribe` and `List-Unsubscribe-Post:
List-Unsubscribe=One-Click` (RFC 8058) and a visible link to the same
address. Mail programs POST `List-Unsubscribe=One-Click` to it from their
servers, without Origin or a form token: that POST is accepted on the
signed link alone. A person following the link gets a page with a button
(a GET changes nothing, so mail scanners that open links unsubscribe
nobody), built like the other public forms.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from solidarity.antispam import public_form, signed_link_page

from ..forms import UnsubscribeForm
from ..models import Supporter

ONE_CLICK = "One-Click"


@csrf_exempt
def unsubscribe(request, token):
    """appeals/supporter_unsubscribe.html with `form`, `supporter` and
    `done`; or a short text answer to a mail program's one-click POST."""
    if request.method == "POST" and request.POST.get("List-Unsubscribe") == ONE_CLICK:
        supporter = Supporter.from_unsubscribe_token(token)
        if supporter is None:
            return HttpResponse(
                _("This unsubscribe link is not valid."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        supporter.unsubscribe()
        return HttpResponse(
            _("Unsubscribed."), content_type="text/plain; charset=utf-8"
        )
    return unsubscribe_page(request, token)


@public_form
def unsubscribe_page(request, token):
    supporter = Supporter.from_unsubscribe_token(token)
    return signed_link_page(
        request,
        supporter,
        UnsubscribeForm,
        Supporter.unsubscribe,
        "appeals/supporter_unsubscribe.html",
        {"supporter": supporter},
    )
