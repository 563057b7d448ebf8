"""The duty to act, end to end on a phone (issue 3): a teacher reports a concern, the
principal is told by e-mail and on the start page, opens a case and hands it to a department
head, who investigates, makes an activity plan (refused without (e), then adopted), the
guardian reads the redacted plan and answers, the plan is evaluated, revised and the case
closed; the saksmappe PDF holds every step, in order.

Every page visited is screenshotted and checked with axe (see conftest.py).
"""

import datetime
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from playwright.sync_api import Page, expect

from drommeskolen.accounts.models import User
from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import Grade, Pupil, RoleKind, SchoolClass
from e2e.support import SmtpServer, main_menu, totp_code
from tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    EnrolmentFactory,
    GuardianFactory,
    GuardianRelationFactory,
    PupilFactory,
    RoleFactory,
    SchoolClassFactory,
    SchoolFactory,
    SchoolYearFactory,
    StaffMemberFactory,
    UserFactory,
    make_ready_for_sensitive_data,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CheckPage = Callable[[Page, str], None]

CONCERN_TEXT = "Ola satt alene i hvert friminutt denne uken og gråt i garderoben."
PUPIL_WORDS = "Ingen vil være med meg, og Kari sier at jeg er rar."
GUARDIAN_WORDS = "Vi fikk vite at det var vanskelig i høst."
BEST_INTERESTS = "Det er til Olas beste at de voksne er til stede i friminuttene."
PROBLEM = "Ola opplever seg utestengt fra fellesskapet i klassen."
MEASURE_1 = "Inspektør i friminuttene ved garderoben."
MEASURE_2 = "Klassen arbeider med vennskap i klassens time."
GUARDIAN_ANSWER = "Vi er enige i planen og vil gjerne høre hvordan det går."
EVALUATION_1 = "Friminuttene er bedre, men klassens time trengs."
FINAL_WORDS = "Nå har jeg noen å være med, og det er fint på skolen."


def _staff(school: School, year: SchoolYear, kind: str, email: str, first: str, last: str, **scope: Any) -> User:
    user = make_ready_for_sensitive_data(UserFactory(email=email, first_name=first, last_name=last))
    StaffMemberFactory(school=school, user=user)
    RoleFactory(user=user, kind=kind, school=school, school_year=year, **scope)
    return user


def make_school() -> dict[str, Any]:
    school = cast(School, SchoolFactory(name="Drømmevik ungdomsskole"))
    year = cast(SchoolYear, SchoolYearFactory(school=school))
    school_class = cast(SchoolClass, SchoolClassFactory(school_year=year, name="8A", grade=Grade.GRADE_8))
    today = datetime.date.today()
    pupil = cast(
        Pupil,
        PupilFactory(
            school=school, first_name="Ola", last_name="Nordmann", birth_date=today.replace(year=today.year - 13)
        ),
    )
    EnrolmentFactory(school_class=school_class, pupil=pupil)
    classmate = cast(Pupil, PupilFactory(school=school, first_name="Kari", last_name="Holm"))
    EnrolmentFactory(school_class=school_class, pupil=classmate)
    guardian_user = cast(User, UserFactory(email="mor@familie.test", first_name="Mona", last_name="Nordmann"))
    guardian = GuardianFactory(school=school, user=guardian_user, first_name="Mona", last_name="Nordmann")
    GuardianRelationFactory(guardian=guardian, pupil=pupil, parental_responsibility=True)
    return {
        "school": school,
        "pupil": pupil,
        "guardian": guardian_user,
        "principal": _staff(school, year, RoleKind.PRINCIPAL, "rektor@vik.test", "Randi", "Rektor"),
        "department_head": _staff(school, year, RoleKind.DEPARTMENT_HEAD, "avd@vik.test", "Dag", "Avdeling"),
        "teacher": _staff(
            school, year, RoleKind.CONTACT_TEACHER, "laerer@vik.test", "Tone", "Lærer", school_class=school_class
        ),
    }


# allauth refuses a code used before (replay protection): a person logging in twice within
# one 30-second period waits for the next code, as they would with their phone.
_last_code: dict[str, str] = {}
START_PAGE = re.compile(r"^https?://[^/]+/$")


