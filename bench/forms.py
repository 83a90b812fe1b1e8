"""Reading an HTML form's fields as a browser would submit them, and cookies."""

from html.parser import HTMLParser
from urllib.parse import urlencode


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms, self.form, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action"),
                "fields": [],
            }
            self.forms.append(self.form)
        if self.form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.form["fields"].append((name, attrs.get("value") or "on"))
                return
            self.form["fields"].append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self.select = {"name": name, "first": None, "selected": None}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value") or ""
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["selected"] = value
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None:
            chosen = self.select["selected"]
            if chosen is None:
                chosen = self.select["first"] or ""
            self.form["fields"].append((self.select["name"], chosen))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.form["fields"].append(tuple(self.textarea))
            self.textarea = None
        elif tag == "form":
            self.form = None


def post_form(html: str, having: str) -> list[tuple[str, str]]:
    """The fields of the first POST form with a field named ``having``."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if form["method"] == "post" and any(n == having for n, _ in form["fields"]):
            return list(form["fields"])
    raise LookupError(f"no POST form with a field {having!r}")


def encode(fields) -> bytes:
    return urlencode(fields).encode()


def cookies_update(jar: dict, response) -> None:
    for header in response.headers.get_all("Set-Cookie") or []:
        pair = header.split(";", 1)[0]
        name, _, value = pair.partition("=")
        jar[name.strip()] = value.strip()


def cookie_header(jar: dict) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())
