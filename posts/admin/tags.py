"""Tags in the admin: taggit's own TagAdmin replaced, because its "Merge
selected tags" moves taggit's generic TaggedItem rows, and posts are tagged
through TaggedPost: it said "merged" and changed nothing. Here a merge moves
every post's link to the tag kept and deletes the others."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from taggit import admin as taggit_admin
from taggit.models import Tag

from ..models import TaggedPost
from .actions import confirm_action

# taggit's admin module registers its TagAdmin when imported; import it now
# (posts comes before taggit in INSTALLED_APPS) and replace it.
if taggit_admin and admin.site.is_registered(Tag):
    admin.site.unregister(Tag)


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Tag.objects.none(),
        label=_("Keep this tag"),
        help_text=_(
            "Posts with any of the selected tags get this one; the others are deleted."
        ),
    )

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = tags


def merge_tags(keep, others):
    """Move every post's link from `others` to `keep`, then delete `others`.
    The number of posts that gained `keep`."""
    with transaction.atomic():
        links = TaggedPost.objects.filter(tag__in=others)
        already = TaggedPost.objects.filter(tag=keep).values("content_object")
        posts = set(
            links.exclude(content_object__in=already).values_list(
                "content_object", flat=True
            )
        )
        TaggedPost.objects.bulk_create(
            [TaggedPost(tag=keep, content_object_id=pk) for pk in posts]
        )
        # Deleting the tags deletes their links (and tells the page cache).
        for tag in others:
            tag.delete()
    return len(posts)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    ordering = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    actions = ("merge",)

    @admin.action(description=_("Merge selected tags…"), permissions=["change"])
    def merge(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(
                request, _("Select at least two tags to merge."), messages.WARNING
            )
            return None
        form = MergeForm(
            request.POST if "apply" in request.POST else None, tags=queryset
        )
        page = confirm_action(
            self,
            request,
            queryset,
            "merge",
            _("Merge tags"),
            _("The selected tags become one."),
            form,
        )
        if page:
            return page
        keep = form.cleaned_data["keep"]
        others = list(queryset.exclude(pk=keep.pk))
        moved = merge_tags(keep, others)
        self.message_user(
            request,
            ngettext(
                "%(count)d tag merged into “%(keep)s”.",
                "%(count)d tags merged into “%(keep)s”.",
                len(others),
            )
            % {"count": len(others), "keep": keep}
            + " "
            + ngettext(
                "%(posts)d post newly tagged with it.",
                "%(posts)d posts newly tagged with it.",
                moved,
            )
            % {"posts": moved},
            messages.SUCCESS,
        )
        return None
