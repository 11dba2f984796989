"""Joining the campaign (double opt-in by a signed link) and the editable
join and donate pages."""

import hashlib

from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, TemplateView

from solidarity.antispam import ip_hash, public_form
from solidarity.links import absolute_url

from ..forms import SupporterForm
from ..models import CampaignPage, Supporter
from .public_forms import SpamProtectedFormView, one_line

CONFIRM_SALT = "appeals.supporter.confirm"
CONFIRM_MAX_AGE = 14 * 24 * 60 * 60


def email_digest(email):
    """Ties a confirmation link to an address without putting the address in
    the URL (and so in server logs)."""
    return hashlib.sha256(email.encode()).hexdigest()[:20]


def campaign_page(key):
    page = CampaignPage.objects.filter(key=key).first()
    return page or CampaignPage(key=key, title=CampaignPage.Key(key).label)


class CampaignPageView(DetailView):
    """The join or donate page; its text is edited in the admin."""

    model = CampaignPage
    key = None

    def get_object(self, queryset=None):
        return campaign_page(self.key)


class JoinView(SpamProtectedFormView):
    """Join the campaign or affiliate an organisation. The address is
    confirmed by a signed link (double opt-in)."""

    form_class = SupporterForm
    template_name = "appeals/supporter_form.html"
    scope = "join"
    success_url_name = "join-thanks"

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=campaign_page("join"), **kwargs)

    def save(self, form):
        email = form.cleaned_data["email"]
        supporter = Supporter.objects.filter(email=email).first()
        if supporter is None:
            supporter = form.save(commit=False)
            supporter.ip_hash = ip_hash(self.request)
            try:
                with transaction.atomic():
                    supporter.save()
            except IntegrityError:  # the same address, joining twice at once
                supporter = Supporter.objects.get(email=email)
                if not supporter.is_confirmed():
                    self.send_confirmation(supporter)
                return
            self.notify(
                one_line(f"New supporter: {supporter}"),
                render_to_string(
                    "appeals/email/new_supporter.txt",
                    {
                        "supporter": supporter,
                        "admin_url": absolute_url(
                            reverse(
                                "admin:appeals_supporter_change", args=[supporter.pk]
                            )
                        ),
                    },
                ),
            )
        # Someone already on the list changes nothing (this form cannot tell
        # who is asking); an unconfirmed address gets its link again, unless
        # this sign-up is held (a surge: sign-ups in other people's names
        # must not become a flood of mail to them; they can join again).
        if not supporter.is_confirmed() and not self.held:
            self.send_confirmation(supporter)

    def send_confirmation(self, supporter):
        token = signing.dumps(
            {"id": supporter.pk, "email": email_digest(supporter.email)},
            salt=CONFIRM_SALT,
        )
        url = absolute_url(reverse("join-confirm", args=[token]))
        body = render_to_string(
            "appeals/email/confirm_supporter.txt", {"supporter": supporter, "url": url}
        )
        address = supporter.email
        # robust: a mail failure is logged; the supporter is saved either way.
        transaction.on_commit(
            lambda: send_mail("Please confirm you joined", body, None, [address]),
            robust=True,
        )


class JoinThanksView(TemplateView):
    """After joining (check your email) or after confirming (?confirmed=1)."""

    template_name = "appeals/supporter_thanks.html"
    cache_params = ("confirmed",)

    def get_context_data(self, **kwargs):
        confirmed = self.request.GET.get("confirmed") == "1"
        return super().get_context_data(confirmed=confirmed, **kwargs)


@method_decorator(public_form, name="dispatch")
class JoinConfirmView(TemplateView):
    """The link in the confirmation email. GET shows a button and POST
    confirms, so mail scanners that open links confirm nobody."""

    template_name = "appeals/supporter_confirm.html"

    def get_supporter(self):
        try:
            data = signing.loads(
                self.kwargs["token"], salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE
            )
        except signing.BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        supporter = Supporter.objects.filter(
            pk=data.get("id"), erased_at__isnull=True
        ).first()
        # The link is for the address it was sent to, not a later one.
        if supporter and data.get("email") == email_digest(supporter.email):
            return supporter
        return None

    def get(self, request, *args, **kwargs):
        supporter = self.get_supporter()
        return render(
            request,
            self.template_name,
            {"supporter": supporter, "confirmed": False},
            status=200 if supporter else 400,
        )

    def post(self, request, *args, **kwargs):
        supporter = self.get_supporter()
        if supporter is None:
            return render(request, self.template_name, {"supporter": None}, status=400)
        if not supporter.is_confirmed():
            Supporter.objects.filter(pk=supporter.pk).update(
                confirmed_at=timezone.now()
            )
        return HttpResponseRedirect(reverse("join-thanks") + "?confirmed=1")
