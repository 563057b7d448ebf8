"""The admin is for configuring the organisation, not for reading pupils' data.

Pupils, guardians and cases are deliberately not registered: every read of them must go
through the access-logged pages. The access log is shown read-only to superusers.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest

from .models import AccessLogEntry, Holiday, School, SchoolOwner, SchoolYear

# Admin log-in goes through allauth, so the second factor applies there too.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]


@admin.register(SchoolOwner)
class SchoolOwnerAdmin(admin.ModelAdmin[SchoolOwner]):
    list_display = ["name", "kind", "organisation_number"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin[School]):
    list_display = ["name", "owner", "level", "organisation_number"]
    list_filter = ["level", "owner"]


class HolidayInline(admin.TabularInline[Holiday, SchoolYear]):
    model = Holiday
    extra = 0


@admin.register(SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin[SchoolYear]):
    list_display = ["school", "starts_on", "term2_starts_on", "ends_on"]
    list_filter = ["school"]
    inlines = [HolidayInline]


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin[AccessLogEntry]):
    list_display = ["at", "actor", "school", "object_type", "page"]
    list_filter = ["school", "object_type"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
