"""What the public forms that save a row share: rate limits, a quiet
discard for bots, exactly-once saving and post/redirect/get."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.generic import FormView

from solidarity.antispam import public_form, rate_limited, too_many_requests
from solidarity.idempotency import submit_once, token_for_post
from solidarity.mail import one_line  # noqa: F401 (appeals.views exports it)

# Accepted submissions per client (IP hash) and hour, and all form posts,
# valid or not, per client and hour: people make mistakes, floods do not.
SUBMISSIONS_PER_HOUR = 5
POSTS_PER_HOUR = 30
HOUR = 60 * 60


@method_decorator(public_form, name="dispatch")
class SpamProtectedFormView(FormView):
    """A public form that saves a row: rate limits, a quiet discard for bots,
    and post/redirect/get to a thank-you page once the row is committed."""

    scope = None
    success_url_name = None

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
        # and gets the same thank-you, shown only after the commit.
        with submit_once(token_for_post(request.POST)) as first:
            if first:
                self.save(form)
        return redirect(self.get_success_url())

    def get_success_url(self):
        return reverse(self.success_url_name)
