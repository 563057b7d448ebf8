"""The overview without names (issue 3 point 10): figures, suppression, scope and access."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from drommeskolen.accounts.middleware import SESSION_SCHOOL_KEY
from drommeskolen.cases import actions
from drommeskolen.cases.models import Case, CaseStatusEvent
from drommeskolen.cases.overview import build, overview_school_ids
from drommeskolen.lib.workdays import working_days_between
from drommeskolen.people.models import Grade
from tests.factories import EnrolmentFactory, SchoolClassFactory, SchoolFactory, SchoolYearFactory

from .helpers import close_after_investigation, make_case

URL = "/saker/oversikt/"


def _login(client, cast, role, school=None):
    client.force_login(cast.user(role))
    session = client.session
    session[SESSION_SCHOOL_KEY] = str((school or cast.school).uuid)
    session.save()


def _pupils(school_class, n):
    return [EnrolmentFactory(school_class=school_class).pupil for _ in range(n)]


def _adopt(case, user, evaluation_date):
    version = actions.start_plan_version(acting_user=user, case=case)
    actions.save_plan_draft(
        acting_user=user,
        version=version,
        problem="Alene i friminuttene.",
        pupil_view="",
        guardians_view="",
        evaluation_date=evaluation_date,
    )
    actions.add_measure(
        acting_user=user,
        version=version,
        description="Voksen ute",
        timing="Daglig",
        responsible=[user],
        areas=["adult_role"],
    )
    return actions.adopt_plan_version(acting_user=user, version=version)


def _case_at(school, pupil, user):
    concern = actions.report_concern(
        acting_user=user, school=school, pupils=[pupil], what_happened="Utestengt.", occurred_at=timezone.now()
    )
    return actions.open_case(acting_user=user, concern=concern)[0]


def _at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_the_url_is_the_overview():
    assert reverse("cases:overview") == URL


@pytest.mark.django_db
def test_the_figures_with_no_suppression(cast, settings):
    settings.ANONYMITY_THRESHOLD = 1
    head = cast.department_head
    cases = [make_case(cast, pupil=p) for p in _pupils(cast.class_a, 3)]
    # The concern reached the principal two weeks ago, the investigation started two days
    # later and the plan is adopted today (working days counted by lib/workdays).
    today = timezone.localdate()
    reached = today - datetime.timedelta(days=14)
    started = reached + datetime.timedelta(days=2)
    for case in cases:
        Case.objects.filter(pk=case.pk).update(reached_principal_at=_at(reached))
        actions.change_status(acting_user=head, case=case, to="investigating", reason="Start")
    CaseStatusEvent.objects.filter(to_status="investigating").update(at=_at(started))
    _adopt(cases[0], head, evaluation_date=today - datetime.timedelta(days=1))
    close_after_investigation(head, cases[1], "Eleven har det bra nå.")
    # A case at another school of another owner is not counted.
    _case_at(cast.other_school, cast.other_pupil, cast.outsider)

    figures = build({cast.school.pk})
    assert figures.total.opened.value == 3
    assert figures.total.closed.value == 1
    assert figures.total.overdue.value == 1  # the plan's evaluation date was yesterday
    assert figures.total.to_investigation == working_days_between(reached, started)
    assert figures.total.to_plan == working_days_between(reached, today)
    assert figures.months[-1].opened.value == 3
    assert figures.months[-1].closed.value == 1
    assert [m.opened.value for m in figures.months[:-1]] == [0] * 11
    assert len(figures.months) == 12
    (grade,) = figures.grades
    assert grade.label == str(Grade.VG1.label)
    assert (grade.opened.value, grade.closed.value, grade.overdue.value) == (3, 1, 1)
    (school,) = figures.schools
    assert school.label == cast.school.name


@pytest.mark.django_db
def test_an_evaluated_plan_is_not_overdue(cast, settings):
    settings.ANONYMITY_THRESHOLD = 1
    case = make_case(cast)
    actions.change_status(acting_user=cast.department_head, case=case, to="investigating", reason="Start")
    _adopt(case, cast.department_head, evaluation_date=timezone.localdate() + datetime.timedelta(days=3))
    assert build({cast.school.pk}).total.overdue.value == 0


@pytest.mark.django_db
def test_small_numbers_and_medians_from_few_cases_are_hidden(client, cast, settings):
    settings.ANONYMITY_THRESHOLD = 5
    cases = [make_case(cast, pupil=p) for p in _pupils(cast.class_a, 6) + _pupils(cast.class_b, 1)]
    # Another grade with 3 cases: hidden, and — as the only hidden grade — Vg1 is hidden too,
    # since it would follow from the total of 10.
    grade_9 = SchoolClassFactory(school_year=cast.year, name="9A", grade=Grade.GRADE_9)
    cases += [make_case(cast, pupil=p) for p in _pupils(grade_9, 3)]
    figures = build({cast.school.pk})
    assert str(figures.total.opened) == "10"
    assert {row.label: str(row.opened) for row in figures.grades} == {"9. trinn": "–", "Vg1": "–"}
    assert figures.total.to_investigation is None  # no investigation started yet
    _login(client, cast, "principal")
    html = client.get(URL).content.decode()
    assert "&lt;5" not in html
    for case in cases:
        assert case.number not in html
        assert case.pupil.last_name not in html
    assert cast.department_head.last_name not in html


@pytest.mark.django_db
def test_the_page_has_accessible_charts_and_tables_without_inline_styles(client, cast, settings):
    settings.ANONYMITY_THRESHOLD = 5
    for pupil in _pupils(cast.class_a, 6):
        make_case(cast, pupil=pupil)
    _login(client, cast, "principal")
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    svgs = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(svgs) == 2
    for svg in svgs:
        assert 'role="img"' in svg
        assert re.search(r"<title id=\"[^\"]+\">[^<]+</title><desc id=", svg)
        # The CSP forbids inline styles: the plots use presentation attributes only.
        assert " style=" not in svg
        assert "<style" not in svg
    assert html.count("<caption>") == 3  # total, per month, per grade (one school: no school table)
    assert "Saker opprettet og avsluttet per måned" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("principal", 200),
        ("leadership", 200),
        ("owner_representative", 200),
        ("department_head", 404),
        ("contact_teacher", 404),
        ("teacher", 404),
        ("network_viewer", 404),
        ("guardian", 404),
        ("pupil_user", 404),
    ],
)
def test_who_sees_the_overview(client, cast, role, status):
    _login(client, cast, role)
    assert client.get(URL).status_code == status


@pytest.mark.django_db
def test_the_owner_representative_sees_every_school_of_their_owner_and_no_other(client, cast, settings):
    settings.ANONYMITY_THRESHOLD = 1
    sister = SchoolFactory(owner=cast.school.owner, name="Søsterskolen")
    sister_class = SchoolClassFactory(school_year=SchoolYearFactory(school=sister), name="8B", grade=Grade.GRADE_8)
    for pupil in _pupils(sister_class, 2):
        _case_at(sister, pupil, cast.owner_representative)
    ctx_ids = overview_school_ids(None, cast.owner_representative)
    assert ctx_ids is None
    _login(client, cast, "owner_representative")
    html = client.get(URL).content.decode()
    assert "Per skole" in html
    assert cast.school.name in html
    assert "Søsterskolen" in html
    assert cast.other_school.name not in html
    # The principal sees their own school only.
    _login(client, cast, "principal")
    assert "Søsterskolen" not in client.get(URL).content.decode()


@pytest.mark.django_db
def test_overview_query_count_is_bounded(client, cast, settings, django_assert_max_num_queries):
    settings.ANONYMITY_THRESHOLD = 1
    for pupil in _pupils(cast.class_a, 4) + _pupils(cast.class_b, 4):
        case = make_case(cast, pupil=pupil)
        actions.change_status(acting_user=cast.department_head, case=case, to="investigating", reason="Start")
    _login(client, cast, "owner_representative")
    # Session, user, roles and the school context (8), TOTP, the owner's schools (1),
    # opened, closed, overdue, timings, holidays, school names (6), session save (3) —
    # nothing per case, school or grade (8 cases here).
    with django_assert_max_num_queries(19):
        assert client.get(URL).status_code == 200
