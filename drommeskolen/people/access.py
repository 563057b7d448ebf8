"""The only way views and the API get people data.

Each function takes the user's `SchoolContext`, filters in the database by school and
role, and raises `Http404` both when the object is missing and when it is not the user's
to see — so a probe cannot tell the two apart. Reads of a pupil's sensitive data write an
access-log row and need confirmed privacy training.
"""

import uuid
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from drommeskolen.core.models import AccessLogEntry, School

from .models import Enrolment, GuardianRelation, Pupil, Role, RoleKind, SchoolClass
from .roles import SchoolContext, guardian_children_ids


class PrivacyTrainingRequired(Exception):
    """Raised before any sensitive read by a user without confirmed privacy training (§ 20-2)."""


def has_privacy_training(user: Any) -> bool:
    return bool(user.is_authenticated and user.privacy_trainings.exists())


def _require_training(user: Any) -> None:
    if not has_privacy_training(user):
        raise PrivacyTrainingRequired


def visible_classes(ctx: SchoolContext) -> QuerySet[SchoolClass]:
    """Classes of the current school year the user may list."""
    classes = SchoolClass.objects.filter(school=ctx.school, school_year=ctx.year)
    if ctx.sees_directory:
        return classes
    if ctx.is_pupil and ctx.pupil_id is not None:
        return classes.filter(enrolments__pupil_id=ctx.pupil_id)
    return classes.none()


def access_class(ctx: SchoolContext, class_uuid: uuid.UUID) -> SchoolClass:
    try:
        return visible_classes(ctx).get(uuid=class_uuid)
    except SchoolClass.DoesNotExist:
        raise Http404 from None


def class_members(ctx: SchoolContext, school_class: SchoolClass) -> QuerySet[Pupil]:
    """The class list as this user may see it: pupils never see a classmate with a
    confidential address (LAW.md, the Bergen case)."""
    pupils = Pupil.objects.filter(school=ctx.school, enrolments__school_class=school_class)
    if not ctx.sees_directory:
        pupils = pupils.shown_to_families()
    return pupils.order_by("last_name", "first_name")


def contact_teachers(school_class: SchoolClass) -> QuerySet[Role]:
    return school_class.roles.filter(kind=RoleKind.CONTACT_TEACHER).select_related("user")


def visible_pupils(ctx: SchoolContext, *, directory_needed: bool = False) -> QuerySet[Pupil]:
    """The pupil directory: names and classes of this year's pupils, for staff — and for
    someone the caller has found needs it for one task (`directory_needed`: the school
    owner's representative linking a § 12-5 concern sent to them to the pupil it is about)."""
    if not (ctx.sees_directory or directory_needed):
        return Pupil.objects.none()
    this_year = Enrolment.objects.filter(school_class__school_year=ctx.year).select_related("school_class")
    return (
        Pupil.objects.filter(school=ctx.school, enrolments__school_class__school_year=ctx.year)
        .prefetch_related(Prefetch("enrolments", queryset=this_year, to_attr="current_enrolments"))
        .distinct()
    )


SEARCH_MAX_WORDS = 4


def search_pupils(ctx: SchoolContext, query: str, *, directory_needed: bool = False) -> QuerySet[Pupil]:
    """The directory narrowed by every word of `query`: a first or last name containing it,
    or the name of the pupil's class *this* school year (last year's 8A is not this 8A)."""
    pupils = visible_pupils(ctx, directory_needed=directory_needed)
    for word in query.split()[:SEARCH_MAX_WORDS]:
        pupils = pupils.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(enrolments__school_class__name__iexact=word, enrolments__school_class__school_year=ctx.year)
        )
    return pupils


def profile_pupils(ctx: SchoolContext) -> QuerySet[Pupil]:
    """Pupils whose profile (sensitive data) this user may open at all."""
    pupils = Pupil.objects.filter(school=ctx.school)
    if ctx.sees_all_pupils:
        return pupils
    if ctx.class_ids:
        return pupils.filter(enrolments__school_class_id__in=ctx.class_ids).distinct()
    return pupils.none()


def access_pupil_profile(request: Any, pupil_uuid: uuid.UUID) -> Pupil:
    """A pupil's profile, for staff with need to know. Logged in the access log."""
    ctx: SchoolContext | None = request.school_context
    if ctx is None or not (ctx.sees_all_pupils or ctx.class_ids):
        raise Http404
    # Training is checked before the look-up, so its answer says nothing about the pupil.
    _require_training(request.user)
    try:
        pupil = profile_pupils(ctx).get(uuid=pupil_uuid)
    except Pupil.DoesNotExist:
        raise Http404 from None
    log_read(request, pupil=pupil, object_type="pupil_profile", object_uuid=pupil.uuid)
    return pupil


def guardians_of(pupil: Pupil) -> QuerySet[GuardianRelation]:
    return pupil.guardian_relations.select_related("guardian").order_by("guardian__last_name")


def my_children(request: Any) -> QuerySet[Pupil]:
    """A guardian's own children — only those they have parental responsibility for."""
    ctx: SchoolContext | None = request.school_context
    if ctx is None or not ctx.is_guardian:
        return Pupil.objects.none()
    return Pupil.objects.filter(pk__in=guardian_children_ids(request.user, ctx.school))


def overview_schools(user: Any) -> QuerySet[School] | None:
    """Schools a school-owner representative, network viewer or system administrator sees as
    aggregates only: how many classes and pupils this year, never a name. None for others."""
    roles = Role.objects.current().filter(user=user)
    kinds = set(roles.values_list("kind", flat=True))
    if kinds & {RoleKind.NETWORK_VIEWER, RoleKind.SYSTEM_ADMIN}:
        schools = School.objects.all()
    elif RoleKind.OWNER_REPRESENTATIVE in kinds:
        schools = School.objects.filter(owner__in=roles.filter(kind=RoleKind.OWNER_REPRESENTATIVE).values("owner"))
    else:
        return None
    today = timezone.localdate()
    this_year = Q(school_year__starts_on__lte=today, school_year__ends_on__gte=today)
    classes = SchoolClass.objects.filter(this_year, school=OuterRef("pk")).order_by().values("school")
    enrolments = (
        Enrolment.objects.filter(
            school_class__school_year__starts_on__lte=today, school_class__school_year__ends_on__gte=today
        )
        .filter(school_class__school=OuterRef("pk"))
        .order_by()
        .values("school_class__school")
    )
    return (
        schools.select_related("owner")
        .annotate(
            class_count=Coalesce(Subquery(classes.annotate(n=Count("pk")).values("n")), 0),
            pupil_count=Coalesce(Subquery(enrolments.annotate(n=Count("pupil", distinct=True)).values("n")), 0),
        )
        .order_by("owner__name", "name")
    )


def log_read(request: Any, *, pupil: Pupil | None, object_type: str, object_uuid: uuid.UUID | None) -> None:
    AccessLogEntry.append(
        actor=request.user,
        school=request.school_context.school,
        pupil_uuid=pupil.uuid if pupil else None,
        object_type=object_type,
        object_uuid=object_uuid,
        page=request.path,
    )
