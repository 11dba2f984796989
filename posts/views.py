from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView

from .models import Article, Post


class PreviewableDetailMixin:
    """Detail pages that editors may open before publication.

    Anyone with the change permission sees drafts and scheduled items (on the
    public design, never cached); everyone else sees only published ones.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        opts = queryset.model._meta
        if self.request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
            return queryset
        return queryset.published()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_published():
            add_never_cache_headers(response)
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
