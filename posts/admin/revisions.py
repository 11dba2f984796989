"""Revisions in the admin (django-reversion's VersionAdmin, with our own
history, compare, revert and recover views).

- Every admin save is a revision: who, when, and the admin's change message.
- The history page lists them; any two can be compared side by side
  (changed fields only; text and rich text as a word-level diff).
- Revert restores one revision's content as a new revision. It never
  publishes or unpublishes: the publishing fields (`revert_keeps`) stay as
  they are now. A revision whose web address is now another post's is
  refused with a message, not a 500.
- Recover brings a deleted item back as a draft.

reversion's own revision and recover pages revert inside a transaction to
render the form, then roll back; ours only read, and change on POST.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext
from reversion import (
    add_to_revision,
    create_revision,
    is_active,
    set_comment,
    set_user,
)
from reversion.admin import VersionAdmin
from reversion.models import Version

from solidarity import audit, history


class RevisionsAdmin(VersionAdmin):
    object_history_template = "admin/revisions/object_history.html"
    change_list_template = "admin/revisions/change_list.html"
    history_latest_first = True
    # Fields a revert leaves as they are now (publishing is a decision of
    # its own, never a side effect of undoing an edit).
    revert_keeps = ()
    # Rows that belong to the item and are kept in its revisions, as
    # (model, name of their key to the item): an appeal's targets.
    revision_children = ()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # reversion serializes a row when it is saved. The many-to-many
        # values saved after it (a post's countries) make reversion
        # serialize the kind's row again, but not the Post row it follows,
        # already in the revision: without this the revision would keep the
        # countries the post had before the save.
        if is_active():
            obj = form.instance
            for parent in obj._meta.get_parent_list():
                add_to_revision(parent._base_manager.get(pk=obj.pk))

    # URLs

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        site = self.admin_site
        return [
            path(
                "<path:object_id>/history/compare/",
                site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:version_id>/revert/",
                site.admin_view(self.revert_view),
                name="{}_{}_revert".format(*info),
            ),
            *super().get_urls(),
        ]

    def _url(self, name, *args):
        info = self.opts.app_label, self.opts.model_name, name
        return reverse(
            "admin:{}_{}_{}".format(*info), args=args, current_app=self.admin_site.name
        )

    # Finding versions

    def _visible_object(self, request, object_id, change=False):
        """The item if this user may see it (change it, with change=True);
        404 otherwise, so another organiser's meeting stays unknown."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("No such item."))
        allowed = (
            self.has_change_permission(request, obj)
            if change
            else self.has_view_or_change_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    def _versions(self, object_id):
        return (
            Version.objects.get_for_object_reference(self.model, str(object_id))
            .select_related("revision", "revision__user")
            .order_by("-revision__date_created", "-pk")
        )

    def _version(self, object_id, version_id):
        try:
            return self._versions(object_id).get(pk=version_id)
        except (Version.DoesNotExist, ValueError, TypeError):
            raise Http404(gettext("No such revision of this item.")) from None

    # History and compare

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        versions = []
        if obj is not None and self.has_view_or_change_permission(request, obj):
            versions = [
                {
                    "version": version,
                    "revision": version.revision,
                    "revert_url": self._url("revert", quote(obj.pk), version.pk),
                }
                for version in self._versions(obj.pk)
            ]
        context = {
            "versions": versions,
            "compare_url": self._url("compare", quote(obj.pk)) if obj else "",
            "can_revert": obj is not None and self.has_change_permission(request, obj),
            **(extra_context or {}),
        }
        return admin.ModelAdmin.history_view(self, request, object_id, context)

    def compare_view(self, request, object_id):
        """Two revisions side by side: ?v=<version>&v=<version>."""
        obj = self._visible_object(request, object_id)
        try:
            ids = sorted({int(value) for value in request.GET.getlist("v")})
        except ValueError:
            ids = []
        if len(ids) != 2:
            messages.error(request, gettext("Tick exactly two revisions to compare."))
            return HttpResponseRedirect(self._url("history", quote(obj.pk)))
        old, new = (self._version(obj.pk, pk) for pk in ids)
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": gettext("Compare revisions of “%(item)s”") % {"item": obj},
            "old": old,
            "new": new,
            "rows": history.compare(self.model, old, new),
            "history_url": self._url("history", quote(obj.pk)),
            "can_revert": self.has_change_permission(request, obj),
            "revert_old_url": self._url("revert", quote(obj.pk), old.pk),
            "revert_new_url": self._url("revert", quote(obj.pk), new.pk),
        }
        return TemplateResponse(request, "admin/revisions/compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        """reversion's link to one revision: compared with the one before."""
        obj = self._visible_object(request, object_id)
        version = self._version(obj.pk, version_id)
        older = (
            self._versions(obj.pk)
            .filter(revision__date_created__lt=version.revision.date_created)
            .first()
        )
        url = self._url("compare", quote(obj.pk))
        return HttpResponseRedirect(f"{url}?v={(older or version).pk}&v={version.pk}")

    # Revert and recover

    def has_recover_permission(self, request):
        """Deleted items are listed to whoever may add and change them all
        (organisers may not: the list would show others' meetings)."""
        return self.has_add_permission(request) and self.has_change_permission(request)

    def changelist_view(self, request, extra_context=None):
        context = {
            "has_recover_permission": self.has_recover_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def revert_conflict(self, obj_pk, fields):
        """A reason the revision cannot be restored now, or None."""
        return None

    def _restore(self, revision, pk):
        """Put back the rows of item `pk` kept in `revision` (its own row,
        the rows it inherits from, its children); children added since are
        deleted. The other items a bulk action saved in the same revision
        are left alone."""
        own = [self.model, *self.model._meta.get_parent_list()]
        own_types = ContentType.objects.get_for_models(*own).values()
        kept = {model: set() for model, _key in self.revision_children}
        for version in revision.version_set.all():
            model = version._model
            if version.content_type in own_types and version.object_id == str(pk):
                version.revert()
                continue
            for child, key in self.revision_children:
                if model is child and version.field_dict.get(key) == pk:
                    version.revert()
                    kept[child].add(int(version.object_id))
        for child, key in self.revision_children:
            child.objects.filter(**{key: pk}).exclude(pk__in=kept[child]).delete()

    def revert_view(self, request, object_id, version_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self._visible_object(request, object_id, change=True)
        version = self._version(obj.pk, version_id)
        history_url = self._url("history", quote(obj.pk))
        conflict = self.revert_conflict(obj.pk, version.field_dict)
        if conflict:
            messages.error(request, conflict)
            return HttpResponseRedirect(history_url)
        when = date_format(localtime(version.revision.date_created), "DATETIME_FORMAT")
        kept = {name: getattr(obj, name) for name in self.revert_keeps}
        with transaction.atomic(), create_revision():
            self._restore(version.revision, obj.pk)
            restored = self.model.objects.get(pk=obj.pk)
            for name, value in kept.items():
                setattr(restored, name, value)
            restored.save()
            set_user(request.user)
            set_comment(
                gettext("Reverted to the revision of %(when)s.") % {"when": when}
            )
            audit.record(request, audit.Action.REVERT, restored, when)
        self.message_user(
            request,
            gettext(
                "“%(item)s” is back to its revision of %(when)s (kept as a new "
                "revision; its publishing status did not change)."
            )
            % {"item": restored, "when": when},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(self._url("change", quote(obj.pk)))

    def recover_view(self, request, version_id, extra_context=None):
        """A deleted item: GET asks, POST brings it back as a draft."""
        if not self.has_recover_permission(request):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_deleted(self.model), pk=version_id
        )
        if request.method == "POST":
            conflict = self.revert_conflict(version.object_id, version.field_dict)
            if conflict:
                messages.error(request, conflict)
                return HttpResponseRedirect(self._url("recoverlist"))
            with transaction.atomic(), create_revision():
                pk = self.model._meta.pk.to_python(version.object_id)
                self._restore(version.revision, pk)
                recovered = self.model.objects.get(pk=pk)
                self.recovered(recovered)
                recovered.save()
                set_user(request.user)
                set_comment(gettext("Recovered after deletion."))
                audit.record(request, audit.Action.RECOVER, recovered)
            self.message_user(
                request,
                gettext("“%(item)s” recovered as a draft.") % {"item": recovered},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._url("change", quote(recovered.pk)))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Recover “%(item)s”") % {"item": version.object_repr},
            "version": version,
            "fields": [
                (label, value) for label, value in self._summary(version.field_dict)
            ],
        }
        return TemplateResponse(request, "admin/revisions/recover.html", context)

    def recovered(self, obj):
        """Hook: what a recovered item becomes before it is saved."""

    def _summary(self, fields):
        for name in ("title", "key", "name", "summary"):
            if fields.get(name):
                yield self.model._meta.get_field(name).verbose_name, fields[name]
