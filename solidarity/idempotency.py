"""
Exactly-once public form submissions.

A form rendered with `IdempotentFormMixin` carries a hidden one-time token
(forms built on SpamProtectedForm use `token_for_post(request.POST)`, from
the signed start time they already carry). The view saves the submission
inside `submit_once(token)`:

    with submit_once(form.cleaned_data["submission_token"]) as first:
        if first:
            form.save()
    return redirect("thanks")  # post/redirect/get

The token row and the submission commit in one transaction, so:

- a double click, a resent POST or a retry after a lost response finds the
  token taken and saves nothing (`first` is False), and the visitor gets the
  same redirect;
- if saving fails (the database went away), nothing is committed, the token
  is free again, and sending the form again works;
- concurrent duplicates on PostgreSQL wait on the unique index until the first
  commits, then see it taken.

The redirect (and so any "thank you") only happens after the commit.

The signed start time is single-use too, for each client: once a
submission is accepted, another one from the same client with the same
start time (the same copy of the form, edited and sent again, or a token
replayed by a script) is refused with a message asking to reload the page
(`StartTokenUsed`). For each client, because a hot page's copies share a
start time for a tenth of a second (solidarity/pagehits.py): two visitors
served in the same tenth of a second must both be able to send theirs.
Public forms built on SpamProtectedForm call `submit_form_once(request)`.
"""

import hashlib
import re
import uuid
from contextlib import contextmanager

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from .antispam import ip_hash
from .models import SubmissionToken

TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")


def new_token():
    return uuid.uuid4().hex


def token_for_post(data, field="started"):
    """A token for a public form that already carries a value unique to each
    rendering (the spam defences' signed start time, solidarity/antispam.py):
    that value plus what was typed. A double click or a resent POST gives
    the same token; the same form edited and sent again is a new message."""
    items = sorted(
        (key, tuple(data.getlist(key))) for key in data if key != "csrfmiddlewaretoken"
    )
    seed = f"{data.get(field, '')}|{items!r}"
    return hashlib.sha256(seed.encode()).hexdigest()[:32]


class IdempotentFormMixin(forms.Form):
    """Adds the hidden `submission_token` field, filled when the form is
    rendered unbound and carried back on every re-display."""

    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=32)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", new_token())

    def clean_submission_token(self):
        token = self.cleaned_data["submission_token"]
        if not TOKEN_PATTERN.match(token):
            raise forms.ValidationError(
                _("This form has expired. Please reload the page and send it again.")
            )
        return token


ALREADY_SENT = _(
    "This form was already sent. To send something else, please load the page again."
)


class StartTokenUsed(Exception):
    """Another submission was already accepted with this form's start token:
    the form must be loaded again to send something else."""


def start_token_key(started, client=""):
    """The SubmissionToken row that marks a start token (the spam defences'
    signed start time) as used by `client` (a keyed hash of the address):
    's' + 32 hex, never a submission token."""
    return "s" + hashlib.sha256(f"{started}|{client}".encode()).hexdigest()[:32]


def _claim(token):
    try:
        with transaction.atomic():
            SubmissionToken.objects.create(token=token)
    except IntegrityError:
        return False
    return True


@contextmanager
def submit_once(token, started=None, client=""):
    """Atomic block that yields True the first time `token` is used and
    False for every repeat; everything saved inside commits with the token.

    `started`, the form's signed start time, is single-use for `client`:
    once a submission made with it is accepted, a *different* submission
    from the same client with the same start time raises StartTokenUsed
    (and saves nothing), while the same submission again (a double click)
    is still a repeat (False)."""
    with transaction.atomic():
        if not _claim(token):
            yield False
            return
        if started and not _claim(start_token_key(started, client)):
            raise StartTokenUsed
        yield True


def submit_form_once(request):
    """`submit_once` for the POST of a public form built on
    SpamProtectedForm: its token from what was sent, its start time
    single-use for the sending client."""
    return submit_once(
        token_for_post(request.POST),
        started=request.POST.get("started"),
        client=ip_hash(request),
    )
