"""The programme owner's view of the network: every school as aggregates only.

Per school: the fidelity measures (dashboard.build_many), how many places it has filled
at the two gatherings, and what it has ordered; then the totals over all schools. No name
of a person is read here: registrations and orders are counted in SQL. A fixed number of
queries however many schools and classes there are.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Sum

from drommeskolen.core.models import School, SchoolYear, current_years

from . import dashboard
from .models import PLACES, Item, Order, Registration


@dataclass(frozen=True)
class Places:
    gathering: str
    participant: str
    label: str
    places: int  # per school


@dataclass(frozen=True)
class OrderLine:
    item: str
    label: str
    size: str
    quantity: int


@dataclass(frozen=True)
class SchoolRow:
    school: School
    year: SchoolYear | None
    dashboard: dashboard.Dashboard | None
    registered: list[int]  # per entry of `places`, in order
    orders: list[OrderLine]


@dataclass(frozen=True)
class Network:
    places: list[Places]
    schools: list[SchoolRow]
    registered_total: list[int]
    order_totals: list[OrderLine]


def place_kinds() -> list[Places]:
    from .models import Gathering, Participant

    return [
        Places(gathering, participant, f"{Gathering(gathering).label}: {Participant(participant).label}", n)
        for (gathering, participant), n in PLACES.items()
    ]


def build(schools: list[School], today: datetime.date | None = None) -> Network:
    years = current_years(schools, today)
    rows = [(school, year) for school in schools if (year := years[school.pk]) is not None]
    boards = dashboard.build_many(rows, today)
    year_ids = [year.pk for _school, year in rows]
    places = place_kinds()

    counts: dict[tuple[int, str, str], int] = {
        (r["school_id"], r["gathering"], r["participant"]): r["n"]
        for r in Registration.objects.filter(school_year_id__in=year_ids)
        .values("school_id", "gathering", "participant")
        .annotate(n=Count("pk"))
        .order_by()
    }
    labels = dict(Item.choices)
    ordered: dict[int, list[OrderLine]] = defaultdict(list)
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for r in (
        Order.objects.filter(school_year_id__in=year_ids)
        .values("school_id", "item", "size")
        .annotate(n=Sum("quantity"))
        .order_by("school_id", "item", "size")
    ):
        ordered[r["school_id"]].append(OrderLine(r["item"], str(labels[r["item"]]), r["size"], r["n"]))
        totals[(r["item"], r["size"])] += r["n"]

    school_rows = [
        SchoolRow(
            school=school,
            year=years[school.pk],
            dashboard=boards.get(school.pk),
            registered=[counts.get((school.pk, p.gathering, p.participant), 0) for p in places],
            orders=ordered[school.pk],
        )
        for school in schools
    ]
    return Network(
        places=places,
        schools=school_rows,
        registered_total=[sum(row.registered[i] for row in school_rows) for i in range(len(places))],
        order_totals=[OrderLine(item, str(labels[item]), size, n) for (item, size), n in sorted(totals.items())],
    )
