"""Who manages which MHO: requests, registrations of new MHOs and decisions."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory import permissions
from inventory.models import MHOManagement, MutualHealthOrganization, SupportDelegation
from inventory.models.access import RequestStatus

from . import notifications
from .mho_write import mho_save


def mho_code_next(*, country) -> str:
    """The next free code of a country (SN-0001, SN-0002, ...)."""
    prefix = f"{country.iso2}-"
    codes = MutualHealthOrganization.objects.filter(code__startswith=prefix)
    highest = codes.aggregate(highest=Max("code"))["highest"]
    number = int(highest.split("-")[1]) + 1 if highest else 1
    return f"{prefix}{number:04d}"


def management_request(*, user, mho, message: str = "") -> MHOManagement:
    """Ask to manage an existing MHO; its country's focal point decides."""
    management, created = MHOManagement.objects.get_or_create(
        user=user, mho=mho, defaults={"message": message}
    )
    if not created and management.status == RequestStatus.REJECTED:
        management.status = RequestStatus.PENDING
        management.message = message
        management.save(update_fields=["status", "message"])
    return management


def _user_delegations(user):
    return SupportDelegation.objects.filter(user=user, status=RequestStatus.APPROVED)


def mho_register(
    *, user, mho: MutualHealthOrganization, support_organizations
) -> MutualHealthOrganization:
    """Register a new MHO, waiting for approval.

    Its registrant asks to manage it, unless they act as the delegate of one of
    the organizations that support it (their delegation then covers it).
    """
    delegated = set(_user_delegations(user).values_list("organization_id", flat=True))
    supported = {organization.pk for organization in support_organizations}
    for attempt in range(3):
        mho.code = mho_code_next(country=mho.country)
        mho.approval = MutualHealthOrganization.Approval.PENDING
        mho.created_by = user
        mho.is_demo = False
        mho._history_user = user
        mho.full_clean(exclude=["support_organizations"])
        try:
            with transaction.atomic():
                mho_save(mho)
                mho.support_organizations.set(support_organizations)
                if not delegated & supported:
                    MHOManagement.objects.create(
                        user=user, mho=mho, status=RequestStatus.PENDING
                    )
            return mho
        except IntegrityError:
            # Two registrations in the same country took the same code: retry.
            mho.pk = None
            if attempt == 2:
                raise
    return mho


def management_decide(*, management: MHOManagement, user, approve: bool):
    permissions.management_check_decider(management=management, user=user)
    management.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    management.decided_by = user
    management.decided_at = timezone.now()
    management.save(update_fields=["status", "decided_by", "decided_at"])
    notifications.notify_after_commit("management_decided", management.pk)
    return management


def mho_decide(*, mho: MutualHealthOrganization, user, approve: bool):
    """Approve or reject a newly registered MHO (with its registrant's request)."""
    permissions.mho_check_decider(mho=mho, user=user)
    if mho.approval != MutualHealthOrganization.Approval.PENDING:
        raise ValidationError(_("This mutual has already been decided on."))
    with transaction.atomic():
        mho.approval = (
            MutualHealthOrganization.Approval.APPROVED
            if approve
            else MutualHealthOrganization.Approval.REJECTED
        )
        mho._history_user = user
        mho_save(mho, update_fields=["approval"])
        pending = mho.managements.filter(status=RequestStatus.PENDING)
        for management in pending.exclude(user=user):
            management_decide(management=management, user=user, approve=approve)
    return mho


def delegation_request(*, user, organization, message: str = "") -> SupportDelegation:
    """Ask to act for a support organization; the secretariat decides."""
    delegation, created = SupportDelegation.objects.get_or_create(
        user=user, organization=organization, defaults={"message": message}
    )
    if not created and delegation.status == RequestStatus.REJECTED:
        delegation.status = RequestStatus.PENDING
        delegation.message = message
        delegation.save(update_fields=["status", "message"])
    return delegation
