"""The public "propose a meeting" form: a proposal becomes a draft awaiting
review, and the editors are emailed."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, translation
from django.utils.translation import gettext
from django.views.generic import TemplateView

from solidarity.antispam import (
    public_form,
    rate_limited,
    surging,
    too_many_requests,
)
from solidarity.idempotency import (
    ALREADY_SENT,
    StartTokenUsed,
    submit_form_once,
)
from solidarity.mail import one_line
from solidarity.notify import notify_editors

from .. import calendar
from ..forms import EventProposalForm

# Proposals per client (IP hash) per hour.
PROPOSAL_LIMIT = 5
PROPOSAL_PERIOD = 60 * 60
# Proposals per hour from everyone before new ones are held (no email).
PROPOSAL_CEILING = 30


@public_form
def propose_event(request):
    """The public "propose a meeting" form (posts/event_propose.html).

    A valid proposal becomes a draft marked for review and the editors are
    emailed; bots get the same thank-you page and nothing is saved.
    """
    if request.method == "POST":
        if rate_limited(request, "propose-event", PROPOSAL_LIMIT, PROPOSAL_PERIOD):
            return too_many_requests(request, PROPOSAL_PERIOD)
        form = EventProposalForm(request.POST)
        if form.is_valid():
            if not form.is_bot:
                # Exactly once: a double click or resent POST saves nothing
                # more; the start token serves one proposal. Beyond the
                # ceiling of everyone's proposals they are held: saved as the
                # drafts they always are, without the editors' email.
                try:
                    with submit_form_once(request) as first:
                        if first:
                            event = form.save()
                            if not surging(
                                "propose-event", PROPOSAL_CEILING, PROPOSAL_PERIOD
                            ):
                                notify_editors(*proposal_notice(event))
                except StartTokenUsed:
                    form.add_error(None, ALREADY_SENT)
                    return render(
                        request, "posts/event_propose.html", {"form": form}, status=409
                    )
            return redirect("events:propose-thanks")
        if form.is_bot:
            return redirect("events:propose-thanks")
    else:
        form = EventProposalForm()
    return render(request, "posts/event_propose.html", {"form": form})


def proposal_notice(event):
    """The editors' email about a proposed meeting, (subject, text), in the
    site's default language whatever the page the proposal came from."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = one_line(
            gettext("Meeting proposed: %(title)s") % {"title": event.title}
        )
        return subject, proposal_message(event)


def proposal_message(event):
    admin_url = reverse("admin:posts_event_change", args=[event.pk])
    return render_to_string(
        "posts/email/meeting_proposed.txt",
        {
            "event": event,
            "when": dateformat.format(event.local_starts_at, "D j M Y, H:i T"),
            "where": calendar.event_location(event) or event.online_url,
            "admin_url": calendar.absolute_url(admin_url),
        },
    )


class ProposalThanksView(TemplateView):
    template_name = "posts/event_propose_thanks.html"
