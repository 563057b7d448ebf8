"""The demo schools come with cases at every stage of the duty to act (issue 3)."""

import io

import pytest
from django.core.management import call_command

from drommeskolen.cases.models import Case, CaseStatus, Concern, PlanCopy
from drommeskolen.core.models import School, SchoolOwner
from drommeskolen.demo import logins


@pytest.mark.django_db
def test_every_demo_school_has_a_new_concern_and_cases_in_progress():
    call_command("load_demo", stdout=io.StringIO())
    owner = SchoolOwner.objects.get(name=logins.OWNER_NAME)
    for school in School.objects.filter(owner=owner):
        demo = next(s for s in logins.SCHOOLS if s.organisation_number == school.organisation_number)
        cases = Case.objects.filter(school=school)
        assert sorted(cases.values_list("status", flat=True)) == [
            CaseStatus.INVESTIGATING,
            CaseStatus.MEASURES_IN_PLACE,
        ]
        assert Concern.objects.filter(school=school, cases__isnull=True).count() == 1
        for case in cases:
            assert case.verify_journal() is None
        # The demo guardian with parental responsibility has the plan to read; the one
        # without has nothing.
        readers = set(
            PlanCopy.objects.filter(version__plan__case__school=school).values_list("reader__email", flat=True)
        )
        assert logins.school_login_email("foresatt", demo) in readers
        assert logins.school_login_email("foresatt-uten-ansvar", demo) not in readers
