"""Joining the campaign (double opt-in by a signed link) and the editable
join and donate pages."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views.generic import DetailView, TemplateView

from solidarity.antispam import ip_hash, public_form
from solidarity.tasks import enqueue_on_commit

from ..forms import SupporterForm
from ..models import CampaignPage, Supporter
from ..tasks import welcome_supporter
from .public_forms import SpamProtectedFormView


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
        """The same work whatever the address: one INSERT that does nothing
        for an address already on the list, one SELECT, one task. Who is
        already a supporter does not show in the response or its timing,
        and no mail is sent in the request (appeals/tasks.py sends the
        confirmation, at most once a day per address). Someone already on
        the list changes nothing: this form cannot tell who is asking. A
        sign-up held in a surge (solidarity.antispam.surging) is saved but
        mails nobody: sign-ups in other people's names must not become a
        flood of mail to them; they can join again."""
        supporter = form.save(commit=False)
        supporter.email = supporter.email.strip().lower()
        supporter.ip_hash = ip_hash(self.request)
        supporter.language = get_language()
        Supporter.objects.bulk_create([supporter], ignore_conflicts=True)
        if self.held:
            return
        supporter_id = (
            Supporter.objects.filter(email=supporter.email)
            .values_list("pk", flat=True)
            .first()
        )
        enqueue_on_commit(welcome_supporter, supporter_id)


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
        return Supporter.from_confirmation_token(self.kwargs["token"])

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
        # Confirming also subscribes again someone who had unsubscribed and
        # joined again (their link is newer than the unsubscribe).
        Supporter.objects.filter(pk=supporter.pk).update(
            confirmed_at=supporter.confirmed_at or timezone.now(),
            unsubscribed_at=None,
        )
        return HttpResponseRedirect(reverse("join-thanks") + "?confirmed=1")
