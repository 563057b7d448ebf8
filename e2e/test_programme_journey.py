"""The Drømmeskolen year, end to end on phones (issue 4): the resource-group coordinator
sets the school's dates and the årshjul is generated and drawn as a wheel; a mentor lead is
designated in the resource group and runs a recruitment round, in which a 9th grader applies
on her phone and is selected and given a mentor class; the new mentor logs a life-skills
session on her phone, and the fidelity dashboard counts it.

Three people work at once, each in their own phone-sized browser context: the coordinator
(`page`), the mentor lead and the pupil. Staff log in with a password and an authenticator
code, the pupil with a password only. Every page visited is screenshotted and checked with
axe (see conftest.py).
"""

import datetime
import re
import time
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from drommeskolen.accounts.models import User
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

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CheckPage = Callable[[Page, str], None]

MOTIVATION = "Jeg vil at de nye elevene skal føle seg velkomne fra første dag."
INTERVIEW = "Trygg og varm, har erfaring fra fotballtrening med yngre barn."
EVALUATION = "Klassen var engasjert, og alle fikk si noe om hva en god venn er."
START_PAGE = re.compile(r"^https?://[^/]+/$")


def _staff(school: School, year: SchoolYear, kind: str, email: str, first: str, last: str) -> User:
    user = make_ready_for_sensitive_data(UserFactory(email=email, first_name=first, last_name=last))
    StaffMemberFactory(school=school, user=user)
    RoleFactory(user=user, kind=kind, school=school, school_year=year)
    return user


def make_school() -> dict[str, Any]:
    school = cast(School, SchoolFactory(name="Drømmevik ungdomsskole"))
    year = cast(SchoolYear, SchoolYearFactory(school=school))
    SchoolClassFactory(school_year=year, name="8A", grade=Grade.GRADE_8)
    SchoolClassFactory(school_year=year, name="8B", grade=Grade.GRADE_8)
    ninth = cast(SchoolClass, SchoolClassFactory(school_year=year, name="9B", grade=Grade.GRADE_9))
    pupil_user = cast(User, UserFactory(email="sara@elev.test", first_name="Sara", last_name="Solberg"))
    pupil = cast(
        Pupil, PupilFactory(school=school, user=pupil_user, first_name="Sara", last_name="Solberg", gender="female")
    )
    EnrolmentFactory(school_class=ninth, pupil=pupil)
    return {
        "year": year,
        "pupil": pupil_user,
        "coordinator": _staff(
            school, year, RoleKind.RESOURCE_GROUP_COORDINATOR, "koordinator@vik.test", "Kari", "Koordinator"
        ),
        "mentor_lead": _staff(school, year, RoleKind.COUNSELLOR, "radgiver@vik.test", "Mona", "Rådgiver"),
    }


# allauth refuses a code used before (replay protection): a person logging in twice within
# one 30-second period waits for the next code, as they would with their phone.
_last_code: dict[str, str] = {}


def log_in(page: Page, user: User, *, second_factor: bool = True) -> None:
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


def phone(browser: Browser, browser_context_args: dict[str, Any], console_log: Any) -> Page:
    """Another person's phone: a browser context of its own, like the `page` fixture's."""
    other = browser.new_context(**browser_context_args).new_page()
    other.set_default_timeout(10_000)
    other.on("console", console_log.record)
    other.on("pageerror", lambda error: console_log.errors.append(f"uncaught: {error}"))
    return other


def follow_menu(page: Page, name: str) -> None:
    main_menu(page).get_by_role("link", name=name, exact=True).click()


def success(page: Page, text: str) -> None:
    expect(page.get_by_text(text).first).to_be_visible()


