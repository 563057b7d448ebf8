"""Drømmeklassen, part 1 (issue 5 points 1–2): the contact teacher starts DK1 for her class
and a round on the projector view; three pupils join on their phones with the code shown
there, without an account, and answer; the answers appear on the projector; the teacher
groups them — suggested clusters, a drag and the "Legg i gruppe" select — and runs a dot
vote, which the pupils take on their phones; the result is the class's goals.

The class poster and the follow-up year build on this (classyear app): they can extend
this journey from `top_goals`. Every page is screenshotted and checked with axe, at phone
width (see conftest.py).
"""

import datetime
import re
import subprocess
import time
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from drommeskolen.accounts.models import User
from drommeskolen.core.models import School, SchoolYear
from drommeskolen.dreamclass.models import Participant, Vote
from drommeskolen.dreamclass.results import top_goals
from drommeskolen.people.models import Grade, RoleKind, SchoolClass
from e2e.support import main_menu, totp_code
from tests.factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
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
START_PAGE = re.compile(r"^https?://[^/]+/$")
ANSWERS = ["Alle skal bli inkludert", "Inkludere alle i friminuttet", "Ro i timene"]


def make_class() -> tuple[SchoolClass, User]:
    school = cast(School, SchoolFactory(name="Drømmevik ungdomsskole"))
    year = cast(SchoolYear, SchoolYearFactory(school=school))
    school_class = cast(SchoolClass, SchoolClassFactory(school_year=year, name="8A", grade=Grade.GRADE_8))
    teacher = make_ready_for_sensitive_data(UserFactory(email="kontakt@vik.test", first_name="Kim", last_name="Lærer"))
    StaffMemberFactory(school=school, user=teacher)
    RoleFactory(user=teacher, kind=RoleKind.CONTACT_TEACHER, school=school, school_year=year, school_class=school_class)
    return school_class, teacher


def log_in(page: Page, user: User) -> None:
    page.goto("/konto/login/")
    page.get_by_label("E-post").fill(user.email)
    page.get_by_label("Passord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/"))
    page.get_by_label("Kode").fill(totp_code(TEST_TOTP_SECRET))
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(START_PAGE)


def phone(browser: Browser, browser_context_args: dict[str, Any], console_log: Any) -> Page:
    """A pupil's phone: a browser context of its own, with its own cookies."""
    other = browser.new_context(**browser_context_args).new_page()
    other.set_default_timeout(10_000)
    other.on("console", console_log.record)
    other.on("pageerror", lambda error: console_log.errors.append(f"uncaught: {error}"))
    return other


