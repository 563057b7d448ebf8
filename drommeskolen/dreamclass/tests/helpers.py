"""Small builders for the Drømmeklassen tests: everything goes through the actions."""

from typing import Any

from drommeskolen.accounts.middleware import SESSION_SCHOOL_KEY
from drommeskolen.dreamclass import actions
from drommeskolen.dreamclass.models import DreamSession, Round, SessionKind


def login(client: Any, cast: Any, user: Any) -> None:
    client.force_login(user)
    session = client.session
    session[SESSION_SCHOOL_KEY] = str(cast.school.uuid)
    session.save()


def dk_session(cast: Any, kind: str = SessionKind.DK1) -> DreamSession:
    return actions.start_session(acting_user=cast.contact_teacher, school_class=cast.class_a, kind=kind)


def running_round(cast: Any, *, kind: str = SessionKind.DK1, **options: Any) -> Round:
    return actions.start_round(
        acting_user=cast.contact_teacher, session=dk_session(cast, kind), question="Hva er viktig for deg?", **options
    )


def answer(voice_round: Round, device: str, text: str) -> Any:
    return actions.submit_answer(voice_round=voice_round, device_token=device, text=text)


def to_voting(cast: Any, voice_round: Round, titles: list[str]) -> list[Any]:
    """Clusters with the given titles, then the round opened for votes."""
    clusters = [actions.add_cluster(acting_user=cast.contact_teacher, voice_round=voice_round, title=t) for t in titles]
    actions.advance(acting_user=cast.contact_teacher, voice_round=voice_round)
    actions.advance(acting_user=cast.contact_teacher, voice_round=voice_round)
    voice_round.refresh_from_db()
    return clusters
