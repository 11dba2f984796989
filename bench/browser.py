"""A public form read and sent as a browser does, for the load scripts: the
form's own fields as the page carries them (hidden ones, ticked boxes,
selected options), the visitor's values over them, and the headers a
browser adds to a same-site POST (Origin, Sec-Fetch-Site, the cookie if the
page set one)."""

from html.parser import HTMLParser

# The forms refuse a post sooner than 2 s after they were rendered.
TIME_TRAP = 2.1


class FormReader(HTMLParser):
    """The successful controls of the first form posting to `action`."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.found = action, False, False
        self.fields, self.select, self.textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("action") == self.action and not self.found:
            self.inside = self.found = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields[name] = attrs.get("value", "on")
            elif kind not in ("submit", "button", "file"):
                self.fields[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self.select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.fields[self.select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.fields[name] = ""

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # The parser keeps the newline a browser drops after <textarea>.
            self.fields[self.textarea] = self.fields[self.textarea].removeprefix("\n")
            self.textarea = None
        elif tag == "form" and self.inside:
            self.inside = False


def filled_form(html, action, values):
    """The fields a browser would post from the form to `action` in `html`
    (bytes) once `values` are typed in, or None if the page has no such
    form."""
    reader = FormReader(action)
    reader.feed(html.decode())
    return {**reader.fields, **values} if reader.found else None


def post_headers(site, page_path, page_response):
    """A browser's headers for posting a form it got from `page_path`."""
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Origin": site,
        "Referer": site + page_path,
        "Sec-Fetch-Site": "same-origin",
    }
    cookie = page_response.getheader("Set-Cookie")
    if cookie:
        headers["Cookie"] = cookie.split(";")[0]
    return headers
