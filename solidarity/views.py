from django.views.generic import TemplateView

from appeals.models import Appeal, SolidarityMessage
from posts.models import Article, Event


class HomeView(TemplateView):
    """The front page: urgent appeals, news, next meetings, latest messages."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            urgent_appeals=Appeal.objects.published().urgent()[:3],
            articles=Article.objects.published()
            .order_by("-featured", "-published_at")
            .prefetch_related("tags")[:8],
            events=Event.objects.published().upcoming()[:5],
            solidarity_messages=SolidarityMessage.objects.approved()[:5],
            **kwargs,
        )
