"""What every kind of post shares in the admin: the PostAdmin base class
(status, dates, tags, bulk publishing, signed preview links). Its form is in
forms.py, the list filters in filters.py."""

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from solidarity import audit
from solidarity.languages import content_language_choices
from solidarity.links import absolute_url

from .. import preview
from ..models import Post
from .filters import ScheduledFilter, TranslationFilter
from .forms import PostAdminForm
from .revisions import RevisionsAdmin

PUBLISHING_HELP = _(
    "A post is public when its status is Published and its publication date "
    "has come (and its expiry date, if any, has not). Published with a future "
    "date means scheduled: it appears by itself at that moment."
)


class PostAdmin(RevisionsAdmin):
    """What every kind of post shares in the admin: status, dates, tags,
    bulk publishing, signed preview links and revisions."""

    revert_keeps = ("status", "published_at", "expires_at")

    # Each kind's fieldsets end with this one.
    picture_fieldset = (
        _("Picture"),
        {
            "fields": ("image", "image_alt", "image_caption", "image_credit"),
            "description": _(
                "Location (GPS), time, camera and other hidden data are removed "
                "from every picture when it is saved. What the picture shows is "
                "up to you."
            ),
        },
    )

    list_display = (
        "title",
        "language",
        "status",
        "published_at",
        "is_published",
        "needs_review",
        "tag_list",
    )
    list_filter = (
        "status",
        "language",
        TranslationFilter,
        ScheduledFilter,
        "needs_review",
        "published_at",
        ("countries", admin.RelatedOnlyFieldListFilter),
        "tags",
    )
    search_fields = ("title", "summary", "byline", "slug")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("countries",)
    actions = (
        "publish",
        "publish_now",
        "unpublish",
        "revoke_preview_links",
        "mark_translations_up_to_date",
    )
    form = PostAdminForm
    change_form_template = "admin/posts/post_change_form.html"
    # "example.org/meet" means https://, not http:// (Django 6's default).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    class Media:
        css = {"all": ("admin-extra/solidarity-admin.css",)}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

    @admin.display(description=_("tags"))
    def tag_list(self, obj):
        return ", ".join(tag.name for tag in obj.tags.all())

    def _not_public_yet(self, queryset):
        """Split off what the public cannot see after publishing: scheduled
        and expired items (counted for the editor's message)."""
        now = timezone.now()
        scheduled = queryset.filter(published_at__gt=now).count()
        expired = queryset.filter(expires_at__lte=now).count()
        return scheduled, expired

    def _report(self, request, count, queryset, unchanged=0):
        """Tell the editor how many items were published (rows changed, not
        rows selected), how many already were, and which stay hidden."""
        scheduled, expired = self._not_public_yet(queryset)
        parts = [
            ngettext("%(count)d item published.", "%(count)d items published.", count)
            % {"count": count}
        ]
        if unchanged:
            parts.append(
                ngettext(
                    "%(count)d was already published and is unchanged.",
                    "%(count)d were already published and are unchanged.",
                    unchanged,
                )
                % {"count": unchanged}
            )
        if scheduled:
            parts.append(
                ngettext(
                    "%(count)d of them has a publication date in the future: "
                    "it is scheduled and appears by itself at that date "
                    "(use “Publish now” to publish it today).",
                    "%(count)d of them have a publication date in the future: "
                    "they are scheduled and appear by themselves at that date "
                    "(use “Publish now” to publish them today).",
                    scheduled,
                )
                % {"count": scheduled}
            )
        if expired:
            parts.append(
                ngettext(
                    "%(count)d of them has passed its expiry date and stays "
                    "hidden; clear or change the expiry date to show it.",
                    "%(count)d of them have passed their expiry date and stay "
                    "hidden; clear or change the expiry date to show them.",
                    expired,
                )
                % {"count": expired}
            )
        level = messages.WARNING if scheduled or expired else messages.SUCCESS
        self.message_user(request, " ".join(parts), level)

    @staticmethod
    def _selected(queryset):
        """The selected rows again, by primary key: the changelist's queryset
        may be filtered on the very fields an action changes (the drafts
        list), so a second update through it would match nothing."""
        pks = list(queryset.values_list("pk", flat=True))
        return pks, queryset.model.objects.filter(pk__in=pks)

    def _audit_publishing(self, request, pks):
        """Published, or scheduled when the date is still to come."""
        later = set(
            Post.objects.filter(
                pk__in=pks, published_at__gt=timezone.now()
            ).values_list("pk", flat=True)
        )
        now = [pk for pk in pks if pk not in later]
        audit.record_many(request, audit.Action.PUBLISH, self.model, now)
        audit.record_many(request, audit.Action.SCHEDULE, self.model, later)
        self.after_publishing(request, pks)

    def after_publishing(self, request, pks):
        """Hook: the items in `pks` were just published (or scheduled)."""

    @admin.action(
        description=_("Publish selected items (keeping their dates)"),
        permissions=["change"],
    )
    def publish(self, request, queryset):
        """Drafts dated in the past go public at once under their own date
        (e.g. an imported article); drafts dated in the future become
        scheduled. No date is changed."""
        pks, selected = self._selected(queryset)
        drafts = selected.exclude(status=Post.Status.PUBLISHED)
        changed = list(drafts.values_list("pk", flat=True))
        count = drafts.update(status=Post.Status.PUBLISHED)
        self._audit_publishing(request, changed)
        self._report(request, count, Post.objects.filter(pk__in=pks), len(pks) - count)

    @admin.action(
        description=_("Publish selected items now (dated now)"),
        permissions=["change"],
    )
    def publish_now(self, request, queryset):
        """Publish today: the publication date becomes now, so the items go
        out at once and top the lists. Items already public keep their date
        (re-dating them would reorder the timeline)."""
        now = timezone.now()
        pks, selected = self._selected(queryset)
        public = set(selected.published().values_list("pk", flat=True))
        to_date = selected.exclude(pk__in=public).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )
        changed = set(to_date.values_list("pk", flat=True))
        to_date.update(status=Post.Status.PUBLISHED, published_at=now)
        # Expired drafts: published under their date, and still hidden.
        expired_drafts = selected.exclude(status=Post.Status.PUBLISHED)
        changed |= set(expired_drafts.values_list("pk", flat=True))
        expired_drafts.update(status=Post.Status.PUBLISHED)
        self._audit_publishing(request, changed)
        self._report(
            request,
            len(changed),
            Post.objects.filter(pk__in=pks),
            len(pks) - len(changed),
        )

    @admin.action(description=_("Unpublish selected items"), permissions=["change"])
    def unpublish(self, request, queryset):
        _pks, selected = self._selected(queryset)
        published = selected.filter(status=Post.Status.PUBLISHED)
        changed = list(published.values_list("pk", flat=True))
        count = published.update(status=Post.Status.DRAFT)
        audit.record_many(request, audit.Action.UNPUBLISH, self.model, changed)
        self.message_user(
            request,
            ngettext(
                "%(count)d item unpublished: it is a draft again and hidden "
                "from the public.",
                "%(count)d items unpublished: they are drafts again and hidden "
                "from the public.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Revoke the preview links of selected items"),
        permissions=["change"],
    )
    def revoke_preview_links(self, request, queryset):
        # Primary keys only: a kind's queryset may select related rows, which
        # cannot be combined with only("pk") (a FieldError on meetings).
        pks = list(queryset.values_list("pk", flat=True))
        count = preview.revoke_many(pks)
        audit.record_many(request, audit.Action.PREVIEW_REVOKED, self.model, pks)
        self.message_user(
            request,
            ngettext(
                "Preview links of %(count)d item revoked: links handed out "
                "before now no longer work.",
                "Preview links of %(count)d items revoked: links handed out "
                "before now no longer work.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def revert_conflict(self, obj_pk, fields):
        slug = fields.get("slug")
        taken = Post.objects.filter(slug=slug).exclude(pk=obj_pk).first()
        if taken is None:
            return None
        return gettext(
            "This revision cannot be restored: its web address “%(slug)s” is "
            "now used by “%(other)s”. Change that post's address first, or "
            "copy what you need from the comparison by hand."
        ) % {"slug": slug, "other": taken}

    def recovered(self, obj):
        # A recovered post is a draft until an editor publishes it again.
        obj.status = Post.Status.DRAFT

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (
                name,
                {**options, "description": PUBLISHING_HELP}
                if name == "Publishing"
                else options,
            )
            for name, options in super().get_fieldsets(request, obj)
        ]
        language = (
            _("Language and translations"),
            {"fields": ("language", "translation_of", "translation_status")},
        )
        # Last: the kinds' admins order their own fieldsets (the appeal's
        # template puts its inlines after the first three).
        fieldsets.append(language)
        if obj is not None and obj.translation_of_id:
            # The text to translate from, beside the form's own.
            original = (_("The original"), {"fields": ("original_text",)})
            fieldsets.insert(0, original)
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return (
            *super().get_readonly_fields(request, obj),
            "translation_of",
            "translation_status",
            "original_text",
        )

    @admin.display(description=_("translations"))
    def translation_status(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        if obj.translation_of_id:
            if obj.is_outdated_translation():
                return _(
                    "Outdated: the original's text changed after this "
                    "translation. Bring it up to date, then use the action "
                    "“Mark translations as up to date”."
                )
            return _("Up to date with the original.")
        others = obj.translations.order_by("language")
        if not others:
            return _("No translations yet: use “Translate into…” above.")
        return format_html_join(
            ", ",
            '<a href="{}">{}</a>{}',
            (
                (
                    reverse(
                        f"admin:{t._meta.app_label}_{t._meta.model_name}_change",
                        args=[quote(t.pk)],
                    ),
                    t.language_name(),
                    _(" (outdated)") if t.is_outdated_translation() else "",
                )
                for t in (other.specific_or_self() for other in others)
            ),
        )

    @admin.display(description=_("text to translate"))
    def original_text(self, obj):
        original = obj.translation_of if obj else None
        if original is None:
            return "—"
        # body is sanitised HTML (clean_html on save).
        return format_html(
            '<div class="original-text" lang="{}"><h3>{}</h3><p>{}</p>'
            "<div>{}</div></div>",
            original.language,
            original.title,
            original.summary,
            mark_safe(original.body),  # noqa: S308
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if not obj.translation_of_id and (
            not change or set(Post.TEXT_FIELDS) & set(form.changed_data)
        ):
            # Its translations are outdated from now on.
            obj.text_changed_at = timezone.now()
        super().save_model(request, obj, form, change)
        self.audit_status_change(request, obj, form, change)

    @staticmethod
    def audit_status_change(request, obj, form, change):
        """Publishing, scheduling or unpublishing through the form is in the
        audit log like the bulk actions."""
        was_published = change and form.initial.get("status") == Post.Status.PUBLISHED
        is_published = obj.status == Post.Status.PUBLISHED
        if is_published and (not was_published or "published_at" in form.changed_data):
            action = (
                audit.Action.SCHEDULE
                if obj.published_at > timezone.now()
                else audit.Action.PUBLISH
            )
            audit.record(request, action, obj)
        elif was_published and not is_published:
            audit.record(request, audit.Action.UNPUBLISH, obj)

    @admin.action(
        description=_("Mark translations as up to date with their originals"),
        permissions=["change"],
    )
    def mark_translations_up_to_date(self, request, queryset):
        count = 0
        for post in queryset.filter(translation_of__isnull=False).select_related(
            "translation_of"
        ):
            post.translated_from_at = post.translation_of.text_changed_at
            post.save(update_fields=["translated_from_at"])
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d translation marked as up to date.",
                "%(count)d translations marked as up to date.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def translate_view(self, request, object_id):
        """“Translate into…”: a draft copy of this original in the chosen
        language, linked to it; then its change form."""
        obj = self._post_for_preview(request, object_id)
        original = obj.translation_of.specific if obj.translation_of_id else obj
        language = request.POST.get("language", "")
        taken = set(
            Post.objects.filter(translation_key=original.translation_key).values_list(
                "language", flat=True
            )
        )
        if language not in dict(content_language_choices()) or language in taken:
            self.message_user(
                request,
                _("Choose a language this post has no version in yet."),
                messages.ERROR,
            )
            return self._back_to_change_form(obj)
        copy = original.make_translation(language, request.user)
        self.message_user(
            request,
            _(
                "A draft in %(language)s was made from the original: translate "
                "its title, summary and text (the original is shown above), "
                "then publish it."
            )
            % {"language": copy.language_name()},
            messages.SUCCESS,
        )
        return self._back_to_change_form(copy)

    def translate_choices(self, obj):
        """The languages “Translate into…” offers for `obj`: those its group
        has no version in yet (none for a translation: translate the
        original)."""
        if obj is None or obj.translation_of_id:
            return []
        taken = set(
            Post.objects.filter(translation_key=obj.translation_key).values_list(
                "language", flat=True
            )
        )
        return [(c, n) for c, n in content_language_choices() if c not in taken]

    # Preview links: two buttons on the change form (see the template).

    def get_urls(self):
        opts = self.opts
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/preview-link/",
                self.admin_site.admin_view(self.preview_link_view),
                name=f"{name}_preview_link",
            ),
            path(
                "<path:object_id>/revoke-preview-links/",
                self.admin_site.admin_view(self.revoke_preview_view),
                name=f"{name}_revoke_preview",
            ),
            path(
                "<path:object_id>/translate/",
                self.admin_site.admin_view(self.translate_view),
                name=f"{name}_translate",
            ),
            *super().get_urls(),
        ]

    def _post_for_preview(self, request, object_id):
        if request.method != "POST":
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such item.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _back_to_change_form(self, obj):
        opts = self.opts
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[quote(obj.pk)],
                current_app=self.admin_site.name,
            )
        )

    def preview_link_view(self, request, object_id):
        """Create a signed preview link for this post and show it."""
        obj = self._post_for_preview(request, object_id)
        try:
            days = int(request.POST.get("days", preview.DEFAULT_DAYS))
        except ValueError:
            days = preview.DEFAULT_DAYS
        if days not in preview.DAY_CHOICES:
            days = preview.DEFAULT_DAYS
        token = preview.make_token(obj, days)
        audit.record(
            request,
            audit.Action.PREVIEW_LINK,
            obj,
            ngettext("valid %(days)d day", "valid %(days)d days", days)
            % {"days": days},
        )
        url = absolute_url(reverse("posts:preview", kwargs={"token": token}))
        expires = timezone.localtime(preview.expiry_of(token))
        self.message_user(
            request,
            format_html(
                gettext(
                    "Preview link, valid until {} for anyone who has it (no "
                    'account needed): <a href="{}">{}</a> — “Revoke preview '
                    "links” stops every link made so far."
                ),
                date_format(expires, "DATETIME_FORMAT"),
                url,
                url,
            ),
            messages.SUCCESS,
        )
        return self._back_to_change_form(obj)

    def revoke_preview_view(self, request, object_id):
        obj = self._post_for_preview(request, object_id)
        preview.revoke(obj)
        audit.record(request, audit.Action.PREVIEW_REVOKED, obj)
        self.message_user(
            request,
            _("Every preview link made for this item so far has stopped working."),
            messages.SUCCESS,
        )
        return self._back_to_change_form(obj)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["translate_choices"] = self.translate_choices(obj)
        context["preview_day_choices"] = preview.DAY_CHOICES
        context["preview_default_days"] = preview.DEFAULT_DAYS
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)
