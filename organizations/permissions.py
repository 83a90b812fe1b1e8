"""Who acts for a country: the accounts a focal point lists as its reviewers
(``FocalPoint.reviewers``). The directory itself is public and written only
in the admin, by holders of the ``organizations`` permissions (the Secretariat
group); the inventory asks here who reviews which country."""

from django.contrib.auth import get_user_model

from kernel.permissions import is_active_user

from .models import FocalPoint


def review_countries(user):
    """Ids of the countries whose focal point lists the user as a reviewer."""
    return FocalPoint.objects.filter(reviewers=user).values("country_id")


def is_focal_point_reviewer(user) -> bool:
    """Reviews for the focal point of at least one country."""
    return is_active_user(user) and user.focal_points.exists()


def reviews_for_country(user, country) -> bool:
    """Reviews for the focal point of ``country``."""
    return is_active_user(user) and user.focal_points.filter(country=country).exists()


def country_reviewers(country):
    """The active accounts that review for the focal point of ``country``."""
    return get_user_model().objects.filter(
        focal_points__country=country, is_active=True
    )
