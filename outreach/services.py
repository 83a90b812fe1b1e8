"""The fact sheets as PDF, rendered once and kept in storage.

A sheet is rendered with WeasyPrint the first time it is asked for, under a
name made of its figures source (the edition's identifier, or "live"), the
version of the public data (kernel.pagecache: it changes with any change to
what the public pages show) and the language; later requests are served the
stored file without rendering anything. When a sheet is rendered for a new
data version, its copies of older versions are deleted.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from kernel.pagecache import data_version

from . import selectors
from .source import LIVE, figures_source

FOLDER = "fact-sheets"


def _path(*, source_key: str, version: str, language: str, name: str) -> str:
    return f"{FOLDER}/{source_key}/{version}/{language}/{name}.pdf"


def _drop_older(*, source_key: str, version: str, language: str, name: str):
    try:
        versions, _files = default_storage.listdir(f"{FOLDER}/{source_key}")
    except FileNotFoundError:
        return
    for other in versions:
        if other == version:
            continue
        old = _path(source_key=source_key, version=other, language=language, name=name)
        if default_storage.exists(old):
            default_storage.delete(old)


def _render_pdf(template: str, context: dict, *, language: str) -> bytes:
    # Imported here: WeasyPrint loads Pango, which only the sheets need.
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(template, {**context, "LANGUAGE_CODE": language})
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf()


def _stored(*, source_key: str, language: str, name: str, render) -> str:
    version = data_version()
    path = _path(source_key=source_key, version=version, language=language, name=name)
    if default_storage.exists(path):
        return path
    content = render()
    saved = default_storage.save(path, ContentFile(content))
    if saved != path:  # another request stored the same sheet meanwhile
        default_storage.delete(saved)
    _drop_older(source_key=source_key, version=version, language=language, name=name)
    return path


def country_fact_sheet(*, iso2: str, language: str) -> str:
    """The stored path of a country's fact sheet, rendered if needed. Raises
    Country.DoesNotExist when the country is unknown or has no figures."""
    source = figures_source()

    def render() -> bytes:
        country = selectors.country_get(iso2=iso2)
        with translation.override(language):
            sheet = selectors.country_sheet(country=country, source=source)
            if not sheet.lines:
                raise type(country).DoesNotExist
            context = {
                "sheet": sheet,
                "citation": source.citation(language),
                "page_url": settings.SITE_URL.rstrip("/")
                + reverse("inventory:synthesis_country", args=[iso2]),
            }
        return _render_pdf("outreach/country_sheet.html", context, language=language)

    return _stored(
        source_key=source.key, language=language, name=f"country-{iso2}", render=render
    )


def mho_fact_sheet(*, code: str, language: str) -> str:
    """The stored path of an MHO's one-page sheet, rendered if needed. Raises
    MutualHealthOrganization.DoesNotExist unless the MHO is public."""

    def render() -> bytes:
        mho = selectors.mho_get(code=code)
        with translation.override(language):
            sheet = selectors.mho_sheet(mho=mho)
            context = {
                "sheet": sheet,
                "citation": sheet.source.citation(language),
                "page_url": settings.SITE_URL.rstrip("/")
                + reverse("inventory:mho_detail", args=[code]),
            }
        return _render_pdf("outreach/mho_sheet.html", context, language=language)

    return _stored(
        source_key=LIVE, language=language, name=f"mho-{code}", render=render
    )
