from django.contrib import admin

from .models import PrivacyTraining, User


class PrivacyTrainingInline(admin.TabularInline[PrivacyTraining, User]):
    model = PrivacyTraining
    fk_name = "user"
    extra = 0
    fields = ["course", "completed_on", "recorded_by"]
    raw_id_fields = ["recorded_by"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fields = ["email", "first_name", "last_name", "feide_id", "is_active", "is_staff", "is_superuser"]
    inlines = [PrivacyTrainingInline]