def life_skills_on_dashboard(page: Page) -> tuple[int, str]:
    """The fidelity dashboard's life-skills sessions delivered this year, from its table of
    planned against done, and the key-figure line it shows ("Livsmestringssamlinger: 1 av 8")."""
    page.goto(reverse("fidelity:dashboard"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Gjennomføring av Drømmeskolen")
    row = page.locator("#measure-life_skills")
    expect(row.get_by_role("rowheader")).to_have_text("Livsmestringssamlinger")
    done = int(row.locator("td").first.inner_text().strip())
    return done, page.locator("#line-life_skills").inner_text()


def test_a_year_from_dates_to_a_logged_life_skills_session(
    page: Page, check_page: CheckPage, browser: Browser, browser_context_args: dict[str, Any], console_log: Any
) -> None:
    people = make_school()
    year: SchoolYear = people["year"]
    today = datetime.date.today()
    starts_on = year.starts_on
    term2_starts_on = datetime.date(starts_on.year + 1, 1, 4)
    ends_on = datetime.date(starts_on.year + 1, 6, 18)

    # 1. The coordinator sets the school's dates; the årshjul is generated and drawn.
    log_in(page, people["coordinator"])
    check_page(page, "coordinator-start")
    follow_menu(page, "Årshjul")
    expect(page.get_by_text("Årshjulet er ikke laget ennå.")).to_be_visible()
    check_page(page, "wheel-empty")
    page.get_by_role("link", name="Skolens datoer").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Skolens datoer")
    check_page(page, "dates")
    page.get_by_label("Første skoledag").fill(starts_on.isoformat())
    page.get_by_label("Første dag i 2. termin").fill(term2_starts_on.isoformat())
    page.get_by_label("Siste skoledag").fill(ends_on.isoformat())
    page.get_by_label("Påminnelse på e-post, dager før").fill("3")
    page.locator("input[name=ferie-0-name]").fill("Høstferie")
    page.locator("input[name=ferie-0-starts_on]").fill(datetime.date(starts_on.year, 10, 5).isoformat())
    page.locator("input[name=ferie-0-ends_on]").fill(datetime.date(starts_on.year, 10, 9).isoformat())
    page.get_by_role("button", name="Lagre og oppdater årshjulet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Årshjul")
    success(page, "Datoene er lagret og årshjulet er oppdatert")
    wheel = page.locator("figure.year-wheel svg[role=img]")
    expect(wheel).to_be_visible()
    expect(wheel.locator("path")).to_have_count(12)  # the months
    assert wheel.locator("circle > title").count() > 10  # the events
    expect(page.locator("main")).to_contain_text("Drømmeklassen 1")
    check_page(page, "wheel")

    # 2. In the resource group, the coordinator makes the counsellor a mentor lead.
    page.get_by_role("link", name="Ressursgruppen").first.click()
    check_page(page, "resource-group")
    page.get_by_label("Person").select_option(label=str(people["mentor_lead"]))
    page.get_by_label("Representerer").select_option(label="Rådgiver")
    page.get_by_label("Ansvarlig for elevmentorene").check()
    page.get_by_role("button", name="Legg til", exact=True).click()
    success(page, "Medlemmet er lagt til.")
    members = page.get_by_role("table").filter(has_text="Mona Rådgiver")
    expect(members.get_by_role("row").filter(has_text="Mona Rådgiver")).to_contain_text("Ansvarlig for elevmentorene")
    check_page(page, "resource-group-lead")
    before, line = life_skills_on_dashboard(page)
    assert line.startswith(f"Livsmestringssamlinger: {before} av")
    check_page(page, "dashboard-before")

    # 3. The mentor lead opens a recruitment round on her phone.
    lead = phone(browser, browser_context_args, console_log)
    log_in(lead, people["mentor_lead"])
    follow_menu(lead, "Elevmentorer")
    check_page(lead, "mentoring-home")
    lead.get_by_role("link", name="Rekruttering", exact=True).first.click()
    check_page(lead, "rounds")
    lead.get_by_label("Søknaden åpner").fill(today.isoformat())
    lead.get_by_label("Søknadsfrist").fill((today + datetime.timedelta(days=14)).isoformat())
    lead.get_by_role("button", name="Opprett runde").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Utvelgelse av elevmentorer")
    round_url = lead.url
    check_page(lead, "round-empty")

    # 4. Sara in 9th grade applies on her phone (pupils log in without a second factor).
    pupil = phone(browser, browser_context_args, console_log)
    log_in(pupil, people["pupil"], second_factor=False)
    check_page(pupil, "pupil-start")
    pupil.get_by_role("link", name="Vil du bli elevmentor?").click()
    check_page(pupil, "apply")
    pupil.get_by_label("Hvorfor vil du bli elevmentor?").fill(MOTIVATION)
    pupil.get_by_label("Ja").check()
    pupil.get_by_role("button", name="Send søknad").click()
    expect(pupil.get_by_text("Søknaden er mottatt og ikke avgjort ennå.")).to_be_visible()
    check_page(pupil, "applied")

    # 5. The mentor lead sees the balance, interviews, selects Sara and gives her 8A.
    lead.goto(round_url)
    expect(lead.get_by_role("row").filter(has_text="Totalt")).to_contain_text("1")
    check_page(lead, "round-applicant")
    lead.get_by_role("link", name="Sara Solberg").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Mentorsøknad")
    expect(lead.get_by_text(MOTIVATION)).to_be_visible()
    check_page(lead, "application")
    lead.get_by_label("Notater fra intervju").fill(INTERVIEW)
    lead.get_by_label("Valgt", exact=True).check()
    lead.get_by_role("button", name="Lagre").click()
    success(lead, "Søknaden er oppdatert.")
    lead.get_by_role("link", name="Sara Solberg").last.click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Sara Solberg")
    check_page(lead, "mentor")
    lead.get_by_label("Klasse").select_option(label=f"8A ({year.label})")
    lead.get_by_role("button", name="Legg til mentorklasse").click()
    success(lead, "Mentorklassen er lagt til.")
    expect(lead.get_by_role("list").filter(has_text=f"8A ({year.label})").first).to_be_visible()
    check_page(lead, "mentor-class")

    # 6. Sara, now a mentor, logs the first session in 8A on her phone.
    pupil.goto("/")
    follow_menu(pupil, "Mine mentoroppgaver")
    expect(pupil.get_by_text("Gjennomfør «Vennskap» i 8A")).to_be_visible()
    check_page(pupil, "mentor-page")
    pupil.get_by_role("link", name="Samling i 8A").click()
    check_page(pupil, "log-session")
    pupil.get_by_label("Samling").select_option(label="Vennskap")
    pupil.get_by_label("Dato").fill(today.isoformat())
    pupil.get_by_label("Kort evaluering").fill(EVALUATION)
    pupil.get_by_role("button", name="Registrer som gjennomført").click()
    success(pupil, "Samlingen er registrert som gjennomført.")
    expect(pupil.get_by_text("Gjennomfør «Vennskap» i 8A")).to_have_count(0)
    check_page(pupil, "mentor-page-after")

    # 7. The coordinator's fidelity dashboard counts the delivered session.
    after, line = life_skills_on_dashboard(page)
    assert after == before + 1
    assert line.startswith(f"Livsmestringssamlinger: {after} av")
    check_page(page, "dashboard-after")
