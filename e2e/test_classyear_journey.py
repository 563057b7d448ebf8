"""The class year on phones (issue 5 points 3–4): the contact teacher puts the class's goals
and missions on the Drømmeklasseplakat and downloads it as a PDF (its text read here), a
pupil sees the poster on her phone, and in the follow-up hour the teacher reviews a mission
and runs the class pulse — with one answer, below the anonymity threshold, the result
stays hidden. Every page is screenshotted and checked with axe (see conftest.py).
"""

import datetime
import re
import shutil
import subprocess
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from drommeskolen.accounts.models import User
from drommeskolen.classyear.models import Mission, MissionStatus, PulseReceipt, PulseTally
from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import Grade, Pupil, RoleKind, SchoolClass
from e2e.support import main_menu, totp_code
from tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    EnrolmentFactory,
    PupilFactory,
    RoleFactory,
    SchoolClassFactory,
    SchoolFactory,
    SchoolYearFactory,
    StaffMemberFactory,
    UserFactory,
    make_ready_for_sensitive_data,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)"),
]

CheckPage = Callable[[Page, str], None]
START_PAGE = re.compile(r"^https?://[^/]+/$")
GOALS = ("Alle blir sett hver dag", "Vi hjelper hverandre")
MISSIONS = ("Spis lunsj med en ny person", "Si hei til alle om morgenen")


def make_class() -> dict[str, Any]:
    school = cast(School, SchoolFactory(name="Drømmevik ungdomsskole"))
    year = cast(SchoolYear, SchoolYearFactory(school=school))
    school_class = cast(SchoolClass, SchoolClassFactory(school_year=year, name="8A", grade=Grade.GRADE_8))
    teacher = make_ready_for_sensitive_data(
        UserFactory(email="kontaktlaerer@vik.test", first_name="Per", last_name="Lærer")
    )
    StaffMemberFactory(school=school, user=teacher)
    RoleFactory(user=teacher, kind=RoleKind.CONTACT_TEACHER, school=school, school_year=year, school_class=school_class)
    pupil_user = cast(User, UserFactory(email="ida@elev.test", first_name="Ida", last_name="Isaksen"))
    pupil = cast(Pupil, PupilFactory(school=school, user=pupil_user, first_name="Ida", last_name="Isaksen"))
    EnrolmentFactory(school_class=school_class, pupil=pupil)
    return {"class": school_class, "teacher": teacher, "pupil": pupil_user}


def log_in(page: Page, user: User, *, second_factor: bool = True) -> None:
    page.goto("/konto/login/")
    page.get_by_label("E-post").fill(user.email)
    page.get_by_label("Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    if second_factor:
        expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/"))
        page.get_by_label("Kode").fill(totp_code(TEST_TOTP_SECRET))
        page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(START_PAGE)


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def test_poster_pdf_and_a_follow_up_hour_with_a_hidden_pulse(
    page: Page, check_page: CheckPage, browser: Browser, browser_context_args: dict[str, Any], console_log: Any
) -> None:
    data = make_class()
    school_class: SchoolClass = data["class"]
    today = datetime.date.today()

    log_in(page, data["teacher"])
    main_menu(page).get_by_role("link", name="Klasseåret", exact=True).click()
    check_page(page, "class-list")
    page.get_by_role("link", name="8A").click()
    check_page(page, "year-empty")

    # The poster: goals for the term and the missions of the period.
    page.get_by_role("navigation", name="Klassen").get_by_role("link", name="Klasseplakaten").click()
    check_page(page, "poster-empty")
    page.get_by_label("Klassens mål").fill("\n".join(GOALS))
    page.get_by_role("button", name="Lagre målene").click()
    expect(page.get_by_text("Målene er lagret.")).to_be_visible()
    page.get_by_label("Gjelder fra").fill((today - datetime.timedelta(days=14)).isoformat())
    page.get_by_label("Oppdrag for perioden").fill("\n".join(MISSIONS))
    page.get_by_role("button", name="Lagre oppdragene").click()
    expect(page.get_by_text("Oppdragene er lagret.")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=GOALS[0])).to_be_visible()
    check_page(page, "poster")

    # The printable poster holds the class, its goals and the missions.
    pdf = page.request.get(reverse("classyear:poster_pdf", args=[school_class.uuid]) + "?storrelse=A3")
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.body())
    for expected in ("8A", *GOALS, *MISSIONS):
        assert expected in text, expected

    # The pupil sees her class's poster from her start page.
    pupil = browser.new_context(**browser_context_args).new_page()
    pupil.on("console", console_log.record)
    log_in(pupil, data["pupil"], second_factor=False)
    pupil.get_by_role("link", name="Klasseplakaten for 8A").click()
    expect(pupil.get_by_role("listitem").filter(has_text=MISSIONS[0])).to_be_visible()
    expect(pupil.get_by_role("button", name="Lagre målene")).to_have_count(0)
    check_page(pupil, "pupil-poster")

    # The follow-up hour: review a mission, run the pulse, and close it below the threshold.
    page.goto(reverse("classyear:year", args=[school_class.uuid]))
    page.get_by_role("button", name="Start oppfølgingstime").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Oppfølgingstime i 8A")
    check_page(page, "follow-up")
    page.get_by_role("group", name=MISSIONS[0]).get_by_label("Gjort").check()
    page.get_by_role("button", name="Lagre vurderingen").click()
    expect(page.get_by_text("Vurderingen er lagret.")).to_be_visible()
    assert Mission.objects.get(text=MISSIONS[0]).status == MissionStatus.DONE
    page.get_by_role("button", name="Start klassepulsen").click()
    expect(page.get_by_text("Klassepulsen er åpen.")).to_be_visible()

    pupil.goto("/")
    pupil.get_by_role("link", name="Svar på klassepulsen i 8A").click()
    check_page(pupil, "pulse")
    for question in ("Jeg føler meg trygg i klassen", "Jeg hører til i klassen", "Klassen jobber godt med oppdragene"):
        pupil.get_by_role("group", name=question).get_by_label("4").check()
    pupil.get_by_role("button", name="Send").click()
    expect(pupil.get_by_text("Du har svart. Takk!")).to_be_visible()
    assert PulseReceipt.objects.count() == 1
    assert PulseTally.objects.filter(score=4).values_list("count", flat=True).distinct().get() == 1

    page.reload()
    expect(page.get_by_text("1 elev har svart.")).to_be_visible()
    page.get_by_role("button", name="Avslutt klassepulsen").click()
    expect(page.get_by_text("For få svar til å vise resultatet")).to_be_visible()
    check_page(page, "pulse-hidden")
    page.goto(reverse("classyear:year", args=[school_class.uuid]))
    expect(page.get_by_text("For få svar til å vise resultatet")).to_be_visible()
    check_page(page, "year")

    # A structured meeting: the agenda comes from the class's status; a measure is decided.
    page.get_by_role("link", name="Nytt møte med elevmentorer, kontaktlærer og ressursgruppe").click()
    expect(page.get_by_label("Saksliste")).to_contain_text("Oppdragene: 1 av 2 gjort")
    check_page(page, "new-meeting")
    page.get_by_label("Referat").fill("Klassen er godt i gang med oppdragene.")
    page.get_by_role("button", name="Lagre møtet").click()
    page.get_by_label("Tiltak", exact=True).fill("Faste grupper i friminuttet")
    page.get_by_label("Hvem").fill("Kontaktlærer og elevmentorene")
    page.get_by_label("Når").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Legg til tiltaket").click()
    expect(page.get_by_role("listitem").filter(has_text="Faste grupper i friminuttet")).to_be_visible()
    check_page(page, "meeting")
