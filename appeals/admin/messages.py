"""Moderation of messages of solidarity: approve, reject, spam, erase."""

from urllib.parse import urlsplit

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from posts.admin import CountryPresentFilter, LanguageDefaultFormMixin
from posts.admin.actions import with_unchanged
from posts.admin.revisions import RevisionsAdmin
from solidarity import audit

from .. import moderation as moderation_service
from ..models import (
    SolidarityMessage,
)
from .actions import confirm_action, erase_selected


class RejectionForm(forms.Form):
    rejection_reason = forms.CharField(
        label=_("Reason (for the editors; the sender is not told)"),
        max_length=SolidarityMessage._meta.get_field("rejection_reason").max_length,
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
    )


class SolidarityMessageAdminForm(LanguageDefaultFormMixin, forms.ModelForm):
    pass


EXCERPT_LENGTH = 300


@admin.register(SolidarityMessage)
class SolidarityMessageAdmin(RevisionsAdmin):
    """The moderation queue: pending first, each row showing the message
    itself (so an editor reads it in the list) and one-click buttons."""

    form = SolidarityMessageAdminForm

    list_display = (
        "message_excerpt",
        "appeal",
        "country",
        "language",
        "age",
        "moderation_badge",
        "decide",
    )
    list_display_links = ("message_excerpt",)
    list_filter = (
        "moderation",
        "needs_review",
        CountryPresentFilter,
        "language",
        "received_at",
        ("appeal", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("author_name", "organisation", "text", "email")
    date_hierarchy = "received_at"
    autocomplete_fields = ("appeal",)
    list_select_related = ("appeal",)
    readonly_fields = ("moderated_by", "moderated_at", "erased_at")
    fields = (
        "appeal",
        "author_name",
        "organisation",
        "role",
        "city",
        "country",
        "language",
        "email",
        "text",
        "show_name",
        "consent",
        "received_at",
        "moderation",
        "rejection_reason",
        "moderated_by",
        "moderated_at",
        "erased_at",
        "needs_review",
    )
    actions = ("approve", "reject", "reject_with_reason", "mark_spam", "erase")
    change_form_template = "admin/appeals/solidaritymessage/change_form.html"
    # A revert restores what was written, never a moderation decision.
    revert_keeps = (
        "moderation",
        "status",
        "published_at",
        "moderated_by",
        "moderated_at",
        "approval_notified_at",
        "erased_at",
    )
    # The one-click buttons: what each sets, in the order shown.
    DECISIONS = (
        ("approve", SolidarityMessage.Moderation.APPROVED, _("Approve")),
        ("reject", SolidarityMessage.Moderation.REJECTED, _("Reject")),
        ("spam", SolidarityMessage.Moderation.SPAM, _("Spam")),
    )

    class Media:
        css = {"all": ("admin-extra/solidarity-admin.css",)}

    @admin.display(description=_("moderation"), ordering="moderation")
    def moderation_badge(self, obj):
        return format_html(
            '<span class="moderation moderation-{}">{}</span>',
            obj.moderation,
            obj.get_moderation_display(),
        )

    @admin.display(description=_("message"))
    def message_excerpt(self, obj):
        """Who sent it, then the first 300 characters, line breaks kept."""
        sender = ", ".join(part for part in (obj.author_name, obj.organisation) if part)
        return format_html(
            '<span class="message-sender">{}</span>'
            '<span class="message-excerpt">{}</span>',
            sender,
            Truncator(obj.text).chars(EXCERPT_LENGTH),
        )

    @admin.display(description=_("age"), ordering="received_at")
    def age(self, obj):
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            obj.received_at.isoformat(),
            date_format(timezone.localtime(obj.received_at), "DATETIME_FORMAT"),
            timesince(obj.received_at, depth=1),
        )

    @admin.display(description=_("decide"))
    def decide(self, obj):
        """Buttons of the changelist's own form (which carries the CSRF
        token), posting to moderate_view: no nested forms, one click."""
        buttons = [
            format_html(
                '<button type="submit" class="button decide decide-{}" '
                'formaction="{}" formmethod="post" formnovalidate>{}</button>',
                name,
                reverse(
                    "admin:appeals_solidaritymessage_moderate",
                    args=[obj.pk, name],
                    current_app=self.admin_site.name,
                ),
                label,
            )
            for name, state, label in self.DECISIONS
            if obj.moderation != state and not obj.erased_at
        ]
        return format_html_join("", "{}", ((b,) for b in buttons))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/moderate/<str:decision>/",
                self.admin_site.admin_view(self.moderate_view),
                name="appeals_solidaritymessage_moderate",
            ),
            *super().get_urls(),
        ]

    def moderate_view(self, request, object_id, decision):
        """One click on a row's button: POST only (the admin's CSRF check
        applies), by someone who may change messages."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        states = {name: state for name, state, _label in self.DECISIONS}
        if decision not in states:
            raise Http404(gettext("No such decision."))
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("No such message."))
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        changed = moderation_service.moderate(
            SolidarityMessage.objects.filter(pk=obj.pk), states[decision], request
        )
        label = SolidarityMessage.Moderation(states[decision]).label.lower()
        if changed:
            text = gettext("Message from %(sender)s %(state)s.") % {
                "sender": obj.display_name,
                "state": label,
            }
        else:
            text = gettext("Message from %(sender)s was already %(state)s.") % {
                "sender": obj.display_name,
                "state": label,
            }
        self.message_user(request, text, messages.SUCCESS)
        return HttpResponseRedirect(self.changelist_return(request))

    def changelist_return(self, request):
        """Back to the list the editor was on, with its filters."""
        changelist = reverse(
            "admin:appeals_solidaritymessage_changelist",
            current_app=self.admin_site.name,
        )
        referer = request.META.get("HTTP_REFERER", "")
        if referer and url_has_allowed_host_and_scheme(
            referer, {request.get_host()}, request.is_secure()
        ):
            path_part = urlsplit(referer)
            if path_part.path == changelist:
                return changelist + (f"?{path_part.query}" if path_part.query else "")
        return changelist

    def next_pending(self, after):
        """The next message waiting in the queue's order (pending first,
        newest first), else the first one still waiting."""
        pending = SolidarityMessage.objects.pending().exclude(pk=after.pk)
        older = pending.filter(
            Q(received_at__lt=after.received_at)
            | Q(received_at=after.received_at, pk__lt=after.pk)
        ).order_by("-received_at", "-pk")
        return older.first() or pending.order_by("-received_at", "-pk").first()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and "_approve_next" in request.POST:
            request.POST = request.POST.copy()
            request.POST["moderation"] = SolidarityMessage.Moderation.APPROVED
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        if "_approve_next" not in request.POST:
            return super().response_change(request, obj)
        self.message_user(
            request,
            gettext("Message from %(sender)s approved.") % {"sender": obj.display_name},
            messages.SUCCESS,
        )
        following = self.next_pending(obj)
        if following is None:
            self.message_user(
                request, gettext("No message waits for moderation."), messages.INFO
            )
            return HttpResponseRedirect(self.changelist_return(request))
        return HttpResponseRedirect(
            reverse(
                "admin:appeals_solidaritymessage_change",
                args=[following.pk],
                current_app=self.admin_site.name,
            )
        )

    def view_on_site(self, obj):
        # Only approved messages are on the wall.
        if obj.moderation == SolidarityMessage.Moderation.APPROVED:
            return obj.get_absolute_url()
        return None

    def get_ordering(self, request):
        # Pending first: what needs an editor's eye is at the top. (An
        # expression, not an annotation: ModelAdmin.get_queryset orders
        # before any annotation a subclass could add.)
        pending_first = Case(
            When(moderation=SolidarityMessage.Moderation.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return (pending_first.asc(), "-received_at", "-pk")

    def moderate(self, request, queryset, moderation):
        """Moderate the selected messages not already in that state, and say
        how many changed."""
        pks = list(queryset.values_list("pk", flat=True))
        changed = moderation_service.moderate(
            SolidarityMessage.objects.filter(pk__in=pks), moderation, request
        )
        label = SolidarityMessage.Moderation(moderation).label.lower()
        text = ngettext(
            "%(count)d message %(state)s.", "%(count)d messages %(state)s.", changed
        ) % {"count": changed, "state": label}
        self.message_user(
            request, with_unchanged(text, len(pks), changed), messages.SUCCESS
        )
        return changed

    @admin.action(description=_("Approve selected messages"), permissions=["change"])
    def approve(self, request, queryset):
        self.moderate(request, queryset, SolidarityMessage.Moderation.APPROVED)

    @admin.action(description=_("Reject selected messages"), permissions=["change"])
    def reject(self, request, queryset):
        self.moderate(request, queryset, SolidarityMessage.Moderation.REJECTED)

    @admin.action(
        description=_("Reject selected messages, giving a reason…"),
        permissions=["change"],
    )
    def reject_with_reason(self, request, queryset):
        form = RejectionForm(request.POST if "apply" in request.POST else None)
        page = confirm_action(
            self,
            request,
            queryset,
            "reject_with_reason",
            gettext("Reject messages"),
            gettext("These messages will not be published."),
            form,
        )
        if page:
            return page
        pks = list(queryset.values_list("pk", flat=True))
        self.moderate(request, queryset, SolidarityMessage.Moderation.REJECTED)
        SolidarityMessage.objects.filter(pk__in=pks).update(
            rejection_reason=form.cleaned_data["rejection_reason"]
        )
        return None

    @admin.action(
        description=_("Mark selected messages as spam"), permissions=["change"]
    )
    def mark_spam(self, request, queryset):
        self.moderate(request, queryset, SolidarityMessage.Moderation.SPAM)

    @admin.action(
        description=_("Erase the senders' personal data…"), permissions=["change"]
    )
    def erase(self, request, queryset):
        return erase_selected(
            self,
            request,
            queryset,
            gettext(
                "The name, organisation, role, city, email address and text of "
                "these messages will be removed for good, and they leave the "
                "site. Their country, appeal and date stay, for anonymous counts."
            ),
            lambda message: message.erase(request.user),
        )

    def save_model(self, request, obj, form, change):
        decided = "moderation" in form.changed_data
        if decided:
            obj.moderated_by = request.user
            obj.moderated_at = timezone.now()
        super().save_model(request, obj, form, change)
        if decided and obj.moderation in moderation_service.AUDIT_ACTIONS:
            audit.record(request, moderation_service.AUDIT_ACTIONS[obj.moderation], obj)
            if obj.moderation == SolidarityMessage.Moderation.APPROVED:
                moderation_service.tell_approved_senders([obj.pk])
