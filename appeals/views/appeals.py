"""The appeals' pages: the list (urgent first), an appeal with its kit and
messages, and its model letter for printing."""

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.views.generic import DetailView, ListView

from posts.views import PreviewableDetailMixin
from solidarity.links import absolute_url

from ..forms import SolidarityMessageForm
from ..letters import appeal_mailto
from ..models import Appeal, SolidarityMessage

# How many messages an appeal page shows (the newest); the wall has the rest,
# and the page stays short on a phone.
APPEAL_PAGE_MESSAGES = 12


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
            .for_reader(get_language())
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
            "share_url": absolute_url(appeal.get_absolute_url()),
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
