"""The years the public inventory offers, and the one it shows by default.

Which years are public, final or provisional is one rule for every page, read
from the Africa-wide synthesis rows (``opendata.selectors_years``). The
inventory imports nothing of the open data: that app hands its rule over here
when it is ready (``public_years_use``), and the inventory's pages ask for it
through ``public_years``. Without the open-data app, no year is public.
"""

from collections.abc import Callable

_source: Callable | None = None


def public_years_use(source: Callable) -> None:
    """Take ``source()`` as the public years (an object with ``years``,
    ``default`` and ``get(year)``, see ``opendata.selectors_years``)."""
    global _source
    _source = source


def public_years():
    """The public years, as the synthesis has them."""
    if _source is None:
        raise LookupError("No app gives the public years (opendata not installed).")
    return _source()
