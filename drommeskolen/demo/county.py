"""County-scale generated data for benchmarks: one owner, many upper-secondary schools.

Unlike the demo, every pupil and guardian gets a user account (as with Feide and ID-porten
in a real county), so the tables the middleware searches on every request have their real
size. Rows are written in bulk, a few schools at a time, in one transaction.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from drommeskolen.core.models import OwnerKind, School, SchoolLevel, SchoolOwner
from drommeskolen.people.models import Grade

from . import builder, names, schoolyear

DEFAULT_OWNER_NAME = "Benchmark fylkeskommune"
CLASS_SIZE = 25
# Programme areas in the order a school's classes in one grade get them.
_PROGRAMME_CYCLE = ("ST", "ST", "ID", "HS", "EL", "TP", "ST", "BA", "SS", "MK")
_FLUSH_AT_ROWS = 40_000


class OwnerExists(Exception):
    """Generated data is never mixed into an existing owner."""


@dataclass
class CountyResult:
    owner: SchoolOwner
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _free_organisation_numbers(count: int) -> list[str]:
    """Fictional organisation numbers from 800 000 000 up that no owner or school has yet."""
    taken = set(SchoolOwner.objects.values_list("organisation_number", flat=True))
    taken |= set(School.objects.values_list("organisation_number", flat=True))
    numbers: list[str] = []
    candidate = 800_000_000
    while len(numbers) < count:
        if str(candidate) not in taken:
            numbers.append(str(candidate))
        candidate += 1
    return numbers


def _school_sizes(rng: random.Random, schools: int, pupils: int) -> list[int]:
    """Split `pupils` over `schools` unevenly (half to one and a half times the average)."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(schools)]
    total = sum(weights)
    sizes = [int(pupils * w / total) for w in weights]
    for i in range(pupils - sum(sizes)):
        sizes[i % schools] += 1
    return sizes


def _class_plans(size: int) -> list[builder.ClassPlan]:
    """Classes of about 25 pupils, spread over Vg1–Vg3."""
    count = max(3, round(size / CLASS_SIZE))
    base, extra = divmod(size, count)
    grades = Grade.upper_secondary()
    used: dict[tuple[int, str], int] = {}
    plans = []
    for index in range(count):
        grade = grades[index % 3]
        code = _PROGRAMME_CYCLE[(index // 3) % len(_PROGRAMME_CYCLE)]
        letter = used.get((grade, code), 0)
        used[(grade, code)] = letter + 1
        plans.append(
            builder.ClassPlan(
                name=f"{grade - 10}{code}{chr(ord('A') + letter)}",
                grade=grade,
                programme_area=builder.PROGRAMMES[code],
                size=base + (1 if index < extra else 0),
            )
        )
    return plans


def _school_names(rng: random.Random, count: int) -> list[str]:
    made: list[str] = []
    while len(made) < count:
        place = rng.choice(names.PLACE_STEMS) + rng.choice(names.PLACE_ENDINGS)
        place = place[0] + place[1:].lower()
        name = f"{place} videregående skole"
        if name in made:
            name = f"{place} videregående skole, avdeling {made.count(name) + 2}"
        made.append(name)
    return made


def generate_county(
    *,
    schools: int,
    pupils: int,
    owner_name: str = DEFAULT_OWNER_NAME,
    seed: int = 1,
    progress: Callable[[str], None] = lambda _message: None,
) -> CountyResult:
    """Create an owner with `schools` schools and `pupils` pupils in all, with guardians,
    staff and roles in the current school year. Refuses an owner name that exists."""
    started = time.monotonic()
    rng = random.Random(seed)
    with transaction.atomic():
        if SchoolOwner.objects.filter(name=owner_name).exists():
            raise OwnerExists(owner_name)
        numbers = _free_organisation_numbers(schools + 1)
        owner = SchoolOwner.objects.create(name=owner_name, kind=OwnerKind.COUNTY, organisation_number=numbers[0])
        created = School.objects.bulk_create(
            School(owner=owner, name=name, organisation_number=number, level=SchoolLevel.UPPER_SECONDARY)
            for name, number in zip(_school_names(rng, schools), numbers[1:], strict=True)
        )
        slug = f"{slugify(names.email_part(owner_name))}-{owner.pk}"
        start_year = schoolyear.start_year_of(timezone.localdate())
        emails = builder.EmailBook()
        passwords = builder.PasswordHashes()
        result = CountyResult(owner=owner)
        rows = builder.Rows()

        def flush() -> None:
            for model, count in rows.write().items():
                result.rows[model] = result.rows.get(model, 0) + count

        for index, (school, size) in enumerate(zip(created, _school_sizes(rng, schools, pupils), strict=True)):
            year = builder.create_school_year(school, start_year=start_year)
            builder.plan_school(
                rows,
                rng=random.Random(f"{seed}-{index}"),
                school=school,
                year=year,
                classes=_class_plans(size),
                domain=f"skole{index + 1:03d}.{slug}.test",
                emails=emails,
                passwords=passwords,
                pupil_users=True,
                guardian_users=True,
                confidential_share=0.002,
            )
            if len(rows) >= _FLUSH_AT_ROWS or index == schools - 1:
                flush()
                progress(f"{index + 1}/{schools}")
        result.rows["school"] = schools
    result.seconds = time.monotonic() - started
    return result
