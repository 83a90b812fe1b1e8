"""A shared XSS corpus and a checker for rendered HTML.

Usage in any app's tests::

    from tests.xss import assert_no_active_content, load_payloads

    @pytest.mark.parametrize("payload", load_payloads())
    def test_title_is_inert(client, payload):
        ...
        assert_no_active_content(response.content.decode())

``assert_no_active_content`` parses the HTML with Python's html.parser (so
entity-encoded and oddly spaced attributes are seen as a browser sees them)
and fails on: a script-capable element (script, iframe, object, embed, …),
any ``on*`` event-handler attribute, a URL attribute whose scheme is
``javascript:``, ``vbscript:`` or ``data:`` (except the empty ``data:,``
favicon of the base template), CSS ``expression(``/``javascript:`` in a style
attribute, and a ``<meta http-equiv=refresh>``. Escaped text such as
``&lt;script&gt;`` or the words "onerror=" in a paragraph are not active and
pass.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

PAYLOADS_FILE = Path(__file__).with_name("xss_payloads.txt")

FORBIDDEN_ELEMENTS = {
    "applet",
    "base",
    "embed",
    "frame",
    "frameset",
    "iframe",
    "object",
    "script",
}
URL_ATTRIBUTES = {
    "action",
    "background",
    "cite",
    "code",
    "codebase",
    "data",
    "dynsrc",
    "formaction",
    "href",
    "icon",
    "longdesc",
    "lowsrc",
    "manifest",
    "ping",
    "poster",
    "src",
    "srcdoc",
    "srcset",
    "to",
    "usemap",
    "values",
    "xlink:href",
}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
HARMLESS_URLS = {"data:,"}  # the base template's empty favicon
# Browsers drop ASCII whitespace and control characters inside a URL scheme.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def load_payloads() -> list[str]:
    """The corpus, one payload per entry (``\\n`` in the file is a line break)."""
    payloads = []
    for line in PAYLOADS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("# "):
            continue
        payloads.append(line.replace("\\n", "\n"))
    return payloads


def _active_url(value: str) -> bool:
    compact = _INVISIBLE.sub("", value).lower()
    if compact in HARMLESS_URLS:
        return False
    # srcset and similar lists: check every candidate.
    candidates = [compact] + [part for part in re.split(r"[,;]", compact) if part]
    return any(
        candidate.startswith(DANGEROUS_SCHEMES) or "url=javascript:" in candidate
        for candidate in candidates
    )


class _ActiveContentFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_comment(self, data):
        if "<script" in data.lower() or data.lstrip().startswith("[if"):
            self.problems.append(f"conditional or script comment: {data[:60]!r}")

    def _check(self, tag, attrs):
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        attributes = {name.lower(): value or "" for name, value in attrs}
        for name, value in attributes.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            elif name in URL_ATTRIBUTES and _active_url(value):
                self.problems.append(f"<{tag} {name}={value[:60]!r}> active URL")
            elif name == "style":
                compact = _INVISIBLE.sub("", value).lower()
                if "expression(" in compact or "javascript:" in compact:
                    self.problems.append(f"<{tag} style={value[:60]!r}>")
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")


def find_active_content(html: str) -> list[str]:
    """Every active piece found in ``html`` (empty when it is inert)."""
    finder = _ActiveContentFinder()
    finder.feed(html)
    finder.close()
    problems = finder.problems
    if "<script" in html.lower():  # belt and braces, whatever the parser did
        problems.append("the text '<script' appears unescaped")
    return problems


def assert_no_active_content(html: str) -> None:
    """Fail with the list of active pieces found in ``html``."""
    problems = find_active_content(html)
    assert not problems, "active content in HTML:\n" + "\n".join(problems)
