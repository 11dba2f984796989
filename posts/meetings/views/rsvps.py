"""RSVPs from a meeting's page: the "I'm coming" form, its thank-you page,
and the emailed cancel link."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.generic import TemplateView

from solidarity.antispam import (
    ip_hash,
    public_form,
    rate_limited,
    signed_link_page,
    too_many_requests,
)
from solidarity.idempotency import (
    ALREADY_SENT,
    StartTokenUsed,
    submit_form_once,
)

from ... import tasks as rsvps
from ...models import RSVP, Event
from ..forms import CancelRSVPForm, RSVPForm
from .proposals import PROPOSAL_PERIOD

# RSVPs per client (IP hash) per hour.
RSVP_LIMIT = 10


@public_form
def rsvp(request, slug):
    """The "I'm coming" form of a meeting's page (posts/rsvp_form.html with
    `form` and `event` when it has errors). Bots get the thank-you page."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    if request.method != "POST" or not rsvps.accepts_rsvps(event):
        return redirect(event)
    if rate_limited(request, "rsvp", RSVP_LIMIT, PROPOSAL_PERIOD):
        return too_many_requests(request, PROPOSAL_PERIOD)
    form = RSVPForm(request.POST)
    valid = form.is_valid()
    if form.is_bot:
        return redirect("events:rsvp-thanks", slug=event.slug)
    if not valid:
        return render(request, "posts/rsvp_form.html", {"form": form, "event": event})
    # Exactly once: a double click or resent POST books nothing more; the
    # form's start token serves one booking (another needs a fresh form).
    try:
        with submit_form_once(request) as first:
            if first:
                rsvps.book(
                    event,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    organisation=form.cleaned_data["organisation"],
                    people=form.cleaned_data["people"],
                    ip_hash=ip_hash(request),
                    language=get_language(),
                )
    except StartTokenUsed:
        form.add_error(None, ALREADY_SENT)
        return render(
            request,
            "posts/rsvp_form.html",
            {"form": form, "event": event},
            status=409,
        )
    return redirect("events:rsvp-thanks", slug=event.slug)


class RSVPThanksView(TemplateView):
    """The same page for everyone: whether they got a place is in their email."""

    template_name = "posts/rsvp_thanks.html"

    def get_context_data(self, **kwargs):
        event = get_object_or_404(Event.objects.published(), slug=self.kwargs["slug"])
        return super().get_context_data(event=event, **kwargs)


@public_form
def rsvp_cancel(request, token):
    """The emailed cancel link (posts/rsvp_cancel.html): a button, so mail
    scanners that open links cancel nobody; the signed link is the authority."""
    rsvp = RSVP.from_cancel_token(token)
    return signed_link_page(
        request,
        rsvp,
        CancelRSVPForm,
        rsvps.cancel,
        "posts/rsvp_cancel.html",
        {"rsvp": rsvp},
    )
