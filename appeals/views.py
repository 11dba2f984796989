from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.views.generic import DetailView, ListView

from posts.views import PreviewableDetailMixin

from .models import Appeal, CampaignPage, SolidarityMessage


class AppealListView(ListView):
    """Urgent and ongoing appeals first, then won and closed; newest first."""

    paginate_by = 20

    def get_queryset(self):
        return (
            Appeal.objects.published()
            .annotate(
                open_first=Case(
                    When(state__in=["urgent", "ongoing"], then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("open_first", "-published_at", "-id")
            .prefetch_related("tags", "countries")
        )


class AppealDetailView(PreviewableDetailMixin, DetailView):
    model = Appeal

    def get_queryset(self):
        # Through super(): the mixin is what hides drafts from the public.
        return (
            super()
            .get_queryset()
            .prefetch_related(
                "tags",
                "countries",
                Prefetch(
                    "messages",
                    queryset=SolidarityMessage.objects.approved(),
                    to_attr="approved_messages",
                ),
            )
        )


class MessageListView(ListView):
    """The wall of approved messages of solidarity, newest first."""

    paginate_by = 50

    def get_queryset(self):
        return SolidarityMessage.objects.approved().select_related("appeal")


class CampaignPageView(DetailView):
    """The join or donate page; its text is edited in the admin."""

    model = CampaignPage
    slug_field = "key"
    key = None

    def get_object(self, queryset=None):
        page = CampaignPage.objects.filter(key=self.key).first()
        return page or CampaignPage(key=self.key, title=self.key.title())
