"""The school's own manual: a text and a document per part, uploaded by the resource group
and downloaded by the session's leaders through an access-checked view."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from drommeskolen.dreamclass import forms
from drommeskolen.dreamclass.actions import _download_name
from drommeskolen.dreamclass.models import ManualText, Part, SessionKind
from drommeskolen.mentoring.models import Mentor, MentorClass

from .helpers import dk_session, login

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
DOCX = b"PK\x03\x04 a Word document"
MANUAL_URL = reverse("dreamclass:manual") + "?okt=dk1"


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> Any:
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _post(client: Any, **data: Any) -> Any:
    return client.post(MANUAL_URL, {part.value: "" for part in Part} | data)


def _upload(client: Any, cast: Any, name: str = "Manus velkommen.pdf", content: bytes = PDF, **data: Any) -> Any:
    login(client, cast, cast.resource_group_coordinator)
    return _post(client, welcome_file=SimpleUploadedFile(name, content), **data)


def _welcome() -> ManualText:
    return ManualText.objects.get(kind=SessionKind.DK1, part=Part.WELCOME)


def _download(client: Any, manual: ManualText) -> Any:
    return client.get(reverse("dreamclass:manual_download", args=[manual.file_uuid]))


def test_a_document_is_uploaded_and_its_leaders_download_it(client, cast, media_root) -> None:
    response = _upload(client, cast, welcome="Start med navneleken.")
    assert response.status_code == 302
    manual = _welcome()
    assert manual.text == "Start med navneleken."
    assert manual.file_name == "Manus velkommen.pdf"
    assert manual.content_type == "application/pdf"
    assert manual.file_size == len(PDF)
    # Stored under the school's and the document's UUIDs, never under the uploaded name.
    assert manual.file.name == f"dreamclass/manual/{cast.school.uuid}/{manual.file_uuid}"

    session = dk_session(cast)
    login(client, cast, cast.contact_teacher)
    page = client.get(reverse("dreamclass:session_detail", args=[session.uuid])).content.decode()
    assert "Start med navneleken." in page  # the text and the document, both
    assert "Last ned skolens manus (Manus velkommen.pdf)" in page
    assert reverse("dreamclass:manual_download", args=[manual.file_uuid]) in page
    assert "/media/" not in page

    response = _download(client, manual)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Manus velkommen.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_mentor_of_the_class_downloads_it(client, cast) -> None:
    _upload(client, cast)
    mentor = Mentor.objects.create(school=cast.school, pupil=cast.mentor.pupil)
    MentorClass.objects.create(mentor=mentor, school_class=cast.class_a)
    login(client, cast, cast.mentor)
    assert _download(client, _welcome()).status_code == 200


def test_others_get_404(client, cast) -> None:
    _upload(client, cast)
    manual = _welcome()
    client.logout()
    anonymous = _download(client, manual)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    for user in (cast.teacher, cast.department_head, cast.mentor):  # staff outside the class's circle, no mentor class
        login(client, cast, user)
        assert _download(client, manual).status_code == 404
    client.force_login(cast.outsider)  # the other school's teacher, at their own school
    assert _download(client, manual).status_code == 404


def test_a_document_of_another_school_is_404(client, cast) -> None:
    _upload(client, cast)
    ManualText.objects.filter(pk=_welcome().pk).update(school=cast.other_school)
    login(client, cast, cast.principal)
    assert _download(client, _welcome()).status_code == 404


def test_a_new_document_replaces_the_old_one(client, cast, media_root, django_capture_on_commit_callbacks) -> None:
    _upload(client, cast, welcome="Navneleken.")
    old = _welcome()
    old_path = media_root / old.file.name
    page = client.get(MANUAL_URL).content.decode()
    assert "Manus velkommen.pdf" in page
    assert "Bytt dokument" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, welcome="Navneleken.", welcome_file=SimpleUploadedFile("Ny plan.docx", DOCX))
    assert response.status_code == 302
    new = _welcome()
    assert new.file_name == "Ny plan.docx"
    assert new.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert new.file_uuid != old.file_uuid
    assert not old_path.exists()
    assert (media_root / new.file.name).read_bytes() == DOCX
    assert _download(client, old).status_code == 404  # the old link no longer works
    assert _download(client, new).status_code == 200


def test_a_document_is_removed_and_the_text_kept(client, cast, media_root, django_capture_on_commit_callbacks) -> None:
    _upload(client, cast, welcome="Navneleken.")
    old = _welcome()
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(client, welcome="Navneleken.", welcome_remove="on").status_code == 302
    manual = _welcome()
    assert (manual.file.name, manual.file_uuid, manual.file_name, manual.content_type) == ("", None, "", "")
    assert manual.text == "Navneleken."
    assert not (media_root / old.file.name).exists()
    session = dk_session(cast)
    page = client.get(reverse("dreamclass:session_detail", args=[session.uuid])).content.decode()
    assert "Last ned skolens manus" not in page
    assert "Navneleken." in page


def test_uploading_and_removing_at_once_is_refused(client, cast) -> None:
    _upload(client, cast)
    old = _welcome()
    response = _post(client, welcome_remove="on", welcome_file=SimpleUploadedFile("Ny.pdf", PDF))
    assert response.status_code == 200
    assert "Last opp et nytt dokument eller fjern det, ikke begge." in response.content.decode()
    assert _welcome().file_uuid == old.file_uuid


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("manus.pdf", b"MZ\x90\x00 a program"),  # the name says PDF, the content does not
        ("manus.exe", b"MZ\x90\x00 a program"),
        ("manus.txt", b"MZ\x90\x00 a program"),  # binary, not text
        ("manus.html", b"<script>alert(1)</script>"),
        ("pdf", PDF),  # no extension at all
    ],
)
def test_a_wrong_type_is_refused_and_the_typed_texts_kept(client, cast, media_root, name, content) -> None:
    response = _upload(client, cast, name=name, content=content, welcome="Navneleken.", goals="Tre mål.")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Filtypen er ikke tillatt. Last opp PDF, Word (docx), ODT eller ren tekst (txt)." in page
    assert "Manuset er ikke lagret. Se feilene under." in page
    assert "Navneleken." in page
    assert "Tre mål." in page
    assert not ManualText.objects.exists()  # nothing saved, not even the texts
    assert not any(media_root.rglob("*"))


def test_a_file_over_10_mb_is_refused(client, cast, media_root) -> None:
    big = PDF + b"0" * forms.MAX_MANUAL_BYTES
    response = _upload(client, cast, content=big, welcome="Navneleken.")
    assert response.status_code == 200
    assert "Filen er for stor (høyst 10 MB)." in response.content.decode()
    assert "Navneleken." in response.content.decode()
    assert not ManualText.objects.exists()
    assert not any(media_root.rglob("*"))


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Manus.txt", "Velkommen, alle sammen – æøå.\n".encode(), "text/plain"),
        ("manus.TXT", "Velkommen – æøå.\n".encode("cp1252"), "text/plain"),
        ("manus.odt", b"PK\x03\x04 an ODT document", "application/vnd.oasis.opendocument.text"),
    ],
)
def test_plain_text_and_odt_are_taken(client, cast, name, content, content_type) -> None:
    assert _upload(client, cast, name=name, content=content).status_code == 302
    assert _welcome().content_type == content_type


def test_a_name_with_letters_beyond_ascii_is_offered_safely(client, cast) -> None:
    _upload(client, cast, name="Velkommen – første dag.pdf")
    response = _download(client, _welcome())
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Velkommen%20%E2%80%93%20f%C3%B8rste%20dag.pdf"
    )


def test_the_download_name_is_printable_and_short() -> None:
    assert _download_name("Manus\r\nSet-Cookie: x.pdf") == "ManusSet-Cookie: x.pdf"
    assert _download_name(None) == "manus"
    long = _download_name("a" * 300 + ".docx")
    assert len(long) == 200
    assert long.endswith(".docx")


def test_the_pages_cost_the_same_with_documents(client, cast, django_assert_max_num_queries) -> None:
    login(client, cast, cast.resource_group_coordinator)
    files = {f"{part.value}_file": SimpleUploadedFile(f"{part.value}.pdf", PDF) for part in Part}
    assert _post(client, **{part.value: "Tekst" for part in Part}, **files).status_code == 302
    assert ManualText.objects.exclude(file="").count() == len(Part)
    # Session, user, school context and 2FA (9), the manual's rows (one query), session save (3).
    with django_assert_max_num_queries(13):
        assert client.get(MANUAL_URL).status_code == 200
    session = dk_session(cast)
    login(client, cast, cast.contact_teacher)
    with django_assert_max_num_queries(17):  # as without a manual (test_anonymity): one query for all parts
        page = client.get(reverse("dreamclass:session_detail", args=[session.uuid])).content.decode()
    assert page.count("Last ned skolens manus") == len(Part)