def log_in(page: Page, check_page: CheckPage, user: User, *, second_factor: bool = True) -> None:
    page.goto("/konto/login/")
    page.get_by_label("E-post").fill(user.email)
    page.get_by_label("Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    if second_factor:
        expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/"))
        code = totp_code(TEST_TOTP_SECRET)
        while code == _last_code.get(user.email):
            time.sleep(1)
            code = totp_code(TEST_TOTP_SECRET)
        _last_code[user.email] = code
        page.get_by_label("Kode").fill(code)
        page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(START_PAGE)


def log_out(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)


def open_case_page(page: Page, case_number: str) -> None:
    page.goto("/saker/")
    page.get_by_role("link", name=case_number, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Sak {case_number}")


def pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return result.stdout


def assert_in_order(text: str, parts: list[str]) -> None:
    flat = " ".join(text.split())
    position = 0
    for part in parts:
        found = flat.find(" ".join(part.split()), position)
        assert found >= 0, f"{part!r} is missing from the saksmappe after position {position}"
        position = found + 1


def test_from_a_concern_to_a_closed_case(
    page: Page, check_page: CheckPage, smtp_server: SmtpServer, tmp_path: Path, settings: Any
) -> None:
    # The task worker's job, done at once here: the e-mail goes out while the page answers.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    people = make_school()
    today = datetime.date.today().isoformat()

    # 1. The contact teacher reports a concern, on a phone, from the main menu.
    log_in(page, check_page, people["teacher"])
    main_menu(page).get_by_role("link", name="Meld bekymring").click()
    check_page(page, "report")
    page.get_by_label("Søk etter navn eller klasse").fill("Nordmann")
    page.get_by_label(re.compile(r"^Ola Nordmann")).check()
    page.get_by_label("Hva så du, eller hva fikk du høre?").fill(CONCERN_TEXT)
    page.get_by_role("button", name="Send til rektor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Melding")
    check_page(page, "receipt")
    log_out(page)

    # 2. The principal's e-mail arrives over SMTP and says nothing about the pupil.
    mail = smtp_server.wait_for(1)[0]
    assert mail["To"] == people["principal"].email
    body = mail.get_body(preferencelist=("plain",)).get_content()
    for name in ("Ola", "Nordmann"):
        assert name not in body
        assert name not in mail["Subject"]

    # 3. The concern is on the principal's start page; a case is opened and handed over.
    log_in(page, check_page, people["principal"])
    check_page(page, "principal-start")
    page.get_by_role("link", name=re.compile("ny melding|nye meldinger", re.IGNORECASE)).first.click()
    check_page(page, "inbox")
    page.get_by_role("button", name="Opprett sak").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sak ")
    case_number = page.get_by_role("heading", level=1).inner_text().removeprefix("Sak ").strip()
    check_page(page, "case-opened")
    page.get_by_label("Saksbehandler").select_option(label=str(people["department_head"]))
    page.get_by_role("button", name="Bytt saksbehandler").click()
    expect(page.get_by_text(str(people["department_head"])).first).to_be_visible()
    log_out(page)

    # 4. The department head investigates: the pupil's own words and who has been heard.
    log_in(page, check_page, people["department_head"])
    open_case_page(page, case_number)
    page.get_by_label("Ny status").select_option(label="Undersøkes")
    page.get_by_label("Begrunnelse").fill("Undersøkelsen starter i dag.")
    page.get_by_role("button", name="Endre status").click()
    page.get_by_role("link", name="Undersøkelse").first.click()
    check_page(page, "investigation")
    page.get_by_label("Elevens egen opplevelse, med elevens egne ord").fill(PUPIL_WORDS)
    page.get_by_role("button", name="Lagre elevens opplevelse").click()
    expect(page.get_by_text(PUPIL_WORDS).first).to_be_visible()
    for party, text in (("Eleven", PUPIL_WORDS), ("Foresatte", GUARDIAN_WORDS)):
        page.get_by_label("Hvem var samtalen med?").select_option(label=party)
        page.get_by_label(re.compile(r"^Hva ble sagt eller observert\?")).fill(text)
        page.locator("form:has(#finding_party)").get_by_role("button", name="Lagre i journalen").click()
    page.get_by_label("Vurdering av elevens beste").fill(BEST_INTERESTS)
    page.get_by_role("button", name="Lagre vurderingen").click()
    heard = page.get_by_role("table").filter(has_text="Eleven").first
    expect(heard.get_by_role("row").filter(has_text="Eleven")).not_to_contain_text("Ikke hørt")
    expect(heard.get_by_role("row").filter(has_text="Foresatte")).not_to_contain_text("Ikke hørt")
    check_page(page, "investigation-done")

    # 5. The plan: refused without (e), with a Norwegian message; adopted with it.
    open_case_page(page, case_number)
    page.get_by_role("link", name=re.compile("Aktivitetsplan")).first.click()
    page.get_by_role("button", name="Lag aktivitetsplan").click()
    page.get_by_label("Hvilket problem skal tiltakene løse? (a)").fill(PROBLEM)
    page.get_by_label("Elevens syn (med elevens egne ord)").fill(PUPIL_WORDS)
    page.get_by_role("button", name="Lagre utkastet").click()
    page.get_by_label("Tiltak (b)").fill(MEASURE_1)
    page.get_by_label("Fra dato (c)").fill(today)
    page.get_by_label(str(people["teacher"])).check()
    page.get_by_label("De voksnes rolle og holdninger").check()
    page.get_by_role("button", name="Legg til tiltaket").click()
    check_page(page, "plan-draft")
    page.get_by_role("button", name="Vedta versjon 1").click()
    expect(page.get_by_role("alert").or_(page.locator(".ds-alert")).first).to_contain_text(
        "når tiltakene skal evalueres (e)"
    )
    check_page(page, "plan-refused")
    page.get_by_label("Når skal tiltakene evalueres? (e)").fill(today)
    page.get_by_role("button", name="Lagre utkastet").click()
    page.get_by_role("button", name="Vedta versjon 1").click()
    expect(page.get_by_text("Vedtatt").first).to_be_visible()
    check_page(page, "plan-adopted")
    log_out(page)

    # 6. The guardian logs in, reads the plan without the classmate's name, and answers.
    log_in(page, check_page, people["guardian"], second_factor=False)
    check_page(page, "guardian-start")
    page.get_by_role("link", name=re.compile("plan", re.IGNORECASE)).first.click()
    if page.get_by_role("link", name=re.compile("versjon 1", re.IGNORECASE)).count():
        check_page(page, "guardian-plans")
        page.get_by_role("link", name=re.compile("versjon 1", re.IGNORECASE)).first.click()
    expect(page.get_by_text(PROBLEM)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Kari")
    check_page(page, "guardian-plan")
    page.get_by_label(re.compile("Hva mener du om planen")).fill(GUARDIAN_ANSWER)
    page.get_by_role("button", name=re.compile("Send")).click()
    expect(page.get_by_text(GUARDIAN_ANSWER)).to_be_visible()
    check_page(page, "guardian-answered")
    log_out(page)

    # 7. Evaluation → revision → a second version → evaluation → closure.
    log_in(page, check_page, people["department_head"])
    open_case_page(page, case_number)
    page.get_by_role("link", name="Evaluering").first.click()
    check_page(page, "evaluation")
    page.get_by_label("Delvis").first.check()  # did the measures work?
    page.locator("input[name=pupil_experience][value=partly]").check()
    page.get_by_label("Elevens egne ord").fill(EVALUATION_1)
    page.get_by_label("Revidere planen").check()
    page.get_by_role("button", name=re.compile("Lagre")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aktivitetsplan")
    page.get_by_label("Tiltak (b)").fill(MEASURE_2)
    page.get_by_label("Fra dato (c)").fill(today)
    page.get_by_label(str(people["teacher"])).check()
    page.get_by_label("Fellesskapende didaktikk").check()
    page.get_by_role("button", name="Legg til tiltaket").click()
    page.get_by_role("button", name="Vedta versjon 2").click()
    expect(page.get_by_text("Vedtatt").first).to_be_visible()
    check_page(page, "plan-revised")

    open_case_page(page, case_number)
    page.get_by_role("link", name="Evaluering").first.click()
    check_page(page, "evaluation-2")
    page.get_by_label("Ja").first.check()
    page.locator("input[name=pupil_experience][value=safe]").check()
    page.get_by_label("Elevens egne ord").fill(FINAL_WORDS)
    page.get_by_label("Avslutte saken").check()
    page.get_by_role("button", name=re.compile("Lagre")).click()
    expect(page.get_by_text("Avsluttet").first).to_be_visible()
    check_page(page, "case-closed")

    # 8. The saksmappe: every step, in order.
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned saksmappe (PDF)").click()
    pdf = tmp_path / "saksmappe.pdf"
    download.value.save_as(pdf)
    text = pdf_text(pdf)
    assert case_number in text
    assert_in_order(
        text,
        [
            CONCERN_TEXT,
            "Saksbehandler: Dag Avdeling",
            "Undersøkelsen starter i dag.",
            PUPIL_WORDS,
            GUARDIAN_WORDS,
            BEST_INTERESTS,
            "versjon 1 vedtatt",
            "Plan versjon 1 sendt til Mona Nordmann",
            GUARDIAN_ANSWER,
            EVALUATION_1,
            "versjon 2 vedtatt",
            FINAL_WORDS,
            "Evalueres → Avsluttet",
        ],
    )


def test_a_pupil_tells_the_school_on_a_phone(page: Page, check_page: CheckPage, settings: Any) -> None:
    """«Si fra»: a 13-year-old tells the school they are not doing well; the principal sees
    it on the start page. No pupil ever sees a case."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    people = make_school()
    pupil_user = cast(User, UserFactory(email="ola@elev.test", first_name="Ola", last_name="Nordmann"))
    Pupil.objects.filter(pk=people["pupil"].pk).update(user=pupil_user)

    log_in(page, check_page, pupil_user, second_factor=False)
    check_page(page, "pupil-start")
    main_menu(page).get_by_role("link", name="Si fra").click()
    check_page(page, "pupil-tell")
    page.get_by_label("Meg selv").check()
    page.get_by_label("Hva har skjedd? Fortell med dine egne ord.").fill("Jeg er alene i friminuttene.")
    page.get_by_role("button", name="Send").click()
    check_page(page, "pupil-receipt")
    expect(page.locator("main")).to_contain_text("Jeg er alene i friminuttene.")
    log_out(page)

    log_in(page, check_page, people["principal"])
    expect(page.get_by_role("link", name="1 ny melding uten sak")).to_be_visible()
