"""Life-skills sessions: planning, the delivery log (a mentor on a phone, or a teacher),
anonymous ratings shown only above the threshold, progress, materials."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from drommeskolen.mentoring import actions
from drommeskolen.mentoring.models import LifeSkillsSession, Material, RatingReceipt, RatingTally, SessionStatus
from drommeskolen.people.models import Grade
from tests.factories import EnrolmentFactory, SchoolClassFactory, UserFactory

from .helpers import make_mentor

TODAY = timezone.localdate


def _deliver(cast, school_class=None, topic="vennskap"):
    return actions.log_session_delivery(
        acting_user=cast.contact_teacher,
        school_class=school_class or cast.class_a,
        topic=topic,
        delivered_on=TODAY(),
        led_by="mentors",
    )


@pytest.mark.django_db
def test_a_mentor_logs_a_session_on_the_phone(client, cast):
    mentor = make_mentor(cast, cast.pupil)
    actions.assign_mentor_class(mentor=mentor, school_class=cast.class_b)
    client.force_login(cast.pupil_user)
    url = reverse("mentoring:log_session", args=[cast.class_b.uuid])
    page = client.get(url).content.decode()
    assert "Sosial på skolen" in page
    assert "Søvn" not in page
    assert "Ledet av" not in page
    response = client.post(
        url, {"topic": "sosial_pa_skolen", "delivered_on": TODAY().isoformat(), "evaluation": "Alle var med."}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mentoring:me")
    session = LifeSkillsSession.objects.get()
    assert session.status == SessionStatus.DELIVERED
    assert session.led_by == "mentors"
    assert list(session.mentors.all()) == [mentor]
    # Not their class: 404. A teacher topic: refused.
    assert client.get(reverse("mentoring:log_session", args=[cast.class_a.uuid])).status_code == 404
    client.post(url, {"topic": "sovn", "delivered_on": TODAY().isoformat()})
    assert LifeSkillsSession.objects.count() == 1


@pytest.mark.django_db
def test_a_teacher_plans_and_logs_a_teacher_session(client, cast):
    ninth = SchoolClassFactory(school_year=cast.year, name="2STA", grade=Grade.VG2)
    client.force_login(cast.teacher)
    plan = reverse("mentoring:class_sessions", args=[ninth.uuid])
    client.post(plan, {"topic": "hjernen", "planned_on": (TODAY() + datetime.timedelta(days=3)).isoformat()})
    assert LifeSkillsSession.objects.get().status == SessionStatus.PLANNED
    log = reverse("mentoring:log_session", args=[ninth.uuid])
    client.post(
        log, {"topic": "hjernen", "delivered_on": TODAY().isoformat(), "led_by": "teacher", "evaluation": "Fin prat."}
    )
    session = LifeSkillsSession.objects.get()
    assert session.status == SessionStatus.DELIVERED
    assert session.teacher == cast.teacher
    page = client.get(plan).content.decode()
    assert "Gjennomført" in page
    future = client.post(
        log,
        {"topic": "tanker", "delivered_on": (TODAY() + datetime.timedelta(days=1)).isoformat(), "led_by": "teacher"},
    )
    assert "fram i tid" in future.content.decode()


@pytest.mark.django_db
def test_a_topic_must_match_the_grade(cast):
    with pytest.raises(ValidationError):
        actions.plan_session(acting_user=cast.principal, school_class=cast.class_a, topic="sovn", planned_on=None)


@pytest.mark.django_db
@override_settings(ANONYMITY_THRESHOLD=3)
def test_ratings_are_anonymous_and_shown_only_from_the_threshold(client, cast):
    session = _deliver(cast)
    client.force_login(cast.pupil_user)
    url = reverse("mentoring:rate_session", args=[session.uuid])
    assert client.post(url, {"score": "4"}).status_code == 302
    assert "Du har vurdert denne samlingen" in client.get(url).content.decode()
    client.post(url, {"score": "1"})  # a second try is not counted
    assert dict(RatingTally.objects.values_list("score", "count")) == {1: 0, 2: 0, 3: 0, 4: 1, 5: 0}
    assert RatingReceipt.objects.filter(pupil=cast.pupil).count() == 1

    detail = reverse("mentoring:session_detail", args=[session.uuid])
    client.force_login(cast.contact_teacher)
    assert "når minst 3 elever har svart" in client.get(detail).content.decode()
    actions.rate_session(pupil=cast.classmate, session=session, score=5)
    actions.rate_session(pupil=cast.confidential_pupil, session=session, score=3)
    page = client.get(detail).content.decode()
    assert "Snitt 4,0 av 5 (3 svar)" in page or "Snitt 4.0 av 5 (3 svar)" in page


@pytest.mark.django_db
def test_only_pupils_of_the_class_rate_a_delivered_session(client, cast):
    planned = actions.plan_session(
        acting_user=cast.principal, school_class=cast.class_a, topic="god_nok", planned_on=None
    )
    delivered = _deliver(cast)
    client.force_login(cast.pupil_user)
    assert client.get(reverse("mentoring:rate_session", args=[planned.uuid])).status_code == 404
    other = UserFactory()
    EnrolmentFactory(school_class=cast.class_b, pupil__user=other)
    client.force_login(other)
    assert client.get(reverse("mentoring:rate_session", args=[delivered.uuid])).status_code == 404


@pytest.mark.django_db
def test_progress_per_class_and_grade(client, cast):
    _deliver(cast)
    actions.plan_session(acting_user=cast.principal, school_class=cast.class_b, topic="god_nok", planned_on=None)
    client.force_login(cast.teacher)
    page = client.get(reverse("mentoring:progress")).content.decode()
    assert "<td>2</td><td>1 (12 %)</td><td>1</td><td>8</td>" in page  # Vg1: 2 classes, 1 of 8 done, 1 planned
    assert "1STA</a></th><td>1</td><td>0</td><td>4</td>" in page


@pytest.mark.django_db
def test_materials_files_are_validated_and_served_to_the_school_only(client, cast):
    client.force_login(cast.resource_group_member)
    url = reverse("mentoring:materials")
    pdf = SimpleUploadedFile("Vennskap opplegg.pdf", b"%PDF-1.7 hello", content_type="application/pdf")
    assert client.post(url, {"topic": "vennskap", "title": "Opplegg", "file": pdf}).status_code == 302
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    page = client.post(url, {"topic": "vennskap", "title": "Falsk", "file": fake}).content.decode()
    assert "ikke det navnet sier" in page
    exe = SimpleUploadedFile("program.exe", b"MZ\x90\x00")
    assert "filtypen" in client.post(url, {"topic": "vennskap", "title": "x", "file": exe}).content.decode()
    neither = client.post(url, {"topic": "vennskap", "title": "Tom"}).content.decode()
    assert "enten en fil eller en lenke" in neither
    client.post(url, {"topic": "sovn", "title": "Søvnfilm", "url": "https://example.org/sovn"})
    assert Material.objects.count() == 2

    material = Material.objects.get(title="Opplegg")
    file_url = reverse("mentoring:material_file", args=[material.uuid])
    response = client.get(file_url)
    assert response.content == b"%PDF-1.7 hello"
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    # A teacher may read but not add; a guardian gets nothing.
    client.force_login(cast.teacher)
    assert client.get(file_url).status_code == 200
    assert client.post(url, {"topic": "sovn", "title": "x", "url": "https://example.org"}).status_code == 404
    client.force_login(cast.guardian)
    assert client.get(file_url).status_code == 404


@pytest.mark.django_db
def test_the_start_page_asks_the_pupils_of_the_class_to_rate(client, cast):
    session = _deliver(cast)
    url = reverse("mentoring:rate_session", args=[session.uuid])
    client.force_login(cast.pupil_user)
    assert url in client.get(reverse("core:home")).content.decode()
    actions.rate_session(pupil=cast.pupil, session=session, score=4)
    assert url not in client.get(reverse("core:home")).content.decode()
    client.force_login(cast.mentor)  # in class B
    page = client.get(reverse("core:home")).content.decode()
    assert url not in page
    assert reverse("mentoring:me") in page


def _mentors_of_class_b(cast):
    first = make_mentor(cast, cast.pupil)
    second = make_mentor(cast, cast.classmate)
    elsewhere = make_mentor(cast, cast.confidential_pupil)
    for mentor in (first, second):
        actions.assign_mentor_class(mentor=mentor, school_class=cast.class_b)
    actions.assign_mentor_class(mentor=elsewhere, school_class=cast.class_a)
    return first, second, elsewhere


@pytest.mark.django_db
def test_staff_pick_the_mentors_who_led_a_session(client, cast):
    first, second, elsewhere = _mentors_of_class_b(cast)
    client.force_login(cast.teacher)
    url = reverse("mentoring:log_session", args=[cast.class_b.uuid])
    page = client.get(url).content.decode()
    assert cast.pupil.full_name in page
    assert cast.classmate.full_name in page
    assert cast.confidential_pupil.full_name not in page  # a mentor of another class
    data = {"topic": "vennskap", "delivered_on": TODAY().isoformat(), "led_by": "mentors"}
    response = client.post(url, data | {"mentors": [str(first.uuid), str(second.uuid)]})
    assert response.status_code == 302
    session = LifeSkillsSession.objects.get()
    assert set(session.mentors.all()) == {first, second}
    # A mentor of another class cannot be ticked.
    client.post(url, data | {"mentors": [str(elsewhere.uuid)]})
    assert set(session.mentors.all()) == {first, second}
    # Logged again by staff (say, to add the evaluation): the form starts from who led it.
    form = client.get(url, {"samling": "vennskap"}).context["form"]
    assert {m.pk for m in form["mentors"].initial} == {first.pk, second.pk}
    with pytest.raises(ValidationError):
        actions.log_session_delivery(
            acting_user=cast.teacher,
            school_class=cast.class_b,
            topic="vennskap",
            delivered_on=TODAY(),
            led_by="mentors",
            mentors=[elsewhere],
        )


@pytest.mark.django_db
def test_a_mentor_logs_with_co_leaders_and_is_ticked_already(client, cast):
    first, second, _elsewhere = _mentors_of_class_b(cast)
    client.force_login(cast.pupil_user)
    url = reverse("mentoring:log_session", args=[cast.class_b.uuid])
    form = client.get(url).context["form"]
    assert [m.pk for m in form["mentors"].initial] == [first.pk]
    data = {"topic": "god_nok", "delivered_on": TODAY().isoformat(), "mentors": [str(first.uuid), str(second.uuid)]}
    assert client.post(url, data).status_code == 302
    assert set(LifeSkillsSession.objects.get(topic="god_nok").mentors.all()) == {first, second}
    # Ticking nobody still records the mentor who logged it.
    client.post(url, {"topic": "vennskap", "delivered_on": TODAY().isoformat()})
    assert list(LifeSkillsSession.objects.get(topic="vennskap").mentors.all()) == [first]
