import hashlib

from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.views.generic import DetailView, FormView, ListView, TemplateView
from django_countries import countries

from posts.facets import has_country
from posts.listing import cached
from posts.models import Post
from posts.views import PostPageMixin, PreviewableDetailMixin
from solidarity.antispam import (
    ip_hash,
    public_form,
    rate_limited,
    too_many_requests,
)
from solidarity.idempotency import submit_once, token_for_post
from solidarity.notify import notify_editors
from solidarity.pagecache import dont_store

from .forms import SolidarityMessageForm, SupporterForm
from .letters import appeal_mailto
from .models import Appeal, CampaignPage, SolidarityMessage, Supporter

# Accepted submissions per client (IP hash) and hour, and all form posts,
# valid or not, per client and hour: people make mistakes, floods do not.
SUBMISSIONS_PER_HOUR = 5
POSTS_PER_HOUR = 30
HOUR = 60 * 60
# How many messages an appeal page shows (the newest); the wall has the rest,
# and the page stays short on a phone.
APPEAL_PAGE_MESSAGES = 12
CONFIRM_SALT = "appeals.supporter.confirm"
CONFIRM_MAX_AGE = 14 * 24 * 60 * 60


def one_line(text):
    """An email subject from visitor input: no line breaks (which would make
    Django refuse to send it), not too long."""
    return Truncator(" ".join(text.split())).chars(150)


def email_digest(email):
    """Ties a confirmation link to an address without putting the address in
    the URL (and so in server logs)."""
    return hashlib.sha256(email.encode()).hexdigest()[:20]


