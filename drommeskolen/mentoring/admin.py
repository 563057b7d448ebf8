from django.contrib import admin

from .models import MentorLead


@admin.register(MentorLead)
class MentorLeadAdmin(admin.ModelAdmin[MentorLead]):
    list_display = ["school", "user", "created_at"]
    raw_id_fields = ["user"]
