"""
The public forms: a message of solidarity and joining the campaign.

Both carry the shared spam defences (honeypot, signed start time; see
solidarity/antispam.py). Messages also get length and link limits, because
link-stuffed text is what spam looks like and a wall is no place for it.
"""

import re

from django import forms
from django.db.models import Case, Value, When
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from solidarity.antispam import SpamProtectedForm
from solidarity.widgets import QuickSelect

from .models import Appeal, SolidarityMessage, Supporter

MAX_LINKS = 2
MIN_MESSAGE_LENGTH = 2
# The "Your message is for" menu lists this many open appeals (urgent first,
# then the newest); any open appeal is accepted, and an appeal's own page
# sends its slug in a hidden field. A menu of every open appeal grows with
# the campaign's history (12,000 options made a 1.5 MB page at scale).
APPEAL_MENU_LENGTH = 50
LINK_RE = re.compile(r"https?://|www\.|\[url", re.IGNORECASE)


def count_links(text):
    return len(LINK_RE.findall(text or ""))


def reject_links(form, names):
    """Names, places and organisations never contain links; spam does."""
    for name in names:
        if count_links(form.cleaned_data.get(name)):
            form.add_error(name, _("Please leave web addresses out of this field."))


class AppealChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


def appeal_menu(field, chosen):
    """The menu's options: the first APPEAL_MENU_LENGTH open appeals, and the
    chosen one (a link's ?appeal= or a resubmitted form) wherever it falls."""
    urgent_first = Case(
        When(state=Appeal.State.URGENT, then=Value(0)), default=Value(1)
    )
    appeals = list(
        field.queryset.only("slug", "title")
        .alias(urgent_first=urgent_first)
        .order_by("urgent_first", "-published_at")[:APPEAL_MENU_LENGTH]
    )
    if chosen and chosen not in {appeal.slug for appeal in appeals}:
        appeals[:0] = field.queryset.only("slug", "title").filter(slug=chosen)[:1]
    return [("", field.empty_label)] + [
        (appeal.slug, field.label_from_instance(appeal)) for appeal in appeals
    ]


class SolidarityMessageForm(SpamProtectedForm, forms.ModelForm):
    form_id = "message"

    appeal = AppealChoiceField(
        queryset=Appeal.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("The whole campaign"),
        widget=QuickSelect,
        label=_("Your message is for"),
        error_messages={
            "invalid_choice": _(
                "We could not find that appeal (it may have "
                "closed). Choose another, or send your message to the whole campaign."
            )
        },
    )

    class Meta:
        model = SolidarityMessage
        fields = (
            "appeal",
            "author_name",
            "organisation",
            "role",
            "city",
            "country",
            "email",
            "language",
            "text",
            "show_name",
            "consent",
        )
        labels = {
            "author_name": _("Your name"),
            "organisation": _("Organisation (optional)"),
            "role": _("Your role in it (optional)"),
            "city": _("City (optional)"),
            "country": _("Country"),
            "email": _("Your email address"),
            "language": _("Language of your message"),
            "text": _("Your message"),
            "show_name": _("Show my name and organisation publicly"),
            "consent": _(
                "I agree that my message may be published on this site "
                "and handed to the targets of the campaign"
            ),
        }
        help_texts = {
            "language": "",
            "email": _(
                "Private: only the campaign's editors see it, in case "
                "they need to ask you something."
            ),
            "show_name": _(
                "Untick it if naming you could put you at risk: we "
                'will show your message as from "A supporter in" your country.'
            ),
            "text": format_lazy(
                _("Up to {length} characters and {links} links."),
                length=SolidarityMessage._meta.get_field("text").max_length,
                links=MAX_LINKS,
            ),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 8}), "country": QuickSelect}

    def __init__(self, *args, appeal=None, **kwargs):
        """`appeal`: the form sits on that appeal's page and sends its slug
        in a hidden field instead of offering the menu."""
        if appeal is not None:
            kwargs.setdefault("initial", {})["appeal"] = appeal.slug
        super().__init__(*args, **kwargs)
        field = self.fields["appeal"]
        field.queryset = Appeal.objects.published().open()
        if appeal is not None:
            field.widget = forms.HiddenInput()
        else:
            chosen = self["appeal"].value()
            field.widget.choices = appeal_menu(field, str(chosen or "")[:200])
        self.fields["country"].required = True
        self.fields["email"].required = True
        # The page's language unless the sender says otherwise.
        self.fields["language"].required = False
        self.fields["language"].initial = get_language()
        self.fields["language"].widget = QuickSelect(
            choices=self.fields["language"].choices
        )
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = _(
            "We can only publish your message with your agreement."
        )
        for name in ("author_name", "organisation", "city", "email"):
            self.fields[name].widget.attrs.setdefault(
                "autocomplete",
                {
                    "author_name": "name",
                    "organisation": "organization",
                    "city": "address-level2",
                    "email": "email",
                }[name],
            )

    def clean_language(self):
        return self.cleaned_data["language"] or get_language()

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(text) < MIN_MESSAGE_LENGTH:
            raise forms.ValidationError(_("Please write your message."))
        if count_links(text) > MAX_LINKS:
            raise forms.ValidationError(
                _("Please include at most %(links)s web addresses in your message.")
                % {"links": MAX_LINKS}
            )
        return text

    def clean(self):
        cleaned_data = super().clean()
        reject_links(self, ("author_name", "organisation", "role", "city", "language"))
        return cleaned_data


