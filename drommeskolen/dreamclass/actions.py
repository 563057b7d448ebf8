"""Every write for Drømmeklassen: keyword-only, one transaction each.

Every answer and vote starts by bumping the round's version *on condition of its status*
(`UPDATE ... SET version = version + 1 WHERE status = 'answering'`). That one statement
checks that the round still takes answers and holds the round's row lock to the end of
the transaction, so an answer or vote cannot slip in after the leader has moved the round
on (`advance` locks the same row), and new phones are counted one at a time against the
round's device cap. Limits per phone are a conditional UPDATE of the device's counters
(`... SET votes_given = votes_given + 1 WHERE votes_given < limit`) in the same
transaction as the answer or vote it pays for, so no vote is lost or counted twice, on
SQLite and PostgreSQL.
"""

import datetime
import hashlib
import os
import secrets
import uuid
from collections.abc import Collection, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from drommeskolen.lib import similarity
from drommeskolen.people.models import Enrolment, SchoolClass

from .models import (
    ANSWER_MAX_LENGTH,
    CLUSTER_TITLE_MAX_LENGTH,
    Answer,
    Cluster,
    DreamSession,
    ManualText,
    Part,
    Participant,
    Round,
    RoundStatus,
    SessionKind,
    Vote,
)

# No 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: read from a projector across a classroom.
CODE_ALPHABET = "ACDEFHJKMNPRTUVWXY3479"
CODE_LENGTH = 6
CODE_LIFETIME = datetime.timedelta(hours=4)
NEXT_STATUS = {
    RoundStatus.ANSWERING: RoundStatus.GROUPING,
    RoundStatus.GROUPING: RoundStatus.VOTING,
    RoundStatus.VOTING: RoundStatus.CLOSED,
}


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def voter_hash(voice_round: Round, device_token: str) -> str:
    """The only trace of a device: a salted hash that changes from round to round."""
    return hashlib.sha256(f"{voice_round.salt}:{device_token}".encode()).hexdigest()


# Phones one round takes beyond the class's pupils (a pupil whose phone dies borrows one,
# a mentor tries the page): a cap, so that clearing cookies does not buy unlimited votes.
EXTRA_DEVICES = 3
MIN_DEVICES = 10


def _bump(voice_round: Round) -> None:
    Round.objects.filter(pk=voice_round.pk).update(version=F("version") + 1)


def _bump_while(voice_round: Round, status: str) -> bool:
    """Bump the round's version if it is still in `status`, holding its row lock to the end
    of the transaction; False when the leader has moved it on."""
    return Round.objects.filter(pk=voice_round.pk, status=status).update(version=F("version") + 1) == 1


def device_cap(voice_round: Round) -> int:
    """How many phones the round takes: the class's pupils and a few more."""
    pupils = Enrolment.objects.filter(school_class_id=voice_round.session.school_class_id).count()
    return max(MIN_DEVICES, pupils + EXTRA_DEVICES)


def _download_name(name: str | None) -> str:
    """The uploaded name as the download will offer it: printable characters only (no line
    breaks for the Content-Disposition header), at most 200, the extension kept (the form
    has checked it is a short one)."""
    name = "".join(ch for ch in (name or "") if ch.isprintable()).strip() or "manus"
    stem, extension = os.path.splitext(name)
    return stem[: 200 - len(extension)] + extension


@transaction.atomic
def save_manual(
    *,
    acting_user: Any,
    school: Any,
    kind: str,
    texts: Mapping[str, str],
    uploads: Mapping[str, tuple[UploadedFile[Any], str]] | None = None,
    removals: Collection[str] = (),
) -> None:
    """The school's manual for DK1 or DK2: per part its text, and a new document (part →
    upload and its checked content type) replacing the old one, or the document removed.

    A replaced or removed file leaves the storage only once the change is committed, so a
    rolled-back save still has its document. (A new file saved before a rollback is left
    behind unreferenced; storage is not transactional.)"""
    uploads = uploads or {}
    touched = set(texts) | set(uploads) | set(removals)
    if touched - set(Part.values):
        raise ValidationError(_("Ukjent del av økta."))
    ManualText.objects.bulk_create(
        [ManualText(school=school, kind=kind, part=part, updated_by=acting_user) for part in touched],
        ignore_conflicts=True,
    )
    rows = ManualText.objects.select_for_update().filter(school=school, kind=kind, part__in=touched)
    stale: list[FieldFile] = []
    for row in rows:
        row.school = school  # names the file's folder without another query
        row.updated_by = acting_user
        if row.part in texts:
            row.text = texts[row.part]
        if row.file and (row.part in uploads or row.part in removals):
            stale.append(row.file)
            row.file = ""
            row.file_uuid = None
            row.file_name = row.content_type = ""
            row.file_size = 0
        if row.part in uploads:
            upload, content_type = uploads[row.part]
            row.file_uuid = uuid.uuid4()
            row.file_name = _download_name(upload.name)
            row.content_type = content_type
            row.file_size = upload.size or 0
            row.file.save(row.file_uuid.hex, upload, save=False)
        row.save()
    if stale:
        transaction.on_commit(lambda: _delete_files(stale))


