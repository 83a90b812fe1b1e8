from django import template
from django.utils.translation import gettext

from concertation.admin_phrases import phrases_for

register = template.Library()


@register.filter
def admin_add_label(opts) -> str:
    """ "Add a news item" for the model of ``opts``, agreed in every language."""
    phrases = phrases_for(opts)
    if phrases is not None:
        return str(phrases.add)
    return gettext("Add %(name)s") % {"name": opts.verbose_name}
