"""Admin sentences that name a model, written whole for each model.

Django's admin builds "Add %(name)s" and "Delete selected %(verbose_name_plural)s"
around a model's name, which no language with genders can translate once for
every model: French needs « Ajouter une actualité » but « Ajouter un
événement », « les actualités sélectionnées » but « les événements
sélectionnés ». Here each model has its own sentences; their translation
context is the model's English name, so translators (and the catalogue test)
know which noun the words agree with.

``phrases_apply`` gives every registered model admin its sentences: the delete
action's label, and the title of the add page; the list's add button reads
them through the ``admin_add_label`` template filter.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.utils.functional import Promise
from django.utils.translation import gettext_noop, pgettext_lazy


@dataclass(frozen=True)
class ModelPhrases:
    add: Promise
    delete_selected: Promise


PHRASES: dict[str, ModelPhrases] = {
    "auth.group": ModelPhrases(
        pgettext_lazy("group", "Add a group"),
        pgettext_lazy("group", "Delete selected groups"),
    ),
    "axes.accessattempt": ModelPhrases(
        pgettext_lazy("access attempt", "Add an access attempt"),
        pgettext_lazy("access attempt", "Delete selected access attempts"),
    ),
    "axes.accesslog": ModelPhrases(
        pgettext_lazy("access log", "Add an access log"),
        pgettext_lazy("access log", "Delete selected access logs"),
    ),
    "axes.accessfailurelog": ModelPhrases(
        pgettext_lazy("access failure", "Add an access failure"),
        pgettext_lazy("access failure", "Delete selected access failures"),
    ),
    "concertation.user": ModelPhrases(
        pgettext_lazy("user", "Add a user"),
        pgettext_lazy("user", "Delete selected users"),
    ),
    "organizations.country": ModelPhrases(
        pgettext_lazy("country", "Add a country"),
        pgettext_lazy("country", "Delete selected countries"),
    ),
    "organizations.organization": ModelPhrases(
        pgettext_lazy("organization", "Add an organization"),
        pgettext_lazy("organization", "Delete selected organizations"),
    ),
    "organizations.focalpoint": ModelPhrases(
        pgettext_lazy("focal point", "Add a focal point"),
        pgettext_lazy("focal point", "Delete selected focal points"),
    ),
    "organizations.nationalcommittee": ModelPhrases(
        pgettext_lazy(
            "national concertation committee", "Add a national concertation committee"
        ),
        pgettext_lazy(
            "national concertation committee",
            "Delete selected national concertation committees",
        ),
    ),
    "organizations.governancerole": ModelPhrases(
        pgettext_lazy("governance role", "Add a governance role"),
        pgettext_lazy("governance role", "Delete selected governance roles"),
    ),
    "inventory.mutualhealthorganization": ModelPhrases(
        pgettext_lazy("mutual health organization", "Add a mutual health organization"),
        pgettext_lazy(
            "mutual health organization", "Delete selected mutual health organizations"
        ),
    ),
    "inventory.yearlyrecord": ModelPhrases(
        pgettext_lazy("yearly record", "Add a yearly record"),
        pgettext_lazy("yearly record", "Delete selected yearly records"),
    ),
    "inventory.mhomanagement": ModelPhrases(
        pgettext_lazy("MHO manager", "Add an MHO manager"),
        pgettext_lazy("MHO manager", "Delete selected MHO managers"),
    ),
    "inventory.supportdelegation": ModelPhrases(
        pgettext_lazy(
            "support-organization delegate", "Add a support-organization delegate"
        ),
        pgettext_lazy(
            "support-organization delegate",
            "Delete selected support-organization delegates",
        ),
    ),
    "inventory.campaign": ModelPhrases(
        pgettext_lazy("campaign", "Add a campaign"),
        pgettext_lazy("campaign", "Delete selected campaigns"),
    ),
    "inventory.campaignreminder": ModelPhrases(
        pgettext_lazy("campaign reminder", "Add a campaign reminder"),
        pgettext_lazy("campaign reminder", "Delete selected campaign reminders"),
    ),
    "newsletter.issue": ModelPhrases(
        pgettext_lazy("newsletter issue", "Add a newsletter issue"),
        pgettext_lazy("newsletter issue", "Delete selected newsletter issues"),
    ),
    "newsletter.news": ModelPhrases(
        pgettext_lazy("news item", "Add a news item"),
        pgettext_lazy("news item", "Delete selected news items"),
    ),
    "newsletter.subscription": ModelPhrases(
        pgettext_lazy("subscription", "Add a subscription"),
        pgettext_lazy("subscription", "Delete selected subscriptions"),
    ),
    "newsletter.dispatch": ModelPhrases(
        pgettext_lazy("dispatch", "Add a dispatch"),
        pgettext_lazy("dispatch", "Delete selected dispatches"),
    ),
    "newsletter.delivery": ModelPhrases(
        pgettext_lazy("delivery", "Add a delivery"),
        pgettext_lazy("delivery", "Delete selected deliveries"),
    ),
    "forum.event": ModelPhrases(
        pgettext_lazy("event", "Add an event"),
        pgettext_lazy("event", "Delete selected events"),
    ),
    "forum.forumedition": ModelPhrases(
        pgettext_lazy("forum edition", "Add a forum edition"),
        pgettext_lazy("forum edition", "Delete selected forum editions"),
    ),
    "forum.proceedingsdocument": ModelPhrases(
        pgettext_lazy("proceedings document", "Add a proceedings document"),
        pgettext_lazy("proceedings document", "Delete selected proceedings documents"),
    ),
    "editions.edition": ModelPhrases(
        pgettext_lazy("edition", "Add an edition"),
        pgettext_lazy("edition", "Delete selected editions"),
    ),
    "editions.referencefigure": ModelPhrases(
        pgettext_lazy("reference figure", "Add a reference figure"),
        pgettext_lazy("reference figure", "Delete selected reference figures"),
    ),
    "resources.theme": ModelPhrases(
        pgettext_lazy("theme", "Add a theme"),
        pgettext_lazy("theme", "Delete selected themes"),
    ),
    "resources.resource": ModelPhrases(
        pgettext_lazy("resource", "Add a resource"),
        pgettext_lazy("resource", "Delete selected resources"),
    ),
}


# Django's own sentences around a model's name, translated again in the
# portal's catalogue (which comes first): the stock French elides wrongly
# (« Modification de événement », « Ajout de actualité »). Listed here so that
# makemessages keeps them.
DJANGO_SENTENCES = (
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
)


def phrases_for(opts) -> ModelPhrases | None:
    return PHRASES.get(opts.label_lower)


def _delete_action(description):
    def delete_selected(modeladmin, request, queryset):
        return django_delete_selected(modeladmin, request, queryset)

    return admin.action(permissions=["delete"], description=description)(
        delete_selected
    )


def _titled_add_view(add_view, title):
    def view(request, form_url="", extra_context=None):
        return add_view(request, form_url, {"title": title, **(extra_context or {})})

    return view


def phrases_apply(site) -> None:
    """Give each registered model admin its own delete action label (it
    replaces the site-wide action of the same name) and add page title."""
    for model, model_admin in site._registry.items():
        phrases = phrases_for(model._meta)
        if phrases is None:
            continue
        if model_admin.actions is not None:
            model_admin.actions = [
                _delete_action(phrases.delete_selected),
                *model_admin.actions,
            ]
        model_admin.add_view = _titled_add_view(model_admin.add_view, phrases.add)
