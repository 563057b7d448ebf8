"""Mentor leads have one source of truth: the resource group's `mentor_lead` flag (programme).

Existing `MentorLead` rows become flagged memberships; a lead who was not yet in the
resource group gets a membership with a position derived from their roles at the school.
Reversible: going back copies the flagged memberships into `MentorLead` again.
"""

from django.db import migrations

# Role kind → resource-group position (programme.models.Position), first match wins.
POSITION_BY_ROLE = (
    ("principal", "leadership"),
    ("leadership", "leadership"),
    ("department_head", "leadership"),
    ("counsellor", "counsellor"),
    ("social_worker", "social_worker"),
    ("school_nurse", "school_nurse"),
    ("contact_teacher", "teacher"),
    ("teacher", "teacher"),
)


def _position(Role, school_id, user_id):
    kinds = set(Role.objects.filter(school_id=school_id, user_id=user_id).values_list("kind", flat=True))
    for kind, position in POSITION_BY_ROLE:
        if kind in kinds:
            return position
    return "other"


def leads_to_memberships(apps, schema_editor):
    MentorLead = apps.get_model("mentoring", "MentorLead")
    ResourceGroupMember = apps.get_model("programme", "ResourceGroupMember")
    Role = apps.get_model("people", "Role")
    for lead in MentorLead.objects.all().iterator():
        member = ResourceGroupMember.objects.filter(school_id=lead.school_id, user_id=lead.user_id).first()
        if member is None:
            ResourceGroupMember.objects.create(
                school_id=lead.school_id,
                user_id=lead.user_id,
                position=_position(Role, lead.school_id, lead.user_id),
                mentor_lead=True,
            )
        elif not member.mentor_lead:
            member.mentor_lead = True
            member.save(update_fields=["mentor_lead"])


def memberships_to_leads(apps, schema_editor):
    MentorLead = apps.get_model("mentoring", "MentorLead")
    ResourceGroupMember = apps.get_model("programme", "ResourceGroupMember")
    for member in ResourceGroupMember.objects.filter(mentor_lead=True).iterator():
        MentorLead.objects.get_or_create(school_id=member.school_id, user_id=member.user_id)


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0001_pupil_mentors_and_life_skills"),
        ("programme", "0001_initial"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(leads_to_memberships, memberships_to_leads),
        migrations.RemoveConstraint(
            model_name="mentorlead",
            name="mentorlead_unique",
        ),
        migrations.DeleteModel(
            name="MentorLead",
        ),
    ]
