"""Mailings to the campaign's supporters, and each one's deliveries (private).

A mailing is written in the admin, sent to a test address, then scheduled
or sent now. Starting it records one Delivery per recipient; workers send
them in batches (appeals/tasks.py), throttled, exactly once each
(solidarity/mail.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from django_prose_editor.fields import ProseEditorField

from solidarity.models import QueuedMessage, SendStatus
from solidarity.sanitize import EDITOR_EXTENSIONS, clean_html

from .appeals import Appeal
from .supporters import Supporter


class Mailing(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", pgettext_lazy("mail", "Cancelled")

    class Audience(models.TextChoices):
        EVERYONE = "", _("People and organisations")
        PEOPLE = "person", _("People only")
        ORGANISATIONS = "organisation", _("Organisations only")

    subject = models.CharField(_("subject"), max_length=200)
    body = ProseEditorField(
        _("text"), extensions=EDITOR_EXTENSIONS, sanitize=clean_html
    )
    appeal = models.ForeignKey(
        Appeal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mailings",
        verbose_name=_("appeal"),
        help_text=_("The appeal this mailing is about; its link ends the mail."),
    )
    countries = CountryField(
        _("only supporters in"),
        multiple=True,
        blank=True,
        help_text=_("Leave empty to mail supporters in every country."),
    )
    help_with = models.CharField(
        _("only supporters who want to"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to mail everyone, whatever they offered."),
    )
    audience = models.CharField(
        _("who"), max_length=12, choices=Audience, blank=True, default=""
    )
    language = models.CharField(
        _("only supporters who read"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The language this mailing is written in. Leave empty to mail "
            "supporters of every language (its unsubscribe line is then in "
            "each one's language)."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT
    )
    send_at = models.DateTimeField(
        _("send at"),
        null=True,
        blank=True,
        help_text=_("Set by “Schedule”; leave empty for a draft."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        get_latest_by = "created_at"
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        indexes = [
            models.Index(fields=["status", "send_at"], name="mailing_due_idx"),
        ]

    def __str__(self):
        return self.subject

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    def recipients(self):
        """The supporters this mailing goes to, as chosen; whoever
        unsubscribes or is erased meanwhile is skipped when it is sent."""
        supporters = Supporter.objects.subscribed()
        if self.countries:
            supporters = supporters.filter(
                country__in=[country.code for country in self.countries]
            )
        if self.audience:
            supporters = supporters.filter(kind=self.audience)
        if self.language:
            supporters = supporters.filter(language=self.language)
        wanted = [key for key in self.help_with.split(",") if key]
        if wanted:
            condition = Q()
            for key in wanted:
                condition |= Q(help_with__contains=key)
            supporters = supporters.filter(condition)
        return supporters

    def progress(self):
        """{status: count} of the deliveries."""
        counts = dict(
            self.deliveries.values_list("status").annotate(n=Count("id")).order_by()
        )
        return {status: counts.get(status, 0) for status in SendStatus.values}

    def is_due(self):
        return (
            self.status == self.Status.SCHEDULED
            and self.send_at is not None
            and self.send_at <= timezone.now()
        )


class Delivery(QueuedMessage):
    """One mailing to one supporter: the record that makes it exactly once."""

    mailing = models.ForeignKey(
        Mailing,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("mailing"),
    )
    supporter = models.ForeignKey(
        Supporter,
        null=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
        verbose_name=_("supporter"),
    )

    class Meta:
        ordering = ("mailing", "id")
        get_latest_by = "sent_at"
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "supporter"], name="unique_delivery_per_supporter"
            )
        ]
        indexes = [
            models.Index(fields=["mailing", "status"], name="delivery_status_idx"),
            models.Index(fields=["sent_at"], name="delivery_sent_idx"),
        ]

    def __str__(self):
        return f"{self.mailing} → {self.supporter_id}"
