from django.contrib import admin

from .models import Meeting, ResourceGroupMember, RoadmapStep, SchoolProgramme, WheelEvent


@admin.register(SchoolProgramme)
class SchoolProgrammeAdmin(admin.ModelAdmin[SchoolProgramme]):
    list_display = ["school", "anchored_leadership", "anchored_staff", "anchored_pupil_council", "reminder_days"]


@admin.register(RoadmapStep)
class RoadmapStepAdmin(admin.ModelAdmin[RoadmapStep]):
    list_display = ["school", "key", "status", "done_on"]
    list_filter = ["status"]


@admin.register(ResourceGroupMember)
class ResourceGroupMemberAdmin(admin.ModelAdmin[ResourceGroupMember]):
    list_display = ["school", "user", "position", "is_coordinator", "mentor_lead"]
    raw_id_fields = ["user"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ["school", "held_on"]


@admin.register(WheelEvent)
class WheelEventAdmin(admin.ModelAdmin[WheelEvent]):
    list_display = ["school_year", "kind", "title", "starts_on", "edited", "removed"]
    list_filter = ["kind", "edited", "removed"]
    raw_id_fields = ["school_class"]