def with_message_counts(appeals):
    """Annotate each appeal with its number of approved messages."""
    approved = (
        SolidarityMessage.objects.approved()
        .filter(appeal=OuterRef("pk"))
        .order_by()
        .values("appeal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return appeals.annotate(message_count=Coalesce(Subquery(approved), 0))


class AppealListView(ListView):
    """Urgent appeals (deadline not passed) first, then ongoing, then won and
    closed; newest first within each."""

    cache_params = ("page",)
    paginate_by = 20

    def get_queryset(self):
        now = timezone.now()
        urgent_now = Q(state=Appeal.State.URGENT) & (
            Q(deadline__isnull=True) | Q(deadline__gte=now)
        )
        appeals = (
            Appeal.objects.published()
            .annotate(
                state_order=Case(
                    When(urgent_now, then=Value(0)),
                    When(state__in=["urgent", "ongoing"], then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
            .order_by("state_order", "-published_at", "-id")
            .prefetch_related("tags", "countries")
        )
        return with_message_counts(appeals)


class AppealDetailView(PreviewableDetailMixin, DetailView):
    """An appeal with what to do about it: its state and deadline, its
    updates, the protest-letter kit, a share block, its messages and the
    form to send one."""

    model = Appeal

    def get_queryset(self):
        # super(): the preview mixin, which limits the public to published.
        return with_message_counts(
            super()
            .get_queryset()
            .prefetch_related("tags", "countries", "updates", "targets")
        )

    def get_context_data(self, **kwargs):
        appeal = self.object
        targets = list(appeal.targets.all())
        context = {
            "outcome": next((u for u in appeal.updates.all() if u.outcome), None),
            "targets": targets,
            "mailto": appeal_mailto(appeal, targets),
            "share_url": self.request.build_absolute_uri(appeal.get_absolute_url()),
            "solidarity_messages": SolidarityMessage.objects.approved().filter(
                appeal=appeal
            )[:APPEAL_PAGE_MESSAGES],
        }
        if appeal.is_open() and appeal.is_published():
            context["form"] = SolidarityMessageForm(appeal=appeal)
        return super().get_context_data(**context, **kwargs)


class AppealLetterView(PreviewableDetailMixin, DetailView):
    """The model letter on its own, laid out for printing and posting."""

    template_name = "appeals/appeal_letter.html"
    queryset = Appeal.objects.prefetch_related("targets")


class MessageListView(PostPageMixin, TemplateView):
    """The wall of approved messages of solidarity, newest first, filtered
    by country (?country=ES) and by appeal (?appeal=<slug>).

    Template: appeals/solidaritymessage_list.html. Context: object_list (the
    page's messages, with their appeals), page_obj, country_counts,
    appeal_counts, notices.

    At a million messages the wall is the timeline's `type=message`: the
    page's ids come from the shared Post table's covering index, then those
    messages are loaded. Counting by country would scan every message
    (0.4 s), so those counts are cached for five minutes whatever changes;
    the appeals listed are the newest ones with messages, each counted
    through its own index.
    """

    template_name = "appeals/solidaritymessage_list.html"
    cache_params = ("country", "appeal", "page")
    paginate_by = 50
    SIDEBAR_APPEALS = 20

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.notices = []
        self.country = request.GET.get("country", "").strip().upper()
        if self.country and self.country not in countries:
            self.notices.append("We do not know that country; showing every country.")
            self.country = ""
        self.appeal = None
        slug = request.GET.get("appeal", "").strip()
        if slug:
            self.appeal = Appeal.objects.published().filter(slug=slug[:200]).first()
            if self.appeal is None:
                self.notices.append(
                    "We could not find that appeal; showing messages for every appeal."
                )

    def approved(self):
        queryset = SolidarityMessage.objects.approved()
        if self.appeal:
            queryset = queryset.filter(appeal=self.appeal)
        return queryset

    def message_ids(self):
        posts = Post.objects.published().filter(kind=Post.Kind.MESSAGE)
        if self.country:
            posts = posts.filter(has_country(self.country))
        if self.appeal:
            posts = posts.filter(as_message__appeal=self.appeal)
        return posts.order_by("-published_at", "-id").values_list("pk", flat=True)

    def country_counts(self):
        rows = (
            self.approved()
            .exclude(country="")
            .order_by()
            .values("country")
            .annotate(n=Count("pk"))
            .order_by("-n", "country")
        )
        return [
            {"code": row["country"], "name": countries.name(row["country"]), **row}
            for row in rows
        ]

    def appeal_counts(self):
        """The newest published appeals that have messages, and the chosen
        one, with their counts."""
        appeals = with_message_counts(Appeal.objects.published()).filter(
            Exists(SolidarityMessage.objects.approved().filter(appeal=OuterRef("pk")))
        )
        rows = appeals.values("slug", "title", "message_count")
        listed = list(rows.order_by("-published_at", "-id")[: self.SIDEBAR_APPEALS])
        if self.appeal and self.appeal.slug not in {row["slug"] for row in listed}:
            listed[:0] = rows.filter(pk=self.appeal.pk)
        return listed

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = {"country": self.country, "appeal": self.appeal and self.appeal.slug}
        paginator, page = self.paginate_ids(
            self.message_ids(),
            SolidarityMessage.objects.select_related("appeal"),
            count_key={"wall": filters},
            labels=False,
        )
        # The appeals' counts are cheap and must follow unpublishing at once;
        # the countries' would scan every message, and may lag five minutes.
        appeal_counts = cached(
            "wall-appeals", {"appeal": filters["appeal"]}, self.appeal_counts
        )
        country_counts = cached(
            "wall-countries",
            {"appeal": filters["appeal"]},
            self.country_counts,
            versioned=False,
        )
        context.update(self.page_context(paginator, page))
        context.update(
            country=self.country,
            country_name=countries.name(self.country) if self.country else "",
            appeal=self.appeal,
            country_counts=country_counts,
            appeal_counts=appeal_counts,
            notices=self.notices,
            query_string=urlencode({k: v for k, v in filters.items() if v}),
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # A page for an unknown value is not worth a copy per value.
        return dont_store(response) if self.notices else response


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


class MessageCreateView(SpamProtectedFormView):
    """Send a message of solidarity (?appeal=<slug> preselects the appeal).
    Every message waits for an editor's approval."""

    form_class = SolidarityMessageForm
    template_name = "appeals/solidaritymessage_form.html"
    cache_params = ("appeal",)
    scope = "message"
    success_url_name = "messages:thanks"

    def get_initial(self):
        initial = super().get_initial()
        slug = self.request.GET.get("appeal", "").strip()
        if slug:
            initial["appeal"] = slug
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        slug = self.request.GET.get("appeal", "").strip()
        if (
            self.request.method == "GET"
            and slug
            and not Appeal.objects.published().open().filter(slug=slug).exists()
        ):
            context["notice"] = (
                "We could not find an open appeal at that address. You can "
                "choose another below, or send your message to the whole campaign."
            )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return dont_store(response) if "notice" in context else response

    def save(self, form):
        message = form.save(commit=False)
        message.moderation = SolidarityMessage.Moderation.PENDING
        message.received_at = timezone.now()
        message.ip_hash = ip_hash(self.request)
        message.save()
        self.message = message
        admin_url = self.request.build_absolute_uri(
            reverse("admin:appeals_solidaritymessage_change", args=[message.pk])
        )
        notify_editors(
            one_line(f"New message of solidarity from {message.author_name}"),
            render_to_string(
                "appeals/email/new_message.txt",
                {"message": message, "admin_url": admin_url},
            ),
        )

    def get_success_url(self):
        url = reverse(self.success_url_name)
        appeal = getattr(getattr(self, "message", None), "appeal", None)
        return f"{url}?{urlencode({'appeal': appeal.slug})}" if appeal else url


class MessageThanksView(TemplateView):
    """Shown after a message is saved: it waits for moderation."""

    template_name = "appeals/solidaritymessage_thanks.html"
    cache_params = ("appeal",)

    def get_context_data(self, **kwargs):
        slug = self.request.GET.get("appeal", "")
        appeal = Appeal.objects.published().filter(slug=slug).first() if slug else None
        return super().get_context_data(appeal=appeal, **kwargs)


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
            notify_editors(
                one_line(f"New supporter: {supporter}"),
                render_to_string(
                    "appeals/email/new_supporter.txt",
                    {
                        "supporter": supporter,
                        "admin_url": self.request.build_absolute_uri(
                            reverse(
                                "admin:appeals_supporter_change", args=[supporter.pk]
                            )
                        ),
                    },
                ),
            )
        # Someone already on the list changes nothing (this form cannot tell
        # who is asking); an unconfirmed address gets its link again.
        if not supporter.is_confirmed():
            self.send_confirmation(supporter)

    def send_confirmation(self, supporter):
        token = signing.dumps(
            {"id": supporter.pk, "email": email_digest(supporter.email)},
            salt=CONFIRM_SALT,
        )
        url = self.request.build_absolute_uri(reverse("join-confirm", args=[token]))
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
