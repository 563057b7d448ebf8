"""Version 1 of the JSON API: every read through an access function (cases: `cases.py`).

Each endpoint is a short function: find the school context for the school in the URL
(only a school in `schools_of(user)`, else 404), ask an access function, build the
schema. The same 404 answers "missing" and "not yours". Reading a pupil's profile goes
through `access.access_pupil_profile`, exactly as the web page does, so it needs privacy
training and writes an access-log row with the API path as the page.
"""

import logging
import uuid
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.db.models.query import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, P, QueryEx
from ninja.errors import AuthenticationError, ValidationError
from ninja.pagination import paginate

from drommeskolen.core.models import current_years
from drommeskolen.people import access
from drommeskolen.people.models import Pupil, Role, RoleKind, SchoolClass
from drommeskolen.people.roles import SchoolContext, context_for, contexts_for, schools_of

from .auth import BearerToken, token_user
from .cases import router as cases_router
from .docs import LocalSwagger
from .pagination import Pages
from .schemas import (
    ClassDetailOut,
    ClassOut,
    DirectoryPupilOut,
    Error,
    MembershipOut,
    MeOut,
    PupilProfileOut,
    RoleOut,
    SchoolOut,
    SchoolRef,
    ValidationErrorOut,
)

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="Drømmeskolen API",
    version="1",
    description=(
        "Lesetilgang til Drømmeskolen for skolens egne systemer. Hver forespørsel sendes med en personlig "
        "API-nøkkel (`Authorization: Bearer <nøkkel>`) og får nøyaktig de tilgangene brukeren har på nettsiden. "
        "Oppslag i en elevprofil registreres i skolens innsynslogg."
    ),
    urls_namespace="api-v1",
    auth=BearerToken(),
    docs=LocalSwagger(),
)
# Answers carry personal data: no browser or proxy may keep a copy.
api.add_decorator(never_cache, mode="view")
# Cases under the duty to act (drommeskolen/api/cases.py), under /schools/{school}/cases.
api.add_router("", cases_router)

# Error answers every endpoint may give (for the OpenAPI schema).
AUTH_ERRORS: dict[int, Any] = {401: Error, 403: Error, 422: ValidationErrorOut}
SCHOOL_ERRORS: dict[int, Any] = {**AUTH_ERRORS, 404: Error}


def not_visible() -> str:
    return _("Finnes ikke, eller du har ikke tilgang.")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": _("Mangler gyldig API-nøkkel. Send den som «Authorization: Bearer <nøkkel>».")},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="drommeskolen"'
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": not_visible()}, status=404)


@api.exception_handler(access.PrivacyTrainingRequired)
def _training_required(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The same words as the web page (accounts/training_required.html).
    detail = " ".join(
        [
            _("Du må ha personvernopplæring først"),
            "–",
            _(
                "Opplysninger om elever kan bare åpnes av ansatte som har gjennomført opplæring i personvern "
                "og informasjonssikkerhet (opplæringsforskrifta § 20-2)."
            ),
        ]
    )
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": _("Ugyldige parametere i forespørselen."), "errors": exc.errors}, status=422
    )


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("Unhandled error in the API at %s", request.path)
    return api.create_response(request, {"detail": _("Noe gikk galt hos oss. Feilen er logget.")}, status=500)


@never_cache
def index(request: HttpRequest) -> JsonResponse:
    """/api/v1/ itself: where the documentation and the schema are."""
    return JsonResponse(
        {
            "version": api.version,
            "docs": request.build_absolute_uri(reverse("api-v1:openapi-view")),
            "openapi": request.build_absolute_uri(reverse("api-v1:openapi-json")),
        }
    )


