"""What a browser would submit from a page's form, read from its HTML.

The permission matrix resubmits the admin's own forms as the secretariat sees
them, so that a POST is valid and a refusal is a real refusal.
"""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None  # (name, multiple, values, first option)
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "select" and attrs.get("name"):
            self._select = [attrs["name"], "multiple" in attrs, [], None]
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._select[3] is None:
                self._select[3] = value
            if "selected" in attrs:
                self._select[2].append(value)
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = [attrs["name"], ""]

    def _input(self, attrs):
        name, kind = attrs.get("name"), attrs.get("type", "text").lower()
        if not name or kind in {"submit", "button", "image", "reset", "file"}:
            return
        if kind in {"checkbox", "radio"} and "checked" not in attrs:
            return
        self._form["fields"].append(
            (name, attrs.get("value", "on" if kind in {"checkbox", "radio"} else ""))
        )

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            name, multiple, values, first = self._select
            if not values and not multiple and first is not None:
                values = [first]
            self._form["fields"].extend((name, value) for value in values)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._form["fields"].append((name, text.removeprefix("\n")))
            self._textarea = None


def form_data(html: str, *, form_id: str | None = None) -> dict[str, list[str]]:
    """The fields of the form ``form_id`` (or of the largest POST form), as
    the test client takes them: name -> list of values. Fields of the empty
    formset template (``__prefix__``) are left out, as a browser's script
    would."""
    reader = _FormReader()
    reader.feed(html)
    forms = [f for f in reader.forms if f["attrs"].get("method", "").lower() == "post"]
    if form_id is not None:
        forms = [f for f in forms if f["attrs"].get("id") == form_id] or forms
    if not forms:
        return {}
    chosen = max(forms, key=lambda f: len(f["fields"]))
    data: dict[str, list[str]] = {}
    for name, value in chosen["fields"]:
        if "__prefix__" not in name:
            data.setdefault(name, []).append(value)
    return data
