"""QuickSelect renders what Django's Select renders, only faster."""

from html.parser import HTMLParser

from django import forms

from solidarity.widgets import QuickSelect


class Elements(HTMLParser):
    """The elements, attributes and text of a fragment, whitespace aside."""

    def __init__(self, markup):
        super().__init__()
        self.items = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.items.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.items.append(("/" + tag,))

    def handle_data(self, data):
        if data.strip():
            self.items.append(("text", data.strip()))


CHOICES = [
    ("", "Any country"),
    ("IE", "Ireland"),
    ("CI", "Côte d’Ivoire"),
    ('"><script>', "<b>Bold & 'quoted'</b>"),
    ("Europe", [("Europe/Dublin", "Dublin"), ("Europe/Paris", "Paris")]),
]


def render_both(value, attrs=None):
    ours = QuickSelect(choices=CHOICES).render("where", value, attrs)
    django = forms.Select(choices=CHOICES).render("where", value, attrs)
    return ours, django


def test_same_elements_as_djangos_select():
    attrs = {"id": "id_where", "required": True, "aria-describedby": "help"}
    for value in ("", "IE", "Europe/Paris", None, "unknown"):
        ours, django = render_both(value, attrs)
        assert Elements(ours).items == Elements(django).items


def test_selected_and_escaped():
    ours, _ = render_both("Europe/Dublin")
    assert '<option value="Europe/Dublin" selected>Dublin</option>' in ours
    assert '<optgroup label="Europe">' in ours
    assert "<script>" not in ours and "<b>" not in ours
    assert "&lt;b&gt;Bold &amp; &#x27;quoted&#x27;&lt;/b&gt;" in ours
    assert 'value="&quot;&gt;&lt;script&gt;"' in ours


def test_a_form_field_uses_it_like_any_widget():
    class Form(forms.Form):
        where = forms.ChoiceField(choices=CHOICES[:3], widget=QuickSelect)

    html = str(Form({"where": "CI"})["where"])
    assert html.startswith('<select name="where"')
    assert 'id="id_where"' in html and "required" in html
    assert '<option value="CI" selected>Côte d’Ivoire</option>' in html
