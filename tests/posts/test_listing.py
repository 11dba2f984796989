"""How a timeline page's ids are fetched (posts/listing.py)."""

import pytest
from django.db import connection

from posts.models import Post

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL's planner prefers a scan on a near-empty table",
)
def test_a_deep_timeline_page_reads_only_the_covering_index():
    """Guards the SQLite deep page (issue 11): without post_timeline_idx,
    every row an OFFSET skips costs a table read (for expires_at) and the
    ids are re-sorted in a temporary B-tree, so page 500 cost ~3.4x page 1."""
    ids = (
        Post.objects.published()
        .order_by("-published_at", "-id")
        .values_list("pk", flat=True)
    )
    plan = ids[9980:10000].explain()
    assert "USING COVERING INDEX post_timeline_idx" in plan
    assert "TEMP B-TREE" not in plan
    plan = ids.filter(kind=Post.Kind.ARTICLE)[9980:10000].explain()
    assert "USING COVERING INDEX post_timeline_idx" in plan
    # The timeline as a reader sees it: one version of each translated post,
    # a subquery on the row's translation_key (posts 0018 covers it).
    plan = ids.for_reader("es")[9980:10000].explain()
    assert "USING COVERING INDEX post_timeline_idx" in plan