class SupporterForm(SpamProtectedForm, forms.ModelForm):
    form_id = "join"

    help_with = forms.MultipleChoiceField(
        choices=Supporter.Help.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("How would you like to help?"),
    )

    class Meta:
        model = Supporter
        fields = (
            "kind",
            "name",
            "email",
            "country",
            "city",
            "organisation",
            "organisation_type",
            "help_with",
            "message",
            "consent",
        )
        labels = {
            "kind": _("Joining as"),
            "name": _("Your name"),
            "email": _("Your email address"),
            "country": _("Country"),
            "city": _("City (optional)"),
            "organisation": _("Organisation"),
            "organisation_type": _("Type of organisation"),
            "message": _("Anything else you want to tell us (optional)"),
            "consent": _(
                "I agree that the campaign may keep these details and "
                "contact me about its work"
            ),
        }
        help_texts = {
            "organisation": _(
                "Required when an organisation affiliates; "
                "optional for a person (your union, society or branch)."
            ),
            "email": _("We send a link to confirm it. Never shown on the site."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "country": QuickSelect,
            "organisation_type": QuickSelect,
            "message": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["consent"].required = True
        self.fields["consent"].error_messages["required"] = _(
            "We can only keep your details with your agreement."
        )
        self.fields["organisation_type"].choices = [
            ("", _("Choose one (for organisations)")),
            *Supporter.OrganisationType.choices,
        ]

    def clean_help_with(self):
        return ",".join(self.cleaned_data["help_with"])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def _get_validation_exclusions(self):
        # Someone joining twice is not an error shown to the public (that
        # would tell anyone whether an address is on our list), so the model
        # does not check the unique email; the view handles an existing
        # address quietly. The form field has already checked its format.
        return {*super()._get_validation_exclusions(), "email"}

    def clean(self):
        cleaned_data = super().clean()
        kind = cleaned_data.get("kind")
        if kind == Supporter.Kind.ORGANISATION:
            if not cleaned_data.get("organisation"):
                self.add_error("organisation", _("Give the name of the organisation."))
            if not cleaned_data.get("organisation_type"):
                self.add_error(
                    "organisation_type", _("Say what kind of organisation it is.")
                )
        reject_links(self, ("name", "organisation", "city"))
        if count_links(cleaned_data.get("message")) > MAX_LINKS:
            self.add_error(
                "message",
                _("Please include at most %(links)s web addresses in your message.")
                % {"links": MAX_LINKS},
            )
        return cleaned_data


class UnsubscribeForm(SpamProtectedForm):
    """The button on the unsubscribe page. The signed link is the authority
    (it reached the supporter's mailbox), so there is no minimum time; the
    honeypot and the origin check still apply."""

    form_id = "unsubscribe"
    min_seconds = 0
