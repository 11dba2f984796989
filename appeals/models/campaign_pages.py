"""The editable text of the join and donate pages, and the campaign's
identity (name, tagline, logo, accent colour, footer, social links)."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

from solidarity import renditions
from solidarity.images import PictureField
from solidarity.models import TimeStampedModel
from solidarity.sanitize import EDITOR_EXTENSIONS, clean_html

from ..colours import AA_NORMAL_TEXT, HEX_COLOUR, WHITE, contrast_ratio

# The identity a fresh install starts with, stored in English: pages show
# each in their own language until an editor writes something else.
DEFAULT_NAME = gettext_noop("Solidarity")
DEFAULT_TAGLINE = gettext_noop("International solidarity campaign")
DEFAULT_FOOTER_TEXT = gettext_noop("International solidarity campaign.")


class CampaignPage(TimeStampedModel):
    """The editable text of the join and donate pages."""

    class Key(models.TextChoices):
        JOIN = "join", _("Join / affiliate")
        DONATE = "donate", _("Donate")

    key = models.CharField(max_length=10, choices=Key, verbose_name=_("page"))
    title = models.CharField(max_length=200, verbose_name=_("title"))
    body = ProseEditorField(
        blank=True,
        extensions=EDITOR_EXTENSIONS,
        sanitize=clean_html,
        verbose_name=_("text"),
    )
    link_url = models.URLField(
        _("external link"),
        blank=True,
        help_text=_("For the donate page: the campaign's donation page elsewhere."),
    )
    link_label = models.CharField(
        max_length=100, blank=True, verbose_name=_("link label")
    )
    source_key = models.CharField(max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = _("campaign page")
        verbose_name_plural = _("campaign pages")
        ordering = ("key",)
        constraints = [
            models.UniqueConstraint(fields=["key"], name="unique_campaign_page_key")
        ]

    def __str__(self):
        return self.get_key_display()

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)


def validate_accent(value):
    """White text on the accent (header, buttons) and the accent on white
    (links) must both reach WCAG AA contrast."""
    if not HEX_COLOUR.match(value):
        return  # the format validator says what is wrong
    ratio = contrast_ratio(value, WHITE)
    if ratio < AA_NORMAL_TEXT:
        raise ValidationError(
            _(
                "White text on %(colour)s, and %(colour)s text on white, have a "
                "contrast of %(ratio)s:1; at least %(needed)s:1 is needed so "
                "everyone can read them. Choose a darker colour."
            ),
            code="low_contrast",
            params={
                "colour": value,
                "ratio": f"{ratio:.2f}",
                "needed": AA_NORMAL_TEXT,
            },
        )


def validate_social_links(value):
    """One web address per line (http or https)."""
    check = URLValidator(schemes=["http", "https"])
    for line in value.splitlines():
        if line.strip():
            try:
                check(line.strip())
            except ValidationError:
                raise ValidationError(
                    _("“%(line)s” is not a web address (https://…)."),
                    code="invalid_link",
                    params={"line": line.strip()[:100]},
                ) from None


class SiteIdentity(TimeStampedModel):
    """The campaign's identity, one row (pk 1) that editors change in the
    admin. Pages read it through appeals.context_processors.identity; a
    fresh install has the row the migration made, or these defaults."""

    SINGLETON_PK = 1

    name = models.CharField(
        _("name"),
        max_length=100,
        default=DEFAULT_NAME,
        help_text=_("The campaign's name, at the top of every page and in titles."),
    )
    tagline = models.CharField(
        _("tagline"),
        max_length=200,
        blank=True,
        default=DEFAULT_TAGLINE,
        help_text=_("One short line under the name, and the pages' description."),
    )
    logo = PictureField(
        _("logo"),
        blank=True,
        icons=True,
        width_field="logo_width",
        height_field="logo_height",
        help_text=_(
            "A PNG, JPEG, GIF or WebP picture (SVG drawings are not accepted), "
            "shown next to the name."
        ),
    )
    logo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    accent = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#b00020",
        validators=[
            RegexValidator(
                HEX_COLOUR, _("Write the colour as # and six hex digits: #b00020.")
            ),
            validate_accent,
        ],
        help_text=_(
            "The colour of the header, buttons and links, as #rrggbb. It must "
            "be dark enough for white text on it to be easy to read."
        ),
    )
    footer_text = models.TextField(
        _("footer text"),
        blank=True,
        default=DEFAULT_FOOTER_TEXT,
        help_text=_("A line or two at the foot of every page."),
    )
    social_links = models.TextField(
        _("social links"),
        blank=True,
        validators=[validate_social_links],
        help_text=_(
            "The campaign's pages elsewhere (Mastodon, Facebook, Instagram…), "
            "one web address per line."
        ),
    )
    social_image = PictureField(
        _("default social image"),
        blank=True,
        width_field="social_image_width",
        height_field="social_image_height",
        help_text=_(
            "Shown when a page is shared and has no picture of its own: "
            "1200 × 630 pixels works everywhere."
        ),
    )
    social_image_width = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )
    social_image_height = models.PositiveIntegerField(
        null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("site identity")
        verbose_name_plural = _("site identity")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="site_identity_singleton")
        ]

    def __str__(self):
        return gettext("Site identity: %(name)s") % {"name": self.name}

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_PK
        if self.created_at is None:
            # A new object replaces the row: the update Django tries first
            # must not write an empty creation time.
            self.created_at = timezone.now()
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        """The row, or an unsaved one with the defaults."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(
            pk=cls.SINGLETON_PK
        )

    def icons(self):
        """{"32": URL, "180": …, "192": …, "512": …}: the favicon and app
        icons made from the logo when it was saved; empty without a logo
        (the default /favicon.ico serves)."""
        if not self.logo:
            return {}
        return {str(size): url for size, url in renditions.icons(self.logo).items()}

    def _shown(self, field):
        """The field as pages show it: the built-in default in the page's
        language (it is stored in English), anything an editor wrote as
        written."""
        value = getattr(self, field)
        if value and value == self._meta.get_field(field).default:
            return gettext(value)
        return value

    @property
    def shown_name(self):
        return self._shown("name") or gettext(DEFAULT_NAME)

    @property
    def shown_tagline(self):
        return self._shown("tagline")

    @property
    def shown_footer_text(self):
        return self._shown("footer_text")

    def social_link_list(self):
        """[(site name, address)] for the footer: the host without "www."."""
        links = []
        for line in self.social_links.splitlines():
            url = line.strip()
            if url:
                links.append((urlsplit(url).hostname.removeprefix("www."), url))
        return links
