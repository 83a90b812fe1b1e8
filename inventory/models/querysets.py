"""Object-level permission, one queryset method per model, used by every path
(pages, template upload, admin, API)."""

from django.db import models

from inventory import permissions


class MHOQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(approval="approved")

    def for_country(self, iso2: str):
        return self.filter(country__iso2=iso2.upper())

    def editable_by(self, user):
        """MHOs whose records the user may edit: approved managers and delegates
        of a supporting organization; holders of ``edit_any_record`` all."""
        if not permissions.is_active_user(user):
            return self.none()
        if permissions.edits_every_mho(user):
            return self
        from .access import MHOManagement

        # The user's own rows first (a few), then their MHOs: one join of every
        # MHO with its managers and supporters grew with the network (110 ms
        # for 20,000 MHOs, on every page of a manager or delegate).
        managed = MHOManagement.objects.filter(user=user, status="approved")
        links = self.model.support_organizations.through.objects.filter(
            organization__delegations__user=user,
            organization__delegations__status="approved",
        )
        ids = managed.values("mho_id").union(
            links.values("mutualhealthorganization_id")
        )
        return self.filter(pk__in=ids, approval="approved")

    def reviewable_by(self, user):
        """MHOs the user reviews: the focal point's country; holders of
        ``review_record`` all."""
        if not permissions.is_active_user(user):
            return self.none()
        if permissions.reviews_every_country(user):
            return self
        return self.filter(country_id__in=permissions.review_countries(user))


class RecordQuerySet(models.QuerySet):
    def validated(self):
        return self.filter(state="validated")

    def public(self):
        """What anyone may see: validated records of approved MHOs."""
        return self.filter(state="validated", mho__approval="approved")

    def for_country(self, iso2: str):
        return self.filter(mho__country__iso2=iso2.upper())

    def editable_by(self, user):
        from .mho import MutualHealthOrganization

        if permissions.edits_every_mho(user):
            return self
        return self.filter(
            mho__in=MutualHealthOrganization.objects.editable_by(user).values("pk")
        )

    def reviewable_by(self, user):
        from .mho import MutualHealthOrganization

        if permissions.reviews_every_country(user):
            return self
        return self.filter(
            mho__in=MutualHealthOrganization.objects.reviewable_by(user).values("pk")
        )

    def visible_to(self, user):
        return self.public() | self.editable_by(user) | self.reviewable_by(user)

    def with_quality(self):
        """Each record with its data quality score (``quality_score``, out of
        100) and its parts, computed by the database (see inventory/quality.py)."""
        from inventory.quality import quality_annotations

        queryset = self
        for step in quality_annotations(self.model):
            queryset = queryset.annotate(**step)
        return queryset
