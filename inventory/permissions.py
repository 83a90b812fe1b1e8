"""Who may do what in the inventory: the one place querysets, services, views,
templates and the admin ask.

Two kinds of power:

- **Roles over some MHOs**: an approved manager edits their MHO, an approved
  delegate the MHOs their organization supports, a focal point's reviewer
  accounts review their country (``FocalPoint.reviewers``).
- **Powers over every MHO**, given by explicit permissions (``YearlyRecord``'s
  ``Meta.permissions``, granted to the Secretariat group), never by
  ``is_staff`` alone, which only opens the admin's door.

And one rule above both, **four eyes**: nobody decides on their own request
to manage an MHO or act for an organization, nor on an MHO they registered,
and nobody validates a record they submitted or changed since its last
validation. Someone else must: another focal point of the country or the
secretariat. Returning a record to its managers publishes nothing, so anyone
who reviews it may return it, its submitter included (a focal point who
submitted by mistake takes the record back that way).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from kernel.permissions import has_permission
from kernel.permissions import is_active_user as is_active_user
from organizations.permissions import (
    country_reviewers,
    is_focal_point_reviewer,
    reviews_for_country,
)
from organizations.permissions import review_countries as review_countries

REVIEW_EVERY_COUNTRY = "inventory.review_record"
EDIT_EVERY_MHO = "inventory.edit_any_record"
REVERT_RECORD = "inventory.revert_record"
# Requests to act for a support organization are decided in the admin.
DECIDE_DELEGATIONS = "inventory.change_supportdelegation"

# (codename, description) for YearlyRecord.Meta.permissions.
RECORD_PERMISSIONS = [
    (
        "review_record",
        "Can review in every country: validate or return records, approve new "
        "mutuals and requests to manage them",
    ),
    (
        "edit_any_record",
        "Can edit the records of every mutual, in any year, even once submitted "
        "or validated",
    ),
    ("revert_record", "Can restore an earlier version of a record"),
]

# History rows that are not changes of the record by their author: a return
# only sends the record back to its managers with a comment.
_REVIEW_REASONS = ("returned",)


class SecondPersonRequired(PermissionDenied):
    """The user is the person concerned: someone else must act.

    ``message`` says who, in the active language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def reviews_every_country(user) -> bool:
    return has_permission(user, REVIEW_EVERY_COUNTRY)


def edits_every_mho(user) -> bool:
    return has_permission(user, EDIT_EVERY_MHO)


def may_revert(user) -> bool:
    return has_permission(user, REVERT_RECORD)


def decides_delegations(user) -> bool:
    return has_permission(user, DECIDE_DELEGATIONS)


def is_reviewer(user) -> bool:
    """Reviews somewhere: every country, or a focal point's country."""
    return reviews_every_country(user) or is_focal_point_reviewer(user)


def reviews_country(user, country) -> bool:
    """Reviews ``country``: one of its focal points' reviewers, or the
    secretariat (its dashboard, its reminders)."""
    return reviews_every_country(user) or reviews_for_country(user, country)


# --- object-level ------------------------------------------------------------


def can_edit(*, user, mho) -> bool:
    """Edits ``mho``'s records (``MHOQuerySet.editable_by``)."""
    from .models import MutualHealthOrganization

    return MutualHealthOrganization.objects.editable_by(user).filter(pk=mho.pk).exists()


def can_review(*, user, mho) -> bool:
    """Reviews ``mho``'s records and requests (``MHOQuerySet.reviewable_by``)."""
    from .models import MutualHealthOrganization

    return (
        MutualHealthOrganization.objects.reviewable_by(user).filter(pk=mho.pk).exists()
    )


def record_editable(*, record, user) -> bool:
    """The record's form is open to the user: it is not locked (submitted or
    validated), or the user edits every MHO in any state."""
    return not record.is_locked or edits_every_mho(user)


def is_submitter(*, record, user) -> bool:
    return record.submitted_by_id is not None and record.submitted_by_id == user.pk


def is_requester(*, request, user) -> bool:
    """``request`` (to manage an MHO, to act for an organization) is the user's."""
    return request.user_id == user.pk


def is_registrant(*, mho, user) -> bool:
    """The user registered ``mho``."""
    return mho.created_by_id is not None and mho.created_by_id == user.pk


# --- four eyes ---------------------------------------------------------------


