"""Access-matrix rows for Gjennomføring (tests/test_access_matrix.py).

The resource group and the leadership see the dashboard and the term report; the
principal and the resource-group coordinator register for gatherings and order; the
programme owner (network viewer) sees the network's aggregates; everyone else: 404."""

from drommeskolen.fidelity.models import Gathering, Item, Order, Participant, Registration
from tests.matrix import Route

MANAGERS = frozenset({"principal", "leadership", "resource_group_member", "resource_group_coordinator"})
COORDINATORS = frozenset({"principal", "resource_group_coordinator"})

ROWS: dict[str, Route] = {
    "fidelity:dashboard": Route(ok=MANAGERS),
    "fidelity:report": Route(ok=MANAGERS),
    "fidelity:gatherings": Route(ok=COORDINATORS),
    "fidelity:registration_remove": Route(ok=COORDINATORS, method="post", ok_status=302),
    "fidelity:orders": Route(ok=COORDINATORS),
    "fidelity:order_remove": Route(ok=COORDINATORS, method="post", ok_status=302),
    "fidelity:network": Route(ok=frozenset({"network_viewer"})),
}


def _registration(cast, own):
    return Registration.objects.create(
        school=cast.school if own else cast.other_school,
        school_year=cast.year if own else cast.other_year,
        gathering=Gathering.MENTORS,
        participant=Participant.ADULT,
        name="Påmeldt voksen",
        registered_by=cast.principal,
    )


def _order(cast, own):
    return Order.objects.create(
        school=cast.school if own else cast.other_school,
        school_year=cast.year if own else cast.other_year,
        item=Item.T_SHIRT,
        size="M",
        quantity=3,
        ordered_by=cast.principal,
    )


SAMPLES = {
    "registration_uuid": lambda cast, user, own: _registration(cast, own).uuid,
    "order_uuid": lambda cast, user, own: _order(cast, own).uuid,
}