def test_a_class_agrees_on_its_goals_with_every_pupils_voice(
    page: Page, browser: Browser, browser_context_args: dict[str, Any], console_log: Any, check_page: CheckPage
) -> None:
    school_class, teacher = make_class()

    # The contact teacher starts DK1 and a round.
    log_in(page, teacher)
    main_menu(page).get_by_role("link", name="Drømmeklassen", exact=True).click()
    check_page(page, "dk-home")
    page.get_by_role("link", name="8A").click()
    check_page(page, "dk-class")
    page.get_by_role("button", name=re.compile(r"Start økta.*Drømmeklassen 1")).click()
    expect(page.get_by_role("heading", name="Drømmeklassen 1 – 8A")).to_be_visible()
    check_page(page, "dk-session")
    page.get_by_label("Spørsmål til klassen").fill("Hva er viktig for at alle skal ha det bra i klassen?")
    page.get_by_role("button", name="Start runden").click()
    check_page(page, "dk-round")
    page.get_by_role("link", name="Åpne projektorvisningen").click()
    expect(page.get_by_role("img", name="QR-kode som åpner svarsiden")).to_be_visible()
    check_page(page, "dk-projector")
    code = page.locator(".dk-code--big").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{6}", code)

    # Three pupils join with the code and answer; the projector shows each answer.
    pupils = [phone(browser, browser_context_args, console_log) for _ in ANSWERS]
    for number, (pupil, text) in enumerate(zip(pupils, ANSWERS, strict=True)):
        pupil.goto("/drommeklassen/bli-med/")
        if number == 0:
            check_page(pupil, "dk-join")
        pupil.get_by_label("Kode").fill(code.lower())
        pupil.get_by_role("button", name="Bli med").click()
        if number == 0:
            check_page(pupil, "dk-pupil-question")
        pupil.get_by_label("Ditt svar").fill(text)
        sent = time.monotonic()
        pupil.get_by_role("button", name="Send svar").click()
        expect(pupil.get_by_text("Takk! Svaret ditt er sendt.")).to_be_visible()
        if number == 0:
            check_page(pupil, "dk-pupil-answered")
        expect(page.locator(".dk-tile", has_text=text)).to_be_visible(timeout=3_000)
        assert time.monotonic() - sent < 3
    check_page(page, "dk-projector-answers")
    assert Participant.objects.count() == 3  # one counter row per phone, nothing else

    # The teacher groups: the suggestion, a new group, and a drag (the select is tested in the unit tests).
    page.goto(page.url.replace("projektor/", ""))
    expect(page.get_by_role("heading", name="Forslag til grupper")).to_be_visible()
    page.get_by_role("button", name="Lag de foreslåtte gruppene").click()
    page.get_by_label("Navn på ny gruppe").fill("Arbeidsro")
    page.get_by_role("button", name="Lag gruppe").click()
    expect(page.get_by_role("region", name="Arbeidsro")).to_be_visible()
    # Dragging is for a mouse: the same teacher on a laptop (her session copied) drags
    # "Ro i timene" into the new group; cluster.js posts the "Legg i gruppe" form for it.
    laptop = browser.new_context(
        base_url=browser_context_args["base_url"],
        storage_state=page.context.storage_state(),
        viewport={"width": 1280, "height": 2000},  # the answer and the group both in view
    ).new_page()
    laptop.goto(page.url)
    calm = laptop.locator(".dk-loose .dk-answer", has_text="Ro i timene")
    calm.locator(".dk-answer__text").drag_to(laptop.get_by_role("region", name="Arbeidsro"))
    expect(laptop.get_by_role("region", name="Arbeidsro")).to_contain_text("Ro i timene")
    laptop.context.close()
    page.reload()
    expect(page.get_by_role("region", name="Arbeidsro")).to_contain_text("Ro i timene")
    check_page(page, "dk-round-grouped")
    page.get_by_role("button", name="Stopp svarene og grupper").click()
    page.get_by_role("button", name="Start avstemningen").click()
    check_page(page, "dk-round-voting")

    # The pupils' pages move to the vote by themselves; each gives one vote.
    for number, pupil in enumerate(pupils):
        expect(pupil.get_by_role("heading", name="Stem")).to_be_visible(timeout=8_000)
        if number == 0:
            check_page(pupil, "dk-pupil-vote")
        choice = "Arbeidsro" if number == 2 else "Alle skal bli inkludert"
        pupil.get_by_role("button", name=re.compile(f"Gi en stemme.*{choice}")).click()
        expect(pupil.get_by_text(f"Du stemte på «{choice}».")).to_be_visible()
        if number == 0:
            check_page(pupil, "dk-pupil-voted")
    assert Vote.objects.count() == 3

    page.get_by_role("button", name="Avslutt avstemningen").click()
    expect(page.get_by_role("heading", name="Resultat")).to_be_visible()
    check_page(page, "dk-round-result")
    page.get_by_role("link", name="Åpne projektorvisningen").click()
    expect(page.locator(".dk-result li").first).to_contain_text("Alle skal bli inkludert")
    check_page(page, "dk-projector-result")
    assert top_goals(school_class) == ["Alle skal bli inkludert", "Arbeidsro"]
    assert not Participant.objects.exists()  # the phones' counters go when the round closes
    # The pupils' pages turn to the result by themselves.
    expect(pupils[0].get_by_role("heading", name="Resultat")).to_be_visible(timeout=8_000)
    check_page(pupils[0], "dk-pupil-result")
    for pupil in pupils:
        pupil.context.close()

    # The goals land on the class poster (classyear app), which is printed with its missions.
    main_menu(page).get_by_role("link", name="Klasseåret", exact=True).click()
    page.get_by_role("link", name="8A").click()
    page.get_by_role("navigation", name="Klassen").get_by_role("link", name="Klasseplakaten").click()
    page.get_by_role("button", name="Hent mål fra Drømmeklassen").click()
    expect(page.get_by_role("listitem").filter(has_text="Alle skal bli inkludert")).to_be_visible()
    started = datetime.date.today() - datetime.timedelta(days=14)
    page.get_by_label("Gjelder fra").fill(started.isoformat())
    page.get_by_label("Oppdrag for perioden").fill("Spis lunsj med en ny person\nSi hei til alle om morgenen")
    page.get_by_role("button", name="Lagre oppdragene").click()
    check_page(page, "poster")
    for size in ("A3", "A4"):
        poster = page.request.get(reverse("classyear:poster_pdf", args=[school_class.uuid]) + f"?storrelse={size}")
        assert poster.headers["content-type"] == "application/pdf"
        info = pdf_info(poster.body())
        assert re.search(rf"^Page size:\s+[\d.]+ x [\d.]+ pts \({size}\)$", info, re.M), (size, info)
        assert re.search(r"^Pages:\s+1$", info, re.M), (size, info)  # one sheet for the wall
        text = pdf_text(poster.body())
        for expected in ("8A", "Alle skal bli inkludert", "Arbeidsro", "Spis lunsj med en ny person"):
            assert expected in text, (size, expected)

    # A follow-up hour reviews a mission; the pulse, with no answers, stays hidden.
    page.get_by_role("navigation", name="Klassen").get_by_role("link", name="Året for klassen").click()
    page.get_by_role("button", name="Start oppfølgingstime").click()
    page.get_by_role("group", name="Spis lunsj med en ny person").get_by_label("Delvis").check()
    page.get_by_role("button", name="Lagre vurderingen").click()
    expect(page.get_by_text("Vurderingen er lagret.")).to_be_visible()
    page.get_by_role("button", name="Start klassepulsen").click()
    page.get_by_role("button", name="Avslutt klassepulsen").click()
    expect(page.get_by_text("For få svar til å vise resultatet")).to_be_visible()
    check_page(page, "follow-up-pulse-hidden")


def pdf_info(content: bytes) -> str:
    """pdfinfo's report (poppler-utils, installed by .ci/run): page count and size."""
    return subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()


def pdf_text(content: bytes) -> str:
    """The PDF's text (pdftotext from poppler-utils), whitespace collapsed."""
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())
