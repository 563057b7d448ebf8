"""What a person may do at one school, worked out once per request.

`SchoolContext` holds the school the user is working in (chosen with the school
switcher), its current school year, the user's role kinds there — stored roles plus
'pupil' and 'guardian', which follow from enrolments and guardian relations — and the
classes they teach. Access functions in `access.py` decide from it.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from drommeskolen.core.models import School, SchoolYear, current_years

from .models import Guardian, GuardianRelation, Pupil, Role, RoleKind

STAFF_KINDS = frozenset(
    {
        RoleKind.PRINCIPAL,
        RoleKind.LEADERSHIP,
        RoleKind.DEPARTMENT_HEAD,
        RoleKind.RESOURCE_GROUP_MEMBER,
        RoleKind.RESOURCE_GROUP_COORDINATOR,
        RoleKind.CONTACT_TEACHER,
        RoleKind.TEACHER,
        RoleKind.SOCIAL_WORKER,
        RoleKind.COUNSELLOR,
        RoleKind.SCHOOL_NURSE,
    }
)
# Staff who may open any pupil's profile at their school: they follow up pupils across classes.
SCHOOL_WIDE_PUPIL_KINDS = frozenset(
    {
        RoleKind.PRINCIPAL,
        RoleKind.LEADERSHIP,
        RoleKind.DEPARTMENT_HEAD,
        RoleKind.SOCIAL_WORKER,
        RoleKind.COUNSELLOR,
        RoleKind.SCHOOL_NURSE,
    }
)
# Roles that can open pupils' sensitive data somewhere, and so must log in with a second
# factor and have confirmed privacy training (opplæringsforskrifta § 20-2).
SENSITIVE_KINDS = STAFF_KINDS | {RoleKind.OWNER_REPRESENTATIVE, RoleKind.SYSTEM_ADMIN}
ROSTER_ADMIN_KINDS = frozenset({RoleKind.PRINCIPAL, RoleKind.LEADERSHIP, RoleKind.SYSTEM_ADMIN})


@dataclass(frozen=True)
class SchoolContext:
    school: School
    year: SchoolYear | None
    kinds: frozenset[str]
    class_ids: frozenset[int] = field(default_factory=frozenset)
    pupil_id: int | None = None

    @property
    def is_staff(self) -> bool:
        return bool(self.kinds & STAFF_KINDS)

    @property
    def sees_all_pupils(self) -> bool:
        return bool(self.kinds & SCHOOL_WIDE_PUPIL_KINDS)

    @property
    def sees_directory(self) -> bool:
        """Names and classes of the school's pupils (no sensitive data): every staff member,
        who must be able to name a pupil when reporting a concern, and the roster admin."""
        return self.is_staff or RoleKind.SYSTEM_ADMIN in self.kinds

    @property
    def manages_roster(self) -> bool:
        return bool(self.kinds & ROSTER_ADMIN_KINDS)

    @property
    def reviews_access_log(self) -> bool:
        return RoleKind.PRINCIPAL in self.kinds

    @property
    def is_pupil(self) -> bool:
        return RoleKind.PUPIL in self.kinds

    @property
    def is_guardian(self) -> bool:
        return RoleKind.GUARDIAN in self.kinds


def schools_of(user: Any) -> list[School]:
    """Every school where the user holds a role this year, is a pupil or a guardian."""
    if not getattr(user, "is_authenticated", False):
        return []
    roles = Role.objects.current().filter(user=user)
    if roles.filter(kind=RoleKind.SYSTEM_ADMIN).exists():
        return list(School.objects.all())
    # Each condition is its own indexed subquery. OR-ing joins to the pupil and guardian
    # tables instead made PostgreSQL build every school x pupil x guardian row and then
    # DISTINCT them: 8-10 s per request at county scale (docs/performance.md).
    return list(
        School.objects.filter(
            Q(pk__in=roles.filter(school__isnull=False).values("school_id"))
            | Q(owner_id__in=roles.filter(kind=RoleKind.OWNER_REPRESENTATIVE).values("owner_id"))
            | Q(pk__in=Pupil.objects.filter(user=user).values("school_id"))
            | Q(pk__in=Guardian.objects.filter(user=user).values("school_id"))
        )
    )


def context_for(user: Any, school: School) -> SchoolContext:
    """The user's roles at `school` in its current school year (four small queries)."""
    return contexts_for(user, [school])[0]


def contexts_for(user: Any, schools: Sequence[School]) -> list[SchoolContext]:
    """`SchoolContext` for each school, in four queries however many schools: the
    schools' current years, the user's stored roles, the user's own enrolments in those
    years (as a pupil) and the schools where the user is a guardian."""
    years = current_years(schools)
    year_ids = [year.pk for year in years.values() if year is not None]
    roles = list(
        Role.objects.filter(user=user).values_list("kind", "school_id", "school_year_id", "owner_id", "school_class_id")
    )
    enrolled = dict(
        Pupil.objects.filter(user=user, enrolments__school_class__school_year_id__in=year_ids).values_list(
            "enrolments__school_class__school_year_id", "pk"
        )
    )
    guardian_at = set(Guardian.objects.filter(user=user).order_by().values_list("school_id", flat=True))
    contexts = []
    for school in schools:
        year = years[school.pk]
        kinds: set[str] = set()
        class_ids: set[int] = set()
        for kind, school_id, year_id, owner_id, class_id in roles:
            here_this_year = school_id == school.pk and year is not None and year_id == year.pk
            everywhere = school_id is None and owner_id is None
            for_owner = owner_id is not None and owner_id == school.owner_id
            if here_this_year or everywhere or for_owner:
                kinds.add(kind)
                if here_this_year and class_id is not None:
                    class_ids.add(class_id)
        pupil_id = enrolled.get(year.pk) if year is not None else None
        if pupil_id is not None:
            kinds.add(RoleKind.PUPIL)
        if school.pk in guardian_at:
            kinds.add(RoleKind.GUARDIAN)
        contexts.append(
            SchoolContext(
                school=school, year=year, kinds=frozenset(kinds), class_ids=frozenset(class_ids), pupil_id=pupil_id
            )
        )
    return contexts


def needs_second_factor(user: Any) -> bool:
    """True when any role the user holds anywhere can open sensitive pupil data."""
    return Role.objects.current().filter(user=user, kind__in=[k.value for k in SENSITIVE_KINDS]).exists()


def guardian_children_ids(user: Any, school: School) -> set[int]:
    """Pupils the user is guardian of *with parental responsibility*. Without it: nothing."""
    return set(
        GuardianRelation.objects.filter(
            guardian__user=user, guardian__school=school, parental_responsibility=True
        ).values_list("pupil_id", flat=True)
    )