@csrf_exempt
@never_cache
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Unknown addresses under /api/ answer in JSON too."""
    return JsonResponse({"detail": not_visible()}, status=404)


def _school_context(request: HttpRequest, school_uuid: uuid.UUID) -> SchoolContext:
    """The token user's context at the school in the URL: only a school of theirs, else 404.

    Set on the request too, where `access.access_pupil_profile` and the access log look for it.
    """
    user = token_user(request)
    school = next((s for s in schools_of(user) if s.uuid == school_uuid), None)
    if school is None:
        raise Http404
    ctx = context_for(user, school)
    request.school_context = ctx  # type: ignore[attr-defined]
    return ctx


def _contact_roles() -> Prefetch[Any]:
    return Prefetch(
        "roles",
        queryset=Role.objects.filter(kind=RoleKind.CONTACT_TEACHER)
        .select_related("user")
        .order_by("user__last_name", "user__first_name"),
        to_attr="contact_roles",
    )


@api.get(
    "/me",
    response={200: MeOut, **AUTH_ERRORS},
    url_name="me",
    operation_id="get_me",
    summary="Deg selv: brukeren nøkkelen tilhører, og rollene ved hver skole",
    tags=["Meg"],
)
def get_me(request: HttpRequest) -> MeOut:
    user = token_user(request)
    schools = [
        MembershipOut(
            school=SchoolRef(uuid=m.school.uuid, name=m.school.name),
            school_year=m.year.label if m.year is not None else None,
            roles=RoleOut.all_of(m.kinds),
        )
        for m in contexts_for(user, schools_of(user))
    ]
    token = request.api_token  # type: ignore[attr-defined]
    return MeOut.of(user, token, privacy_training=access.has_privacy_training(user), schools=schools)


@api.get(
    "/schools",
    response={200: list[SchoolOut], **AUTH_ERRORS},
    url_name="school_list",
    operation_id="list_schools",
    summary="Skolene du kan arbeide ved",
    tags=["Skoler"],
)
@paginate(Pages, build=lambda item: item)
def list_schools(request: HttpRequest) -> list[SchoolOut]:
    schools = schools_of(token_user(request))
    years = current_years(schools)
    return [SchoolOut.of(school, years[school.pk]) for school in schools]


@api.get(
    "/schools/{school_uuid}/classes",
    response={200: list[ClassOut], **SCHOOL_ERRORS},
    url_name="class_list",
    operation_id="list_classes",
    summary="Klassene i inneværende skoleår som du kan se",
    tags=["Klasser"],
)
@paginate(Pages, build=lambda c: ClassOut.of(c, c.contact_roles))
def list_classes(request: HttpRequest, school_uuid: uuid.UUID) -> QuerySet[SchoolClass]:
    ctx = _school_context(request, school_uuid)
    return access.visible_classes(ctx).prefetch_related(_contact_roles()).order_by("grade", "name", "pk")


@api.get(
    "/schools/{school_uuid}/classes/{class_uuid}",
    response={200: ClassDetailOut, **SCHOOL_ERRORS},
    url_name="class_detail",
    operation_id="get_class",
    summary="Én klasse med elevene du kan se",
    description="Elever med fortrolig adresse vises bare for ansatte.",
    tags=["Klasser"],
)
def get_class(request: HttpRequest, school_uuid: uuid.UUID, class_uuid: uuid.UUID) -> ClassDetailOut:
    ctx = _school_context(request, school_uuid)
    school_class = access.access_class(ctx, class_uuid)
    prefetch_related_objects([school_class], _contact_roles())
    members = access.class_members(ctx, school_class)
    return ClassDetailOut.with_members(school_class, school_class.contact_roles, members)  # type: ignore[attr-defined]


@api.get(
    "/schools/{school_uuid}/pupils",
    response={200: list[DirectoryPupilOut], **SCHOOL_ERRORS},
    url_name="pupil_list",
    operation_id="list_pupils",
    summary="Elevkatalogen: navn og klasse, for ansatte",
    description="Søk med `q` i for- og etternavn, eller på klassenavn i inneværende skoleår.",
    tags=["Elever"],
)
@paginate(Pages, build=lambda p: DirectoryPupilOut.with_classes(p, p.current_enrolments))
def list_pupils(
    request: HttpRequest,
    school_uuid: uuid.UUID,
    q: QueryEx[str, P(max_length=100, description="Søkeord: navn eller klasse.")] = "",
) -> QuerySet[Pupil]:
    ctx = _school_context(request, school_uuid)
    if not ctx.sees_directory:
        raise Http404
    return access.search_pupils(ctx, q).order_by("last_name", "first_name", "pk")


@api.get(
    "/schools/{school_uuid}/pupils/{pupil_uuid}",
    response={200: PupilProfileOut, **SCHOOL_ERRORS},
    url_name="pupil_detail",
    operation_id="get_pupil",
    summary="Elevprofilen, for ansatte med tjenstlig behov",
    description=(
        "Krever registrert personvernopplæring (opplæringsforskrifta § 20-2). "
        "Hvert oppslag registreres i skolens innsynslogg med API-adressen som side."
    ),
    tags=["Elever"],
)
def get_pupil(request: HttpRequest, school_uuid: uuid.UUID, pupil_uuid: uuid.UUID) -> PupilProfileOut:
    _school_context(request, school_uuid)
    pupil = access.access_pupil_profile(request, pupil_uuid)
    enrolments = pupil.enrolments.select_related("school_class__school_year").order_by(
        "-school_class__school_year__starts_on", "school_class__name"
    )
    return PupilProfileOut.with_details(pupil, enrolments, access.guardians_of(pupil))
