import pytest
from django.urls import reverse

from drommeskolen.core.models import AccessLogEntry


@pytest.mark.django_db
def test_contact_teacher_opens_own_pupil_and_the_read_is_logged(client, cast):
    client.force_login(cast.contact_teacher)
    response = client.get(reverse("people:pupil_detail", args=[cast.pupil.uuid]))
    assert response.status_code == 200
    entry = AccessLogEntry.objects.get()
    assert entry.actor == cast.contact_teacher
    assert entry.pupil_uuid == cast.pupil.uuid
    assert entry.page == reverse("people:pupil_detail", args=[cast.pupil.uuid])


@pytest.mark.django_db
def test_teacher_of_another_class_gets_404_like_a_missing_pupil(client, cast):
    client.force_login(cast.contact_teacher)
    assert client.get(reverse("people:pupil_detail", args=[cast.pupil_b.uuid])).status_code == 404
    assert client.get(reverse("people:pupil_detail", args=[cast.other_pupil.uuid])).status_code == 404
    assert not AccessLogEntry.objects.exists()
