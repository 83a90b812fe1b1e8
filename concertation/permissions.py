"""The technical secretariat's group: what its members may do, site and admin.

``is_staff`` only lets an account into the admin; what it may do there and on
the site comes from permissions, which the *Secretariat* group holds: every
permission of the portal's own apps (the directory, the inventory with its
site powers such as ``inventory.review_record``, the newsletter, the
calendar, the resource library) and reading the accounts. Accounts, groups
and the login logs stay with the superusers: whoever can change accounts can
make themselves a superuser.

The group is kept after every ``migrate`` (``post_migrate``), so a new
database, a new permission or a flushed test database always has it. Missing
permissions are added; none is taken away, so what the administrators granted
the group on top stays.
"""

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, router

SECRETARIAT_GROUP = settings.SECRETARIAT_GROUP
SECRETARIAT_APPS = [
    "organizations",
    "inventory",
    "opendata",
    "newsletter",
    "forum",
    "resources",
    "editions",
]
SECRETARIAT_EXTRA = [("concertation", "view_user")]


def secretariat_group_sync(*, using: str = DEFAULT_DB_ALIAS, apps=global_apps):
    """Get or create the Secretariat group with at least its permissions."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for label in {*SECRETARIAT_APPS, *(app for app, _ in SECRETARIAT_EXTRA)}:
        # Permissions of apps migrated after this one's signal may not exist yet.
        create_permissions(
            global_apps.get_app_config(label), verbosity=0, using=using, apps=apps
        )
    group, _ = Group.objects.using(using).get_or_create(name=SECRETARIAT_GROUP)
    wanted = Permission.objects.using(using).filter(
        content_type__app_label__in=SECRETARIAT_APPS
    )
    extra = [
        Permission.objects.using(using)
        .filter(content_type__app_label=app, codename=codename)
        .first()
        for app, codename in SECRETARIAT_EXTRA
    ]
    group.permissions.add(*wanted, *(permission for permission in extra if permission))
    return group


def secretariat_group_on_migrate(
    sender, using=DEFAULT_DB_ALIAS, apps=global_apps, **kw
):
    if router.allow_migrate_model(using, global_apps.get_model("auth", "Group")):
        secretariat_group_sync(using=using, apps=apps)
