from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, override
from django.views.generic import DetailView, TemplateView

from solidarity.pagecache import dont_store

from . import facets as facet_lib
from .listing import CachedCountPaginator, cached_many, load_page, post_rows
from .models import Article, Country, Post, public_tags
from .search import (
    CANDIDATES,
    MAX_QUERY_LENGTH,
    clean_query,
    ranked_ids,
    snippet,
    uses_postgres,
    with_snippets,
)


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
        return super().get_context_data(
            noindex=self.is_preview(), **translation_context(self.object), **kwargs
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.is_preview():
            add_never_cache_headers(response)
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


def translation_context(post):
    """A post's page in several languages: "Also in" links to its published
    translations (`other_translations`), the switcher's and hreflang's
    addresses (`translation_urls`, the post itself included, each under its
    own language's prefix) and `content_lang` when the text is not in the
    page's language. One query, and none for a post without translations."""
    others = post.published_translations()
    urls = {code: url for code, _name, url in others}
    if others and post.is_published():
        with override(post.language):
            urls[post.language] = post.get_absolute_url()
    page_language = get_language()
    return {
        "other_translations": others,
        "translation_urls": urls,
        "content_lang": post.language if post.language != page_language else "",
    }


class PostPageMixin:
    """Paginates a list of post ids in the database and loads only the page's
    rows (see posts/listing.py for why)."""

    paginate_by = 20

    def paginate_ids(self, ids, rows, count_key=None, count=None, labels=True):
        paginator = CachedCountPaginator(
            ids,
            self.paginate_by,
            count_key=count_key,
            count=count,
            allow_empty_first_page=True,
        )
        raw = self.request.GET.get("page") or "1"
        number = (
            paginator.num_pages
            if raw == "last"
            else raw
            if raw.isascii() and raw.isdigit()
            else 0
        )
        try:
            page = paginator.page(number)
        except InvalidPage:
            raise Http404(
                f"There is no page {raw[:20]!r}; "
                f"this list has {paginator.num_pages} pages."
            ) from None
        page.object_list = load_page(list(page.object_list), rows, labels=labels)
        return paginator, page

    @staticmethod
    def page_context(paginator, page):
        return {
            "paginator": paginator,
            "page_obj": page,
            "is_paginated": paginator.num_pages > 1,
            "object_list": page.object_list,
        }


class TimelineView(PostPageMixin, TemplateView):
    """Every public post, newest first, whatever its kind, with facets.

    Template: posts/post_list.html. Context: object_list (Post rows with their
    kind's row selected), page_obj, facets, active_filters, kind_counts, and
    the options of the filter bar.
    """

    template_name = "posts/post_list.html"
    cache_params = (*facet_lib.PARAMS, "page")
    throttled = True  # when filtered and not cached: solidarity/throttle.py
    hub = None

    def fixed_facets(self):
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        facets = facet_lib.Facets(self.request.GET, fixed=self.fixed_facets())
        published = Post.objects.published()
        ids = (
            facets.apply(published)
            .order_by("-published_at", "-id")
            .values_list("pk", flat=True)
        )
        # One cache round trip for the counts and the filter bar's menus.
        without_type = {k: v for k, v in facets.cache_params().items() if k != "type"}
        cached = cached_many(
            {
                "kinds": (
                    without_type,
                    lambda: facet_lib.kind_counts(facets, published),
                ),
                "filter-options": ({}, lambda: facet_lib.filter_options(published)),
            }
        )
        counts, options = cached["kinds"], cached["filter-options"]
        kind = facets.values.get("type")
        total = counts.get(kind, 0) if kind else sum(counts.values())
        paginator, page = self.paginate_ids(ids, post_rows(), count=total)
        tag_options = options["tags"]
        if facets.tag and facets.tag.slug not in dict(tag_options):
            tag_options = [(facets.tag.slug, facets.tag.name), *tag_options]
        context.update(self.page_context(paginator, page))
        context.update(
            facets=facets,
            active_filters=facets.active(),
            query_string=facets.query_string(),
            kind_options=[
                (kind, label, counts.get(kind, 0))
                for kind, label in facet_lib.KIND_LABELS.items()
            ],
            lang_options=settings.LANGUAGES,
            country_options=options["countries"],
            tag_options=tag_options,
            year_options=[(year, year) for year in options["years"]],
            month_options=list(enumerate(facet_lib.MONTHS, start=1)),
            hub=self.hub,
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # Ignored values are shown to the visitor; such a page is not worth a
        # copy per junk value in the cache.
        return dont_store(response) if context["facets"].errors else response


class TagHubView(TimelineView):
    """Everything tagged with one tag, with its own feed."""

    template_name = "posts/hub.html"

    def fixed_facets(self):
        self.hub = get_object_or_404(public_tags(), slug=self.kwargs["slug"])
        return {"tag": self.hub}


class CountryHubView(TimelineView):
    """Everything about one country (ISO code in either case), with its feed."""

    template_name = "posts/hub.html"

    def fixed_facets(self):
        code = self.kwargs["code"]
        if len(code) != 2 or not code.isalpha():
            raise Http404("No such country code.")
        self.hub = get_object_or_404(Country, code=code.upper())
        return {"country": self.hub}


class SearchView(PostPageMixin, TemplateView):
    """/search/?q=: ranked full-text search over every public post.

    Template: posts/search.html. Context: q, object_list (with `snippet`),
    page_obj.
    """

    template_name = "posts/search.html"
    cache_params = ("q", "page")
    throttled = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = self.request.GET.get("q", "")
        q = clean_query(raw)
        context.update(q=q, truncated=len(raw) > MAX_QUERY_LENGTH)
        if q:
            ids = ranked_ids(Post.objects.published().for_reader(get_language()), q)
            paginator, page = self.paginate_ids(
                ids, with_snippets(post_rows(), q), count_key={"search": q}
            )
            for post in page.object_list:
                post.snippet = snippet(post)
            context.update(self.page_context(paginator, page))
            context["query_string"] = urlencode({"q": q})
            context["capped"] = uses_postgres() and paginator.count >= CANDIDATES
        return context


class ArticleDetailView(PreviewableDetailMixin, DetailView):
    queryset = Article.objects.prefetch_related("tags", "countries")