def _delete_files(files: list[FieldFile]) -> None:
    for old in files:
        if old.name:
            old.storage.delete(old.name)


@transaction.atomic
def start_session(*, acting_user: Any, school_class: SchoolClass, kind: str) -> DreamSession:
    if kind not in SessionKind.values:
        raise ValidationError(_("Ukjent økt."))
    session, _created = DreamSession.objects.get_or_create(
        school_class=school_class,
        kind=kind,
        defaults={"school": school_class.school, "created_by": acting_user, "held_on": timezone.localdate()},
    )
    return session


def start_round(
    *,
    acting_user: Any,
    session: DreamSession,
    question: str,
    part: str = Part.GOALS,
    answers_per_pupil: int = 3,
    votes_per_pupil: int = 3,
) -> Round:
    """A new round with a fresh join code, unique among active rounds (retried on the rare clash)."""
    question = question.strip()
    if not question:
        raise ValidationError(_("Skriv et spørsmål."))
    for _attempt in range(10):
        try:
            with transaction.atomic():
                return Round.objects.create(
                    session=session,
                    part=part,
                    question=question,
                    code=new_code(),
                    code_expires_at=timezone.now() + CODE_LIFETIME,
                    salt=secrets.token_hex(32),
                    answers_per_pupil=answers_per_pupil,
                    votes_per_pupil=votes_per_pupil,
                    created_by=acting_user,
                )
        except IntegrityError:
            continue
    raise ValidationError(_("Fant ingen ledig kode. Prøv igjen."))


@transaction.atomic
def advance(*, acting_user: Any, voice_round: Round) -> Round:
    """Answering → grouping → voting → closed. Voting needs at least one cluster."""
    locked = Round.objects.select_for_update().get(pk=voice_round.pk)
    following = NEXT_STATUS.get(RoundStatus(locked.status))
    if following is None:
        raise ValidationError(_("Runden er avsluttet."))
    if following == RoundStatus.VOTING and not Cluster.objects.filter(round=locked).exists():
        raise ValidationError(_("Lag minst én gruppe før avstemningen."))
    locked.status = following
    locked.version += 1
    locked.save(update_fields=["status", "version"])
    if following == RoundStatus.CLOSED:
        # The counters only enforced the limits; once the round is over they go, and with
        # them the last trace of which phones took part.
        Participant.objects.filter(round=locked).delete()
    return locked


class RoundFull(ValidationError):
    """The round has taken as many phones as it takes."""


def _take(voice_round: Round, device_token: str, counter: str, limit: int) -> bool:
    """Spend one of the device's answers or votes; False when none are left. Called with
    the round's row lock held (`_bump_while`), so new phones join one at a time."""
    hashed = voter_hash(voice_round, device_token)
    known = Participant.objects.filter(round=voice_round, voter_hash=hashed)
    if not known.exists():
        if Participant.objects.filter(round=voice_round).count() >= device_cap(voice_round):
            raise RoundFull(_("Runden har fått svar fra like mange mobiler som klassen har elever. Spør læreren."))
        Participant.objects.create(round=voice_round, voter_hash=hashed)
    return known.filter(**{f"{counter}__lt": limit}).update(**{counter: F(counter) + 1}) == 1


