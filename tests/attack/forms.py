"""Read an HTML form the way a browser would submit it, so tests can post
any field directly (not only what the widgets would send)."""

from html.parser import HTMLParser


class FormReader(HTMLParser):
    def __init__(self, form_id=None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = form_id is None
        self.data = {}
        self.select = None
        self.multiple = False
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.form_id is not None:
            self.in_form = a.get("id") == self.form_id
        if not self.in_form or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.data[name] = a.get("value", "on" if kind == "checkbox" else "")
        elif tag == "select":
            self.select = name
            self.multiple = "multiple" in a
        elif tag == "textarea":
            self.textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "form" and self.form_id is not None:
            self.in_form = False
        if tag == "select":
            self.select = None
        if tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


class _OptionAware(FormReader):
    def handle_starttag(self, tag, attrs):
        if tag == "option" and self.select:
            a = dict(attrs)
            value = a.get("value", "")
            if self.multiple:
                if "selected" in a:
                    self.data.setdefault(self.select, []).append(value)
            elif "selected" in a or self.select not in self.data:
                self.data[self.select] = value
            return
        super().handle_starttag(tag, attrs)


def read_form(content, form_id=None):
    """The name -> value pairs a browser would submit for this form."""
    reader = _OptionAware(form_id)
    reader.feed(content.decode() if isinstance(content, bytes) else content)
    return reader.data
