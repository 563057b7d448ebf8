"""Migration 0002: old `MentorLead` rows become the resource group's mentor-lead flag."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from drommeskolen.people.models import RoleKind
from drommeskolen.programme.access import mentor_leads
from drommeskolen.programme.models import Position, ResourceGroupMember

BEFORE = [("mentoring", "0001_pupil_mentors_and_life_skills")]
AFTER = [("mentoring", "0002_mentor_leads_in_resource_group")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_mentor_leads_become_flagged_resource_group_members(cast):
    ResourceGroupMember.objects.create(school=cast.school, user=cast.counsellor, position=Position.COUNSELLOR)
    try:
        old = _migrate(BEFORE)
        MentorLead = old.get_model("mentoring", "MentorLead")
        MentorLead.objects.create(school_id=cast.school.pk, user_id=cast.counsellor.pk)
        MentorLead.objects.create(school_id=cast.school.pk, user_id=cast.contact_teacher.pk)
        _migrate(AFTER)
    finally:
        _migrate(executor_leaf_nodes())
    assert set(mentor_leads(cast.school)) == {cast.counsellor, cast.contact_teacher}
    # An existing membership keeps its position; a new one gets it from the person's role.
    assert ResourceGroupMember.objects.get(user=cast.counsellor).position == Position.COUNSELLOR
    added = ResourceGroupMember.objects.get(user=cast.contact_teacher)
    assert cast.contact_teacher.roles.filter(kind=RoleKind.CONTACT_TEACHER).exists()
    assert added.position == Position.TEACHER
    assert not added.is_coordinator


def executor_leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