def record_changed_by(user):
    """A condition on YearlyRecord: ``user`` submitted the record or wrote a
    history row of it (a draft, a submission, an import, an admin save, a
    revert...) after its last validated version."""
    from .models import YearlyRecord

    history = YearlyRecord.history.model
    last_validation = (
        history.objects.filter(id=OuterRef(OuterRef("pk")), state="validated")
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    since = (
        history.objects.filter(id=OuterRef("pk"), history_user=user)
        .exclude(history_change_reason__in=_REVIEW_REASONS)
        .filter(history_id__gt=Coalesce(Subquery(last_validation), Value(0)))
    )
    return Q(submitted_by=user) | Exists(since)


def record_needs_other_reviewer(*, record, user) -> bool:
    from .models import YearlyRecord

    if record.pk is None:
        return True
    mine = YearlyRecord.objects.filter(pk=record.pk).filter(record_changed_by(user))
    return mine.exists()


def _other_reviewers_of(country, user) -> bool:
    return country_reviewers(country).exclude(pk=user.pk).exists()


def who_else(*, country, user) -> str:
    """Who may act instead of ``user`` on a matter of ``country``: its other
    focal points (if it has any) or the technical secretariat."""
    if reviews_every_country(user):
        secretariat = _("another member of the technical secretariat")
    else:
        secretariat = _("the technical secretariat")
    if not _other_reviewers_of(country, user):
        return secretariat
    if reviews_for_country(user, country):
        focal = _("another focal point of %(country)s") % {"country": country.name}
    else:
        focal = _("a focal point of %(country)s") % {"country": country.name}
    return _("%(focal_point)s or %(secretariat)s") % {
        "focal_point": focal,
        "secretariat": secretariat,
    }


def record_second_reviewer_message(*, record, user) -> str:
    return _(
        "A second reviewer must validate this record: %(who)s. You submitted it "
        "or changed it since its last validation."
    ) % {"who": who_else(country=record.mho.country, user=user)}


def record_second_reviewer(*, record, user) -> str:
    """For a submitted record: who must validate it instead of ``user``, or ""
    when the user may validate it."""
    if record.state != "submitted":
        return ""
    if not record_needs_other_reviewer(record=record, user=user):
        return ""
    return record_second_reviewer_message(record=record, user=user)


def record_check_validator(*, record, user) -> None:
    """Refuse a validation by someone who submitted or changed the record."""
    if record_needs_other_reviewer(record=record, user=user):
        raise SecondPersonRequired(
            record_second_reviewer_message(record=record, user=user)
        )


def record_check_validated_write(
    *, record, user, was_validated: bool, figures_changed: bool
) -> None:
    """Check a write that leaves ``record`` validated (the admin's forms, a
    revert): whoever changes validated figures has them validated by someone
    else, and whoever validates did not submit or change the record."""
    if record.state != "validated":
        return
    if figures_changed:
        raise SecondPersonRequired(
            _(
                "You changed the figures of this record: a second reviewer must "
                "validate them: %(who)s. Save it as submitted."
            )
            % {"who": who_else(country=record.mho.country, user=user)}
        )
    if not was_validated:
        record_check_validator(record=record, user=user)


def mho_check_decider(*, mho, user) -> None:
    """A reviewer of the MHO's country decides on it, never the person who
    registered it."""
    if not can_review(user=user, mho=mho):
        raise PermissionDenied
    if is_registrant(mho=mho, user=user):
        raise SecondPersonRequired(
            _("You registered this mutual: a second reviewer decides on it: %(who)s.")
            % {"who": who_else(country=mho.country, user=user)}
        )


def management_check_decider(*, management, user) -> None:
    """A reviewer of the MHO's country decides on a request to manage it, never
    the person who asked."""
    if not can_review(user=user, mho=management.mho):
        raise PermissionDenied
    if is_requester(request=management, user=user):
        raise SecondPersonRequired(
            _("This is your own request: a second reviewer decides on it: %(who)s.")
            % {"who": who_else(country=management.mho.country, user=user)}
        )


def delegation_check_decider(*, delegation, user) -> None:
    """The secretariat decides (in the admin) on a request to act for an
    organization, never on its own member's."""
    if not decides_delegations(user):
        raise PermissionDenied
    if is_requester(request=delegation, user=user):
        raise SecondPersonRequired(
            _(
                "This is your own request: another member of the technical "
                "secretariat decides on it."
            )
        )
