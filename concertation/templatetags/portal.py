import re

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """This page in each language, for the language switcher."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name": info["name_local"].capitalize(),
                "url": translate_url(path, code),
            }
        )
    return links


# The separators after which an address or a code may wrap: never inside a word.
_SEPARATORS = re.compile(r"([@./_-])")
# Several numbers in one field are written "+225 22 42 82 82 / +225 05 96 24 41".
_PHONE_SPLIT = re.compile(r"\s*[/;,]\s*")


@register.filter(needs_autoescape=True)
def breakable(value, autoescape=True):
    """An e-mail address, web address or code that may wrap on a narrow
    screen at its separators only (a <wbr> after each of @ . / _ -)."""
    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(_SEPARATORS.sub(r"\1<wbr>", text))


@register.filter
def phone_links(value):
    """Each telephone number of the field as a tap-to-call link, kept on one
    line."""
    links = []
    for number in _PHONE_SPLIT.split(str(value).strip()):
        digits = re.sub(r"[^\d+]", "", number)
        if len(digits.lstrip("+")) < 4:  # not a number: shown as it is
            links.append(conditional_escape(number))
        else:
            shown = number.replace(" ", "\u00a0")
            links.append(format_html('<a href="tel:{}">{}</a>', digits, shown))
    return mark_safe(" / ".join(links))
