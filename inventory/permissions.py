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


def is_active_user(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _has(user, permission: str) -> bool:
    # has_perm is False for inactive users; the check is explicit all the same.
    return is_active_user(user) and user.has_perm(permission)


def reviews_every_country(user) -> bool:
    return _has(user, REVIEW_EVERY_COUNTRY)


def edits_every_mho(user) -> bool:
    return _has(user, EDIT_EVERY_MHO)


def may_revert(user) -> bool:
    return _has(user, REVERT_RECORD)


def decides_delegations(user) -> bool:
    return _has(user, DECIDE_DELEGATIONS)


def review_countries(user):
    """Ids of the countries whose focal point lists the user as a reviewer."""
    from organizations.models import FocalPoint

    return FocalPoint.objects.filter(reviewers=user).values("country_id")


def is_reviewer(user) -> bool:
    """Reviews somewhere: every country, or a focal point's country."""
    if not is_active_user(user):
        return False
    return reviews_every_country(user) or user.focal_points.exists()


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
    from django.contrib.auth import get_user_model

    others = get_user_model().objects.filter(
        focal_points__country=country, is_active=True
    )
    return others.exclude(pk=user.pk).exists()


def who_else(*, country, user) -> str:
    """Who may act instead of ``user`` on a matter of ``country``: its other
    focal points (if it has any) or the technical secretariat."""
    if reviews_every_country(user):
        secretariat = _("another member of the technical secretariat")
    else:
        secretariat = _("the technical secretariat")
    if not _other_reviewers_of(country, user):
        return secretariat
    if user.focal_points.filter(country=country).exists():
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
    """Nobody approves or rejects an MHO they registered."""
    if mho.created_by_id is not None and mho.created_by_id == user.pk:
        raise SecondPersonRequired(
            _("You registered this mutual: a second reviewer decides on it: %(who)s.")
            % {"who": who_else(country=mho.country, user=user)}
        )


def management_check_decider(*, management, user) -> None:
    """Nobody decides on their own request to manage an MHO."""
    if management.user_id == user.pk:
        raise SecondPersonRequired(
            _("This is your own request: a second reviewer decides on it: %(who)s.")
            % {"who": who_else(country=management.mho.country, user=user)}
        )


def delegation_check_decider(*, delegation, user) -> None:
    """Nobody decides on their own request to act for an organization."""
    if delegation.user_id == user.pk:
        raise SecondPersonRequired(
            _(
                "This is your own request: another member of the technical "
                "secretariat decides on it."
            )
        )
