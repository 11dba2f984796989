"""The wall of messages of solidarity and the form to send one."""

from collections import Counter

from django.db.models import Count, Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_countries import countries

from posts.facets import has_country
from posts.listing import cached
from posts.models import Post
from posts.views import PostPageMixin
from solidarity.antispam import ip_hash
from solidarity.languages import content_language_choices, language_name
from solidarity.links import absolute_url
from solidarity.notify import DEFAULT
from solidarity.pagecache import dont_store

from ..forms import SolidarityMessageForm
from ..models import Appeal, SolidarityMessage
from .appeals import with_message_counts
from .public_forms import SpamProtectedFormView, one_line


def message_counts(appeal=None):
    """The approved messages (to `appeal`, or all) by country and by
    language, from one grouped scan: {"countries": [{code, name, n}],
    "languages": [{code, name, n}], "total": n}, most first."""
    messages = SolidarityMessage.objects.approved()
    if appeal is not None:
        messages = messages.filter(appeal=appeal)
    rows = messages.order_by().values("country", "language").annotate(n=Count("pk"))
    by_country, by_language = Counter(), Counter()
    for row in rows:
        if row["country"]:
            by_country[row["country"]] += row["n"]
        by_language[row["language"]] += row["n"]
    return {
        "countries": [
            {"code": code, "name": countries.name(code), "n": n}
            for code, n in sorted(by_country.items(), key=lambda i: (-i[1], i[0]))
        ],
        "languages": [
            {"code": code, "name": language_name(code), "n": n}
            for code, n in sorted(by_language.items(), key=lambda i: (-i[1], i[0]))
        ],
        "total": sum(by_language.values()),
    }


def cached_message_counts(appeal=None):
    """message_counts(), the costly query of the wall (a scan of every
    message), kept five minutes whatever changes: the wall's sidebar and
    the home page's strip share it."""
    return cached(
        "message-counts",
        {"appeal": appeal and appeal.slug},
        lambda: message_counts(appeal),
        versioned=False,
    )


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
    cache_params = ("country", "lang", "appeal", "page")
    throttled = True
    paginate_by = 50
    SIDEBAR_APPEALS = 20

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.notices = []
        self.country = request.GET.get("country", "").strip().upper()
        if self.country and self.country not in countries:
            self.notices.append(
                _("We do not know that country; showing every country.")
            )
            self.country = ""
        self.language = request.GET.get("lang", "").strip().lower()
        if self.language and self.language not in dict(content_language_choices()):
            self.notices.append(
                _("We do not know that language; showing every language.")
            )
            self.language = ""
        self.appeal = None
        slug = request.GET.get("appeal", "").strip()
        if slug:
            self.appeal = Appeal.objects.published().filter(slug=slug[:200]).first()
            if self.appeal is None:
                self.notices.append(
                    _(
                        "We could not find that appeal; "
                        "showing messages for every appeal."
                    )
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
        if self.language:
            posts = posts.filter(language=self.language)
        if self.appeal:
            posts = posts.filter(as_message__appeal=self.appeal)
        return posts.order_by("-published_at", "-id").values_list("pk", flat=True)

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
        filters = {
            "country": self.country,
            "lang": self.language,
            "appeal": self.appeal and self.appeal.slug,
        }
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
        sidebar = cached_message_counts(self.appeal)
        country_counts, language_counts = sidebar["countries"], sidebar["languages"]
        context.update(self.page_context(paginator, page))
        context.update(
            country=self.country,
            country_name=countries.name(self.country) if self.country else "",
            appeal=self.appeal,
            country_counts=country_counts,
            language=self.language,
            language_counts=language_counts if len(language_counts) > 1 else [],
            appeal_counts=appeal_counts,
            notices=self.notices,
            query_string=urlencode({k: v for k, v in filters.items() if v}),
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # A page for an unknown value is not worth a copy per value.
        return dont_store(response) if self.notices else response


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
            context["notice"] = _(
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
        admin_url = absolute_url(
            reverse("admin:appeals_solidaritymessage_change", args=[message.pk])
        )
        with translation.override(DEFAULT):
            subject = one_line(
                gettext("New message of solidarity from %(name)s")
                % {"name": message.author_name}
            )
        self.notify(
            subject,
            render_to_string(
                "appeals/email/new_message.txt",
                {"message": message, "admin_url": admin_url, "language": DEFAULT},
            ),
            kind="new-message",
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
