import factory
from django.contrib.auth import get_user_model

from organizations.models import Country, FocalPoint, NationalCommittee, Organization


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    email_verified = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse 42")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def secretariat_member(**fields):
    """A member of the technical secretariat as the portal makes one: staff, in
    the Secretariat group (not a superuser)."""
    from concertation.permissions import secretariat_group_sync

    user = UserFactory(is_staff=True, **fields)
    user.groups.add(secretariat_group_sync())
    return user


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["iso2"]

    iso2 = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    name_fr = factory.Sequence(lambda n: f"Pays {n}")
    name_en = factory.Sequence(lambda n: f"Country {n}")
    region = Country.Region.WEST_AFRICA


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"organization-{n}")
    name_fr = factory.Sequence(lambda n: f"Organisation {n}")
    name_en = factory.Sequence(lambda n: f"Organization {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    kind = Organization.Kind.NGO

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.countries.set(extracted)


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint
        skip_postgeneration_save = True

    country = factory.SubFactory(CountryFactory)
    contact_person = factory.Faker("name")
    email = factory.Sequence(lambda n: f"focal{n}@example.org")

    @factory.post_generation
    def organizations(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.organizations.set(extracted)


class NationalCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalCommittee
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"committee-{n}")
    country = factory.SubFactory(CountryFactory)
    name_fr = factory.Sequence(lambda n: f"Comité {n}")
    name_en = factory.Sequence(lambda n: f"Committee {n}")

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.members.set(extracted)


class MHOFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "inventory.MutualHealthOrganization"
        skip_postgeneration_save = True

    country = factory.SubFactory(CountryFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.country.iso2}-{n:04d}")
    name = factory.Sequence(lambda n: f"Mutuelle de santé {n}")
    locality = "Thiès"
    founded_year = 2005
    type = "community"
    approval = "approved"

    @factory.post_generation
    def support_organizations(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.support_organizations.set(extracted)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # A writer like any other: it takes the change path.
        from inventory.services.mho_write import mho_saved

        mho = super()._create(model_class, *args, **kwargs)
        mho_saved(mho, country_before=None)
        return mho


class YearlyRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "inventory.YearlyRecord"

    mho = factory.SubFactory(MHOFactory)
    year = 2020
    status = "functional"
    members = 400
    beneficiaries = 1200
    target_population = 6000
    new_members = 80
    renewing_members = 300
    currency = "XOF"
    contributions_expected = 2_000_000
    contributions_collected = 1_600_000
    benefits_paid = 1_100_000
    operating_costs = 300_000
    state = "validated"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # A writer like any other: it takes the change path.
        from inventory.services.changes import records_changed

        record = super()._create(model_class, *args, **kwargs)
        records_changed(
            pairs=[(record.mho.country_id, record.year)], states={record.state}
        )
        return record


def record_save(record, *, user=None, reason="Test"):
    """Save ``record`` through the one record write, as every writer does (the
    version seen is the stored one)."""
    from inventory.models import YearlyRecord
    from inventory.services.record_write import record_write

    stored = YearlyRecord.objects.filter(pk=record.pk).values_list("version", flat=True)
    seen = stored.first() if record.pk else None
    record_write(record=record, user=user, expected_version=seen, reason=reason)


def record_delete(record):
    """Delete ``record`` as the admin does, through the change path."""
    from inventory.models import YearlyRecord
    from inventory.services.record_write import records_delete

    records_delete(YearlyRecord.objects.filter(pk=record.pk))
