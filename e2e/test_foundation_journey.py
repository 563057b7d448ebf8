"""The foundation journey on a phone: a principal's first log-in, the second factor, the
language switch, the start page and the class list — and, once the roster import exists,
importing classes and pupils from files saved by a school administration system.

Every page visited is screenshotted and checked with axe (see conftest.py).
"""

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import pytest
from playwright.sync_api import Page, expect

from drommeskolen.accounts.models import PrivacyTraining, User
from drommeskolen.core.models import School, SchoolYear
from drommeskolen.people.models import Enrolment, Pupil, RoleKind, SchoolClass
from e2e.support import main_menu, totp_code
from tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    RoleFactory,
    SchoolFactory,
    SchoolYearFactory,
    StaffMemberFactory,
    UserFactory,
    make_ready_for_sensitive_data,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CheckPage = Callable[[Page, str], None]
ROOT = Path(__file__).resolve().parent.parent
ROSTERS_READY = (ROOT / "drommeskolen" / "rosters" / "models.py").exists()


def make_principal(*, with_totp: bool) -> tuple[User, School, SchoolYear]:
    school = cast(School, SchoolFactory(name="Drømtorp videregående skole"))
    year = cast(SchoolYear, SchoolYearFactory(school=school))
    user = cast(User, UserFactory(email="rektor@dromtorp.test", first_name="Randi", last_name="Rektor"))
    StaffMemberFactory(school=school, user=user)
    RoleFactory(user=user, kind=RoleKind.PRINCIPAL, school=school, school_year=year)
    if with_totp:
        make_ready_for_sensitive_data(user)
    else:
        PrivacyTraining.objects.create(
            user=user, completed_on=datetime.date(2026, 8, 10), course="Personvern i skolen", recorded_by=user
        )
    return user, school, year


def log_in_with_password(page: Page, check_page: CheckPage, email: str) -> None:
    page.goto("/konto/login/")
    check_page(page, "login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()


def enter_second_factor(page: Page, check_page: CheckPage, secret: str) -> None:
    expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/"))
    check_page(page, "login-second-factor")
    page.get_by_label("Kode").fill(totp_code(secret))
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_principal_first_log_in_sets_up_second_factor(page: Page, check_page: CheckPage) -> None:
    user, school, year = make_principal(with_totp=False)
    SchoolClass.objects.create(
        school_year=year, school=school, name="1STA", grade=11, programme_area="Studiespesialisering"
    )

    # The first log-in with a password alone leads straight to setting up an authenticator app.
    log_in_with_password(page, check_page, user.email)
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/"))
    check_page(page, "totp-activate")
    secret = page.locator("#authenticator_secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), secret
    # Nothing else opens before the second factor is set up.
    page.goto("/klasser/")
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").inner_text().strip()
    page.get_by_label("Kode fra appen").fill(totp_code(secret))
    page.get_by_role("button", name="Aktiver").click()
    expect(page).not_to_have_url(re.compile(r"/totp/activate/"))
    check_page(page, "totp-activated")

    # Out, and in again with password and code.
    page.goto("/")
    check_page(page, "start-first")
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)
    log_in_with_password(page, check_page, user.email)
    enter_second_factor(page, check_page, secret)

    # The start page greets the principal and names the school.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Randi")
    expect(page.locator(".site-school")).to_have_text(school.name)
    check_page(page, "start")

    # English and back, with the one-tap language button in the header.
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Classes")).to_be_visible()
    check_page(page, "start-english")
    page.get_by_role("button", name="Norsk bokmål").click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("button", name="English")).to_be_visible()

    # The class list, reached from the main menu.
    main_menu(page).get_by_role("link", name="Klasser").click()
    expect(page).to_have_url(re.compile(r"/klasser/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Klasser")
    expect(page.get_by_role("row").filter(has_text="1STA")).to_contain_text("Studiespesialisering")
    check_page(page, "class-list")


CLASSES_CSV = "klasse;trinn;utdanningsprogram\n1STA;Vg1;Studiespesialisering\n"
PUPILS_HEADER = "elev_id;fornavn;etternavn;fødselsdato;kjønn;klasse;fortrolig_adresse;feide_id;e-post\n"
PUPILS_GOOD_ROWS = (
    "E000101;Ada;Aasen;14.03.2010;jente;1STA;nei;ada.aasen@feide.test;\n"
    "E000102;Bø;Berg;02.11.2009;gutt;1STA;nei;bo.berg@feide.test;\n"
)
# The third row has a date of birth that does not exist.
PUPILS_BAD_ROW = "E000103;Cia;Claussen;31.02.2010;jente;1STA;nei;cia.claussen@feide.test;\n"


def upload(page: Page, check_page: CheckPage, tmp_path: Path, *, kind: str, name: str, content: str) -> None:
    page.goto("/import/")
    path = tmp_path / name
    # Norwegian Excel saves CSV as Windows-1252 with semicolons.
    path.write_bytes(content.encode("cp1252"))
    page.get_by_label("Hva vil du importere?").select_option(label=kind)
    page.get_by_label("Fil").set_input_files(str(path))
    page.locator("form:has(input[type=file]) [type=submit]").first.click()
    check_page(page, f"import-{name}")


@pytest.mark.skipif(
    not ROSTERS_READY,
    reason="the roster import (drommeskolen/rosters/models.py) is not built yet; the lead enables this",
)
def test_principal_imports_classes_and_pupils(page: Page, check_page: CheckPage, tmp_path: Path, settings: Any) -> None:
    user, school, year = make_principal(with_totp=True)
    log_in_with_password(page, check_page, user.email)
    enter_second_factor(page, check_page, TEST_TOTP_SECRET)
    main_menu(page).get_by_role("link", name="Import").click()
    expect(page).to_have_url(re.compile(r"/import/$"))
    check_page(page, "import-start")

    upload(page, check_page, tmp_path, kind="Klasser", name="klasser.csv", content=CLASSES_CSV)
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_be_visible()
    assert SchoolClass.objects.filter(school=school, school_year=year, name="1STA").exists()

    # A file with one bad row is refused as a whole: the row is named, nothing is imported.
    upload(
        page,
        check_page,
        tmp_path,
        kind="Elever",
        name="elever-feil.csv",
        content=PUPILS_HEADER + PUPILS_GOOD_ROWS + PUPILS_BAD_ROW,
    )
    errors = page.locator("#import-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("31.02.2010")
    expect(page.get_by_role("button", name="Importer")).to_have_count(0)
    assert not Pupil.objects.filter(school=school).exists()

    # The corrected file previews cleanly, and is imported on confirmation.
    upload(page, check_page, tmp_path, kind="Elever", name="elever.csv", content=PUPILS_HEADER + PUPILS_GOOD_ROWS)
    expect(page.locator("#import-errors")).to_have_count(0)
    page.get_by_role("button", name="Importer").click()
    check_page(page, "import-done")
    assert Enrolment.objects.filter(school_class__school=school, school_class__name="1STA").count() == 2

    main_menu(page).get_by_role("link", name="Klasser").click()
    # The last column is the number of pupils.
    expect(page.get_by_role("row").filter(has_text="1STA").get_by_role("cell").last).to_have_text("2")
    check_page(page, "class-list-after-import")
