"""
The two editorial roles, as auth groups.

- Editors: every permission on the campaign's content apps (articles,
  meetings, appeals, messages, tags) and so moderation.
- Organisers: may add meetings and change or delete their own (the admin
  limits them to meetings they organise; see posts.meetings.admin). They
  see nothing else: no countries, tags or accounts. Their meetings wait
  for an editor unless an editor lets them publish ("publish_event", given
  to the person, not the group).

The groups are created by a data migration (posts 0002). The same function
runs after every migrate so that models added later reach the Editors too.
"""

EDITORS = "Editors"
ORGANISERS = "Organisers"

EDITOR_APPS = ("posts", "appeals", "taggit")
# Beyond the content apps: the audit log, the revisions of reversion, and
# the mail the site sends and the background tasks (so a failure, a mail
# server refusing or a task that gave up, is visible to them).
EDITOR_PERMISSIONS = (
    ("solidarity", "view_auditentry"),
    ("reversion", "view_revision"),
    ("reversion", "view_version"),
    ("solidarity", "view_outgoingemail"),
    ("django_tasks_database", "view_dbtaskresult"),
)
ORGANISER_PERMISSIONS = (
    ("posts", "add_event"),
    ("posts", "change_event"),
    ("posts", "delete_event"),
    ("posts", "view_event"),
    # Their own meetings' attendees only (posts.meetings.admin.rsvps.RSVPAdmin).
    ("posts", "view_rsvp"),
    ("posts", "change_rsvp"),
)


def sync_roles(apps):
    """Create both groups if missing and give them their permissions."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=EDITOR_APPS),
        *_permissions(Permission, EDITOR_PERMISSIONS),
    )

    # Exactly these: organisers once could view countries and tags, and with
    # that came taggit's merge action (which creates tags).
    organisers, _ = Group.objects.get_or_create(name=ORGANISERS)
    organisers.permissions.set(_permissions(Permission, ORGANISER_PERMISSIONS))


def _permissions(Permission, pairs):
    found = []
    for app_label, codename in pairs:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission:
            found.append(permission)
    return found


def sync_roles_after_migrate(sender, apps=None, **kwargs):
    # post_migrate is sent once per app, in INSTALLED_APPS order. By auth's
    # turn (it comes after the local and third-party apps) every content
    # app's permissions exist.
    if apps is None:  # flush sends the signal without the migration state
        from django.apps import apps
    if sender.label != "auth" or not apps.is_installed("posts"):
        return
    try:
        apps.get_model("posts", "Event")
    except LookupError:  # migrated only part of the way (migrate posts 0001)
        return
    sync_roles(apps)
