"""What the public forms that save a row share: rate limits, a quiet
discard for bots, exactly-once saving and post/redirect/get."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import FormView

from solidarity.antispam import (
    public_form,
    rate_limited,
    surging,
    too_many_requests,
)
from solidarity.idempotency import ALREADY_SENT, StartTokenUsed, submit_form_once
from solidarity.mail import one_line  # noqa: F401 (appeals.views exports it)
from solidarity.notify import notify_editors

# Accepted submissions per client (IP hash) and hour, and all form posts,
# valid or not, per client and hour: people make mistakes, floods do not.
SUBMISSIONS_PER_HOUR = 5
POSTS_PER_HOUR = 30
# Accepted submissions of one form per hour from everyone, beyond which new
# ones are held: saved as usual, but no email goes out for them.
SURGE_PER_HOUR = 60
HOUR = 60 * 60


def start_token_used(view, form):
    """A second, different submission with a start token already used."""
    form.add_error(None, ALREADY_SENT)
    response = view.form_invalid(form)
    response.status_code = 409
    return response


@method_decorator(public_form, name="dispatch")
class SpamProtectedFormView(FormView):
    """A public form that saves a row: rate limits, a quiet discard for bots,
    and post/redirect/get to a thank-you page once the row is committed."""

    scope = None
    success_url_name = None
    # Accepted submissions per hour from all visitors before new ones are
    # held (see `surging`).
    ceiling = SURGE_PER_HOUR
    held = False

    def post(self, request, *args, **kwargs):
        if rate_limited(request, f"{self.scope}-post", POSTS_PER_HOUR, HOUR):
            return too_many_requests(request, HOUR)
        form = self.get_form()
        valid = form.is_valid()
        if form.is_bot:
            # Bots get the usual thank-you, and nothing is saved.
            return redirect(self.get_success_url())
        if not valid:
            return self.form_invalid(form)
        if rate_limited(request, self.scope, SUBMISSIONS_PER_HOUR, HOUR):
            return too_many_requests(request, HOUR)
        # Exactly once: a double click or a resent POST saves nothing more
        # and gets the same thank-you, shown only after the commit. Beyond
        # the ceiling of all visitors' submissions it is held (saved, no
        # emails: see solidarity.antispam.surging).
        try:
            with submit_form_once(request) as first:
                if first:
                    self.held = surging(self.scope, self.ceiling, HOUR)
                    self.save(form)
        except StartTokenUsed:
            return start_token_used(self, form)
        return redirect(self.get_success_url())

    def notify(self, subject, body, kind="editors"):
        """Email the editors, unless this submission is held (a surge)."""
        if not self.held:
            notify_editors(subject, body, kind=kind)

    def get_success_url(self):
        return reverse(self.success_url_name)
