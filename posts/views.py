from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from .models import Article, Event, Post


class PreviewableDetailMixin:
    """Detail pages that editors may open before publication.

    Anyone with the change permission sees drafts and scheduled items (on the
    public design, never cached, not indexed); everyone else sees only
    published ones. A signed preview link (posts.preview) sets `preview_post`
    and shows that one post to anyone holding the link.
    """

    preview_post = None

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.preview_post is not None:
            return queryset.filter(pk=self.preview_post.pk)
        if self.can_preview(queryset.model):
            return queryset
        return queryset.published()

    def can_preview(self, model):
        opts = model._meta
        return self.request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    def is_preview(self):
        return self.preview_post is not None or not self.object.is_published()

    def get_context_data(self, **kwargs):
        # base.html adds <meta name="robots" content="noindex">.
        return super().get_context_data(noindex=self.is_preview(), **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.is_preview():
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class TimelineView(ListView):
    """Every public post, newest first, whatever its kind."""

    template_name = "posts/post_list.html"
    paginate_by = 20

    def get_queryset(self):
        return (
            Post.objects.published()
            .select_related("as_article", "as_appeal", "as_event", "as_message")
            .prefetch_related("tags", "countries")
        )


class ArticleDetailView(PreviewableDetailMixin, DetailView):
    queryset = Article.objects.prefetch_related("tags", "countries")


class EventListView(ListView):
    paginate_by = 20

    def get_queryset(self):
        return (
            Event.objects.published().upcoming().prefetch_related("tags", "countries")
        )


class EventDetailView(PreviewableDetailMixin, DetailView):
    queryset = Event.objects.select_related("organiser").prefetch_related(
        "tags", "countries"
    )

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if (
            self.preview_post is None
            and self.can_preview(Event)
            and not user.has_perm("posts.change_any_event")
        ):
            # Organisers preview only their own meetings, as in the admin.
            return queryset.published() | queryset.filter(organiser=user)
        return queryset
