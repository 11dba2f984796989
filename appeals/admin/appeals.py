"""The appeals in the admin: their targets and updates inline, state actions
and the links to hand the approved messages over."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from posts.admin import PostAdmin
from posts.admin.actions import with_unchanged

from ..models import (
    Appeal,
    AppealTarget,
    AppealUpdate,
)


class AppealTargetInline(admin.StackedInline):
    model = AppealTarget
    extra = 0
    fields = (("name", "role"), "about", "email", "postal_address", "position")
    verbose_name = _("target (who to press)")
    verbose_name_plural = _("targets: who to press")


class AppealUpdateInline(admin.TabularInline):
    model = AppealUpdate
    extra = 0
    fields = ("happened_on", "text", "outcome")


class DeadlinePassedFilter(admin.SimpleListFilter):
    """Urgent appeals whose deadline passed show as ongoing: an editor
    decides what they are now."""

    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return (("passed", _("Passed")), ("coming", _("Still to come")))

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "passed":
            return queryset.filter(deadline__lt=now)
        if self.value() == "coming":
            return queryset.filter(deadline__gte=now)
        return queryset


@admin.register(Appeal)
class AppealAdmin(PostAdmin):
    list_display = (
        "title",
        "state",
        "deadline",
        "status",
        "published_at",
        "is_published",
        "needs_review",
    )
    list_filter = ("state", DeadlinePassedFilter, "featured", *PostAdmin.list_filter)
    # In the order an editor works (the template puts the targets and
    # updates after the first three): the appeal, publishing, the ask;
    # then the targets, the updates; the rest collapsed.
    fieldsets = (
        (
            _("The appeal"),
            {"fields": ("title", "summary", "body", "countries", "tags")},
        ),
        (
            _("Publishing"),
            {"fields": ("status", "published_at", "date_precision", "featured")},
        ),
        (
            _("The ask"),
            {
                "fields": (
                    "state",
                    "deadline",
                    "action",
                    "contact",
                    "letter_subject",
                    "letter_body",
                    "copy_email",
                    "share_text",
                ),
                "description": _(
                    "Who to press is the list of targets below. Readers get a "
                    "button that opens their own email program with the letter "
                    "to the targets that have an email address."
                ),
            },
        ),
        PostAdmin.picture_fieldset,
        (
            _("Advanced"),
            {
                "fields": (
                    "slug",
                    "byline",
                    "expires_at",
                    "needs_review",
                    "delivery_links",
                ),
                "classes": ("collapse",),
            },
        ),
        (_("Supporters"), {"fields": ("mailing_link",)}),
    )
    readonly_fields = ("delivery_links", "mailing_link")
    inlines = (AppealTargetInline, AppealUpdateInline)
    change_form_template = "admin/appeals/appeal/change_form.html"
    revision_children = ((AppealTarget, "appeal_id"), (AppealUpdate, "appeal_id"))
    actions = (*PostAdmin.actions, "mark_urgent", "mark_won", "mark_closed")

    @admin.display(description=_("approved messages, to hand over"))
    def delivery_links(self, obj):
        if not obj.pk:
            return _("Save the appeal first.")
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("appeals:messages-csv", args=[obj.slug]),
            _("Download as CSV"),
            reverse("appeals:messages-print", args=[obj.slug]),
            _("Printable page"),
        )

    @admin.display(description=_("mail the supporters"))
    def mailing_link(self, obj):
        if not obj.pk:
            return _("Save the appeal first.")
        return format_html(
            '<a href="{}?appeal={}">{}</a>',
            reverse("admin:appeals_mailing_add"),
            obj.pk,
            _("Mail this appeal to the supporters…"),
        )

    def set_state(self, request, queryset, state):
        """Counts the appeals whose state changed, not those selected."""
        pks = list(queryset.values_list("pk", flat=True))
        count = (
            Appeal.objects.filter(pk__in=pks).exclude(state=state).update(state=state)
        )
        label = Appeal.State(state).label.lower()
        text = ngettext(
            "%(count)d appeal marked %(state)s.",
            "%(count)d appeals marked %(state)s.",
            count,
        ) % {"count": count, "state": label}
        self.message_user(
            request, with_unchanged(text, len(pks), count), messages.SUCCESS
        )

    @admin.action(description=_("Mark selected appeals urgent"), permissions=["change"])
    def mark_urgent(self, request, queryset):
        self.set_state(request, queryset, Appeal.State.URGENT)

    @admin.action(description=_("Mark selected appeals won"), permissions=["change"])
    def mark_won(self, request, queryset):
        self.set_state(request, queryset, Appeal.State.WON)

    @admin.action(description=_("Mark selected appeals closed"), permissions=["change"])
    def mark_closed(self, request, queryset):
        self.set_state(request, queryset, Appeal.State.CLOSED)
