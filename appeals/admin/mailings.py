"""Mailings in the admin: write, choose recipients, preview, send a test to
yourself, then schedule or send now; the page shows the progress."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from solidarity.links import absolute_url
from solidarity.models import SendStatus
from solidarity.tasks import enqueue_on_commit

from ..models import Appeal, Mailing, Supporter
from ..tasks import render_mailing, send_test, start_mailing


class MailingForm(forms.ModelForm):
    help_with = forms.MultipleChoiceField(
        choices=Supporter.Help.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=gettext_lazy("Only supporters who want to"),
        help_text=gettext_lazy("Leave all unticked to mail everyone."),
    )

    class Meta:
        model = Mailing
        fields = (
            "subject",
            "body",
            "appeal",
            "countries",
            "audience",
            "language",
            "help_with",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.help_with and not self.is_bound:
            self.initial["help_with"] = self.instance.help_with.split(",")

    def clean_help_with(self):
        return ",".join(self.cleaned_data["help_with"])


def appeal_initial(appeal):
    """ "Mail this appeal": its title, summary, what to do, and its link."""
    parts = [f"<p>{appeal.summary}</p>" if appeal.summary else ""]
    if appeal.action:
        parts.append(linebreaks(appeal.action))
    return {
        "subject": appeal.title,
        "body": "".join(parts),
        "appeal": appeal.pk,
    }


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    form = MailingForm
    list_display = ("subject", "status", "send_at", "progress_summary", "created_at")
    list_filter = ("status", "created_at")
    search_fields = ("subject",)
    date_hierarchy = "created_at"
    autocomplete_fields = ("appeal",)
    readonly_fields = (
        "recipient_count",
        "status",
        "send_at",
        "started_at",
        "finished_at",
        "progress_summary",
        "preview_link",
    )
    change_form_template = "admin/appeals/mailing/change_form.html"

    def get_fieldsets(self, request, obj=None):
        return (
            (None, {"fields": ("subject", "body", "appeal")}),
            (
                _("Recipients (confirmed supporters who have not unsubscribed)"),
                {
                    "fields": (
                        "countries",
                        "audience",
                        "language",
                        "help_with",
                        "recipient_count",
                    )
                },
            ),
            (
                pgettext("fieldset", "Sending"),
                {
                    "fields": (
                        "preview_link",
                        "status",
                        "send_at",
                        "started_at",
                        "finished_at",
                        "progress_summary",
                    )
                },
            ),
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status not in (
            Mailing.Status.DRAFT,
            Mailing.Status.SCHEDULED,
        ):
            # Sent or being sent: what went out stays as it went.
            return (*self.readonly_fields, *MailingForm.Meta.fields)
        return self.readonly_fields

    def get_changeform_initial_data(self, request):
        appeal_id = request.GET.get("appeal", "")
        if appeal_id.isdigit():
            appeal = Appeal.objects.filter(pk=int(appeal_id)).first()
            if appeal is not None:
                return appeal_initial(appeal)
        return super().get_changeform_initial_data(request)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=gettext_lazy("recipients now"))
    def recipient_count(self, obj):
        if obj is None or not obj.pk:
            return _("Save the mailing to count its recipients.")
        return obj.recipients().count()

    @admin.display(description=gettext_lazy("progress"))
    def progress_summary(self, obj):
        if obj.status in (Mailing.Status.DRAFT, Mailing.Status.SCHEDULED):
            return "—"
        counts = obj.progress()
        remaining = counts[SendStatus.QUEUED] + counts[SendStatus.SENDING]
        return _("%(sent)d sent, %(failed)d failed, %(remaining)d remaining") % {
            "sent": counts[SendStatus.SENT],
            "failed": counts[SendStatus.FAILED],
            "remaining": remaining,
        }

    @admin.display(description=gettext_lazy("preview"))
    def preview_link(self, obj):
        if obj is None or not obj.pk:
            return _("Save the mailing to preview it.")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("admin:appeals_mailing_preview", args=[obj.pk]),
            _("Open the mail as recipients will see it"),
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="appeals_mailing_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        mailing = get_object_or_404(Mailing, pk=pk)
        if not self.has_view_permission(request, mailing):
            return HttpResponse(status=403)
        _subject, _text, html, _headers = render_mailing(
            mailing,
            None,
            unsubscribe_url=absolute_url(reverse("unsubscribe", args=["preview"])),
            test=True,
        )
        return HttpResponse(html)

    def response_change(self, request, obj):
        for button, handler in (
            ("_send_test", self.handle_send_test),
            ("_schedule", self.handle_schedule),
            ("_send_now", self.handle_send_now),
            ("_cancel", self.handle_cancel),
        ):
            if button in request.POST:
                handler(request, obj)
                return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def handle_send_test(self, request, mailing):
        if not request.user.email:
            self.message_user(
                request,
                _("Your account has no email address to send the test to."),
                messages.ERROR,
            )
            return
        send_test(mailing, request.user.email)
        self.message_user(
            request,
            _("A test copy is on its way to %(address)s.")
            % {"address": request.user.email},
            messages.SUCCESS,
        )

    def handle_schedule(self, request, mailing):
        when = request.POST.get("schedule_at", "")
        parsed = forms.DateTimeField().clean(when) if when else None
        if parsed is None or parsed <= timezone.now():
            self.message_user(
                request,
                _("Choose a time in the future to schedule it."),
                messages.ERROR,
            )
            return
        updated = Mailing.objects.filter(
            pk=mailing.pk, status__in=[Mailing.Status.DRAFT, Mailing.Status.SCHEDULED]
        ).update(status=Mailing.Status.SCHEDULED, send_at=parsed)
        self.message_user(
            request,
            _("Scheduled.") if updated else _("This mailing was already sent."),
            messages.SUCCESS if updated else messages.ERROR,
        )

    def handle_send_now(self, request, mailing):
        updated = Mailing.objects.filter(
            pk=mailing.pk, status__in=[Mailing.Status.DRAFT, Mailing.Status.SCHEDULED]
        ).update(status=Mailing.Status.SCHEDULED, send_at=timezone.now())
        if updated:
            enqueue_on_commit(start_mailing, mailing.pk)
        self.message_user(
            request,
            _("Sending: the progress shows on this page.")
            if updated
            else _("This mailing was already sent."),
            messages.SUCCESS if updated else messages.ERROR,
        )

    def handle_cancel(self, request, mailing):
        Mailing.objects.filter(
            pk=mailing.pk,
            status__in=[Mailing.Status.SCHEDULED, Mailing.Status.SENDING],
        ).update(status=Mailing.Status.CANCELLED)
        mailing.deliveries.filter(status=SendStatus.QUEUED).update(
            status=SendStatus.CANCELLED
        )
        self.message_user(request, _("Cancelled: nothing more is sent."))
