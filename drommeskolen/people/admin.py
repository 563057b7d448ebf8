from django.contrib import admin

from .models import Role, SchoolClass


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin[SchoolClass]):
    list_display = ["name", "grade", "school", "school_year"]
    list_filter = ["school", "grade"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin[Role]):
    list_display = ["user", "kind", "school", "school_year", "school_class", "owner"]
    list_filter = ["kind", "school"]
    raw_id_fields = ["user", "school_class"]
