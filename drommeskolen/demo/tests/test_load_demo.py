import io

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.urls import reverse

from drommeskolen.accounts.models import PrivacyTraining, User
from drommeskolen.core.models import School, SchoolOwner
from drommeskolen.demo import logins
from drommeskolen.people import access
from drommeskolen.people.models import SCHOOL_ROLE_KINDS, GuardianRelation, Pupil, Role, RoleKind, StaffMember
from drommeskolen.people.roles import SENSITIVE_KINDS, context_for, guardian_children_ids


def load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def demo_school(demo: logins.DemoSchool) -> School:
    return School.objects.get(name=demo.name, owner__name=logins.OWNER_NAME)


@pytest.mark.django_db
def test_every_school_role_is_held_at_both_demo_schools():
    load()
    for demo in logins.SCHOOLS:
        school = demo_school(demo)
        kinds = set(
            Role.objects.filter(school=school, school_year=school.current_year()).values_list("kind", flat=True)
        )
        assert kinds == {k.value for k in SCHOOL_ROLE_KINDS}, demo.name
        # Every class has its contact teacher; every pupil is in a class this year with 1–2 guardians.
        year = school.current_year()
        assert not year.classes.exclude(roles__kind=RoleKind.CONTACT_TEACHER).exists()
        pupils = Pupil.objects.filter(school=school)
        assert pupils.filter(enrolments__school_class__school_year=year).distinct().count() == pupils.count()
        per_pupil = [p.guardian_relations.count() for p in pupils.prefetch_related("guardian_relations")]
        assert set(per_pupil) == {1, 2}
    above_schools = set(Role.objects.filter(school__isnull=True).values_list("kind", flat=True))
    assert above_schools == {RoleKind.OWNER_REPRESENTATIVE, RoleKind.NETWORK_VIEWER, RoleKind.SYSTEM_ADMIN}


@pytest.mark.django_db
def test_demo_schools_have_the_promised_size():
    load()
    dromtorp, drommevik = demo_school(logins.DROMTORP), demo_school(logins.DROMMEVIK)
    assert 450 <= Pupil.objects.filter(school=dromtorp).count() <= 550
    assert dromtorp.classes.count() == 21  # 7 classes in each of Vg1–Vg3
    assert set(dromtorp.classes.values_list("grade", flat=True)) == {11, 12, 13}
    assert drommevik.classes.count() == 9  # 3 classes in each of grades 8–10
    assert set(drommevik.classes.values_list("grade", flat=True)) == {8, 9, 10}
    for school in (dromtorp, drommevik):
        year = school.current_year()
        names = set(year.holidays.values_list("name", flat=True))
        assert {"Høstferie", "Juleferie", "Vinterferie", "Påskeferie"} <= names


@pytest.mark.django_db
def test_each_demo_login_has_the_role_it_is_listed_with():
    load()
    for login in logins.all_logins():
        user = User.objects.get(email=login.email)
        if login.school is None:
            assert Role.objects.filter(user=user, kind=login.kind).exists(), login.email
            continue
        school = demo_school(login.school)
        ctx = context_for(user, school)
        if login.kind == logins.GUARDIAN_WITHOUT_RESPONSIBILITY:
            assert RoleKind.GUARDIAN in ctx.kinds
            assert guardian_children_ids(user, school) == set()
        else:
            assert login.kind in ctx.kinds, login.email
            if login.kind == RoleKind.GUARDIAN:
                assert len(guardian_children_ids(user, school)) == 1


@pytest.mark.django_db
def test_the_demo_pupil_shares_a_class_with_the_contact_teacher_and_a_confidential_classmate():
    load()
    for demo in logins.SCHOOLS:
        school = demo_school(demo)
        pupil_user = User.objects.get(email=logins.school_login_email("elev", demo))
        teacher = User.objects.get(email=logins.school_login_email("kontaktlarer", demo))
        pupil_ctx, teacher_ctx = context_for(pupil_user, school), context_for(teacher, school)
        [school_class] = access.visible_classes(pupil_ctx)
        assert Role.objects.get(user=teacher, kind=RoleKind.CONTACT_TEACHER).school_class == school_class
        # The confidential classmate is in the class, and hidden from the pupil's class list.
        everyone = set(access.class_members(teacher_ctx, school_class))
        shown_to_pupil = set(access.class_members(pupil_ctx, school_class))
        hidden = everyone - shown_to_pupil
        assert len(hidden) == 1
        assert hidden.pop().confidential_address
        assert Pupil.objects.filter(school=school, confidential_address=True).count() >= 2


@pytest.mark.django_db
def test_staff_log_ins_have_privacy_training_and_no_second_factor_yet():
    load()
    sensitive = [login for login in logins.all_logins() if login.kind in SENSITIVE_KINDS]
    assert len(sensitive) == 2 * 10 + 2  # ten staff roles at each school, the owner and the administrator
    for login in sensitive:
        user = User.objects.get(email=login.email)
        assert PrivacyTraining.objects.filter(user=user).exists(), login.email
    demo_users = User.objects.filter(email__in=[login.email for login in logins.all_logins()])
    assert not Authenticator.objects.filter(user__in=demo_users).exists()
    # Everyone on the staff has training, so sensitive pages open once TOTP is set up.
    staff_users = StaffMember.objects.filter(school__owner__name=logins.OWNER_NAME).values("user")
    assert not User.objects.filter(pk__in=staff_users, privacy_trainings__isnull=True).exists()


@pytest.mark.django_db
def test_every_demo_log_in_works_with_the_demo_password(client):
    load()
    for number, login in enumerate(logins.all_logins(), start=1):
        client.logout()
        response = client.post(
            reverse("account_login"),
            {"login": login.email, "password": logins.DEMO_PASSWORD},
            REMOTE_ADDR=f"10.0.0.{number}",  # one address per log-in: allauth limits log-ins per address
        )
        assert response.status_code == 302, login.email
        assert client.session.get("_auth_user_id") == str(User.objects.get(email=login.email).pk), login.email


@pytest.mark.django_db
def test_a_wrong_password_does_not_log_in(client):
    load()
    client.post(reverse("account_login"), {"login": "rektor@dromtorp.demo", "password": "feil-passord-123"})
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing():
    first = load()
    counts = (User.objects.count(), Pupil.objects.count(), GuardianRelation.objects.count(), Role.objects.count())
    second = load()
    assert "Demodata lastet" in first
    assert "finnes allerede" in second
    assert (
        User.objects.count(),
        Pupil.objects.count(),
        GuardianRelation.objects.count(),
        Role.objects.count(),
    ) == counts
    assert SchoolOwner.objects.filter(name=logins.OWNER_NAME).count() == 1


@pytest.mark.django_db
def test_the_login_table_lists_every_role_with_the_password():
    output = load()
    listed = io.StringIO()
    call_command("demo_logins", stdout=listed)
    assert listed.getvalue() in output
    for login in logins.all_logins():
        line = next(line for line in listed.getvalue().splitlines() if f" {login.email} " in line)
        assert str(login.role_label) in line
        assert logins.DEMO_PASSWORD in line
        assert ("tofaktor" in line) == (login.kind in SENSITIVE_KINDS)


@pytest.mark.django_db
def test_demo_logins_without_demo_data_says_so():
    with pytest.raises(CommandError, match="load_demo"):
        call_command("demo_logins", stdout=io.StringIO())
