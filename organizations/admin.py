from django.contrib import admin
from django.db import models

from kernel.i18n import TranslatedSortKey

from .models import Country, FocalPoint, GovernanceRole, NationalCommittee, Organization


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["iso2", "name_fr", "name_en", "region"]
    list_filter = ["region"]
    search_fields = [
        "iso2",
        "name_fr__unaccent_icontains",
        "name_en__unaccent_icontains",
    ]
    ordering = [TranslatedSortKey("name")]  # every country list of the admin


class GovernanceRoleInline(admin.TabularInline):
    model = GovernanceRole
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "acronym", "kind", "founded_year"]
    list_filter = ["kind", "countries__region", "countries"]
    search_fields = [
        "name_fr__unaccent_icontains",
        "name_en__unaccent_icontains",
        "acronym__unaccent_icontains",
        "slug",
    ]
    prepopulated_fields = {"slug": ["acronym"]}
    filter_horizontal = ["countries"]
    inlines = [GovernanceRoleInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(FocalPoint)
class FocalPointAdmin(admin.ModelAdmin):
    list_display = ["country", "contact_person", "email", "phone"]
    list_select_related = ["country"]
    list_filter = ["country__region", "country"]
    search_fields = [
        "contact_person__unaccent_icontains",
        "email",
        "country__name_fr__unaccent_icontains",
        "country__name_en__unaccent_icontains",
        "organizations__name_fr__unaccent_icontains",
        "organizations__acronym__unaccent_icontains",
    ]
    autocomplete_fields = ["country", "organizations"]


@admin.register(NationalCommittee)
class NationalCommitteeAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "acronym", "country"]
    list_select_related = ["country"]
    list_filter = ["country"]
    search_fields = [
        "name_fr__unaccent_icontains",
        "name_en__unaccent_icontains",
        "acronym__unaccent_icontains",
    ]
    prepopulated_fields = {"slug": ["acronym"]}
    autocomplete_fields = ["country", "members"]


@admin.register(GovernanceRole)
class GovernanceRoleAdmin(admin.ModelAdmin):
    list_display = ["organization", "body", "position"]
    list_select_related = ["organization"]
    list_filter = ["body"]
    search_fields = [
        "organization__name_fr__unaccent_icontains",
        "organization__acronym__unaccent_icontains",
    ]
    autocomplete_fields = ["organization"]
