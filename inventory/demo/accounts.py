"""Demonstration accounts for trying the manager, reviewer and secretariat
flows on a development site. Never on the production site: they are not
created there, and their logins are refused (concertation.demo_accounts)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from concertation.demo_accounts import demo_accounts_refused, demo_email
from concertation.permissions import secretariat_group_sync
from inventory.models import Campaign, MHOManagement, MutualHealthOrganization
from inventory.models.access import RequestStatus
from organizations.models import FocalPoint

from .generate import DemoUnavailable

MANAGER_EMAIL = demo_email("manager")
FOCAL_EMAIL = demo_email("focal")
SECRETARIAT_EMAIL = demo_email("secretariat")
DEMO_COUNTRY = "SN"


def _account(email: str, password: str, *, full_name: str, staff=False):
    user, created = get_user_model().objects.get_or_create(
        email=email, defaults={"full_name": full_name, "email_verified": True}
    )
    user.set_password(password)
    # The secretariat's powers come from its group, not from superuser status.
    user.is_staff, user.is_superuser = staff, False
    user.save(update_fields=["password", "is_staff", "is_superuser"])
    if staff:
        user.groups.add(secretariat_group_sync())
    return user, "created" if created else "already there, password reset"


def demo_accounts_create(*, password: str) -> list[str]:
    """Get or create the three demonstration accounts; return what was done."""
    if demo_accounts_refused():
        raise DemoUnavailable("Demonstration accounts are refused in production.")
    if not password:
        raise DemoUnavailable("Demonstration accounts need a password.")
    done = []
    with transaction.atomic():
        mho = (
            MutualHealthOrganization.objects.filter(
                is_demo=True, country__iso2=DEMO_COUNTRY
            )
            .order_by("code")
            .first()
        )
        user, state = _account(MANAGER_EMAIL, password, full_name="Demo manager")
        if mho is None:
            done.append(f"{MANAGER_EMAIL}: {state}; no demo MHO in Senegal to manage")
        else:
            MHOManagement.objects.update_or_create(
                user=user,
                mho=mho,
                defaults={
                    "status": RequestStatus.APPROVED,
                    "decided_at": timezone.now(),
                },
            )
            done.append(f"{MANAGER_EMAIL}: {state}; manager of {mho.code} {mho.name}")
        user, state = _account(FOCAL_EMAIL, password, full_name="Demo focal point")
        focal_point = (
            FocalPoint.objects.filter(country__iso2=DEMO_COUNTRY).order_by("pk").first()
        )
        if focal_point is None:
            done.append(f"{FOCAL_EMAIL}: {state}; no focal point in Senegal")
        else:
            focal_point.reviewers.add(user)
            done.append(f"{FOCAL_EMAIL}: {state}; reviewer for Senegal")
        user, state = _account(
            SECRETARIAT_EMAIL, password, full_name="Demo secretariat", staff=True
        )
        done.append(f"{SECRETARIAT_EMAIL}: {state}; staff, in the Secretariat group")
        # Demo records stop at last year: a campaign for this year lets the
        # demo manager try the yearly form right away.
        today = timezone.localdate()
        campaign, created = Campaign.objects.get_or_create(
            year=today.year,
            defaults={"opens_on": today, "closes_on": today + timedelta(days=90)},
        )
        done.append(
            f"campaign {campaign.year}: {'opened' if created else 'already there'}"
        )
    return done
