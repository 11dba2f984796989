"""
The audit log editors read (AuditEntry in solidarity/models.py): who
published, unpublished, scheduled, moderated, erased, made or revoked a
preview link, imported, reverted or reviewed what, and when.

`record()` writes one entry; `record_many()` one per item of a bulk action,
in one INSERT. An entry names its item by content type, key and a copy of
its name, so it is kept when the item is deleted; erasing personal data
rewrites that copy (`forget()`), so no entry keeps the sender's name.
"""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEntry

Action = AuditEntry.Action


def _user(request_or_user):
    user = getattr(request_or_user, "user", request_or_user)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def record(request_or_user, action, obj, detail=""):
    """One entry for `obj` (a model instance) done by the request's user (or
    a user, or None for the system: an import)."""
    user = _user(request_or_user)
    return AuditEntry.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        detail=detail,
    )


def record_many(request_or_user, action, model, pks, detail=""):
    """One entry per primary key in `pks`, for rows of `model`."""
    pks = list(pks)
    if not pks:
        return []
    user = _user(request_or_user)
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    names = {pk: str(obj)[:300] for pk, obj in model._base_manager.in_bulk(pks).items()}
    return AuditEntry.objects.bulk_create(
        AuditEntry(
            user=user,
            username=user.get_username() if user else "",
            action=action,
            content_type=content_type,
            object_id=str(pk),
            object_repr=names.get(pk, ""),
            detail=detail,
        )
        for pk in pks
    )


def forget(model, pk, name):
    """Erasure: every entry about this item now names it `name`."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    AuditEntry.objects.filter(content_type=content_type, object_id=str(pk)).update(
        object_repr=name
    )