def remaining(voice_round: Round, device_token: str) -> tuple[int, int]:
    """Answers and votes the device has left in the round."""
    row = (
        Participant.objects.filter(round=voice_round, voter_hash=voter_hash(voice_round, device_token))
        .values_list("answers_given", "votes_given")
        .first()
    )
    given_answers, given_votes = row or (0, 0)
    return voice_round.answers_per_pupil - given_answers, voice_round.votes_per_pupil - given_votes


@transaction.atomic
def submit_answer(*, voice_round: Round, device_token: str, text: str) -> Answer:
    text = " ".join(text.split())
    if not text:
        raise ValidationError(_("Skriv et svar."))
    if len(text) > ANSWER_MAX_LENGTH:
        raise ValidationError(_("Svaret kan ha høyst %(max)d tegn.") % {"max": ANSWER_MAX_LENGTH})
    if not _bump_while(voice_round, RoundStatus.ANSWERING):
        raise ValidationError(_("Runden tar ikke imot svar nå."))
    if not _take(voice_round, device_token, "answers_given", voice_round.answers_per_pupil):
        raise ValidationError(_("Du har brukt alle svarene dine i denne runden."))
    return Answer.objects.create(round=voice_round, text=text)


@transaction.atomic
def cast_vote(*, voice_round: Round, device_token: str, cluster: Cluster) -> Vote:
    if cluster.round_id != voice_round.pk:
        raise ValidationError(_("Ukjent gruppe."))
    if not _bump_while(voice_round, RoundStatus.VOTING):
        raise ValidationError(_("Avstemningen er ikke åpen."))
    if not _take(voice_round, device_token, "votes_given", voice_round.votes_per_pupil):
        raise ValidationError(_("Du har brukt alle stemmene dine."))
    return Vote.objects.create(round=voice_round, cluster=cluster)


@transaction.atomic
def set_hidden(*, acting_user: Any, answer: Answer, hidden: bool) -> None:
    answer.hidden = hidden
    if hidden:
        answer.cluster = None
    answer.save(update_fields=["hidden", "cluster"])
    _bump(answer.round)


@transaction.atomic
def add_cluster(*, acting_user: Any, voice_round: Round, title: str) -> Cluster:
    title = " ".join(title.split())[:CLUSTER_TITLE_MAX_LENGTH]
    if not title:
        raise ValidationError(_("Gi gruppen et navn."))
    if voice_round.status not in (RoundStatus.ANSWERING, RoundStatus.GROUPING):
        raise ValidationError(_("Gruppene kan ikke endres under eller etter avstemningen."))
    last = Cluster.objects.filter(round=voice_round).aggregate(last=Max("position"))["last"]
    cluster = Cluster.objects.create(round=voice_round, title=title, position=(last or 0) + 1)
    _bump(voice_round)
    return cluster


@transaction.atomic
def move_answer(*, acting_user: Any, answer: Answer, cluster: Cluster | None) -> None:
    voice_round = answer.round
    if voice_round.status not in (RoundStatus.ANSWERING, RoundStatus.GROUPING):
        raise ValidationError(_("Gruppene kan ikke endres under eller etter avstemningen."))
    if cluster is not None and cluster.round_id != answer.round_id:
        raise ValidationError(_("Ukjent gruppe."))
    if answer.hidden:
        raise ValidationError(_("Et skjult svar kan ikke legges i en gruppe."))
    answer.cluster = cluster
    answer.save(update_fields=["cluster"])
    _bump(voice_round)


def suggestions(voice_round: Round) -> list[tuple[str, list[Answer]]]:
    """Suggested clusters among the visible answers not yet grouped: (title, answers)."""
    answers = list(Answer.objects.filter(round=voice_round, hidden=False, cluster__isnull=True))
    groups = similarity.suggest_clusters([a.text for a in answers])
    return [(similarity.title_for([answers[i].text for i in g]), [answers[i] for i in g]) for g in groups]


@transaction.atomic
def apply_suggestions(*, acting_user: Any, voice_round: Round) -> int:
    """Make every suggested cluster; returns how many were made."""
    made = 0
    for title, answers in suggestions(voice_round):
        cluster = add_cluster(acting_user=acting_user, voice_round=voice_round, title=title)
        Answer.objects.filter(pk__in=[a.pk for a in answers]).update(cluster=cluster)
        made += 1
    if made:
        _bump(voice_round)
    return made
