"""Finding or making the log-in account for a person in a roster file.

Accounts are global (one person can work at two schools, or be a teacher and a parent),
so a school's file may change an account only when the account belongs to that school
alone. Otherwise a principal could, for example, put their own Feide ID on another
school's account and log in as its owner. Such a row is rejected with an explanation
instead, and names are simply left as they are.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from drommeskolen.accounts.models import User
from drommeskolen.core.models import School
from drommeskolen.people.models import Guardian, Pupil, Role, StaffMember

from .cells import CellError

CHUNK = 500


def chunks(values: Iterable[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass(eq=False)
class AccountPlan:
    """An account to link: an existing one (perhaps with field updates) or one to create."""

    user: User | None
    email: str
    updates: dict[str, Any] = field(default_factory=dict)
    _result: User | None = None

    @property
    def changed(self) -> bool:
        return self.user is None or bool(self.updates)

    def materialise(self) -> User:
        """Create or update the account (once, however many rows share it) and return it."""
        if self._result is not None:
            return self._result
        if self.user is None:
            # No usable password: the person logs in with Feide or sets one by password reset.
            self._result = User.objects.create_user(self.email, password=None, **self.updates)
        else:
            if self.updates:
                for name, value in self.updates.items():
                    setattr(self.user, name, value)
                self.user.save(update_fields=list(self.updates))
            self._result = self.user
        return self._result


class Accounts:
    """The existing accounts a file's rows may refer to, loaded in a few queries."""

    def __init__(self, *, school: School, emails: set[str], feide_ids: set[str], linked_ids: set[int]) -> None:
        self.school = school
        users: dict[int, User] = {}
        for batch in chunks(sorted(emails)):
            users.update(
                (u.pk, u) for u in User.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=batch)
            )
        for batch in chunks(sorted(feide_ids)):
            users.update((u.pk, u) for u in User.objects.filter(feide_id__in=batch))
        for batch in chunks(sorted(linked_ids - users.keys())):
            users.update((u.pk, u) for u in User.objects.filter(pk__in=batch))
        self.by_email = {u.email.lower(): u for u in users.values()}
        self.by_feide = {u.feide_id: u for u in users.values() if u.feide_id}
        ids = list(users)
        self.foreign: set[int] = {u.pk for u in users.values() if u.is_staff or u.is_superuser}
        self.pupil_of: dict[int, int] = {}
        self.staff_here: dict[int, str] = {}
        self.guardians: set[int] = set()
        self.employed: set[int] = set()
        for batch in chunks(ids):
            self.foreign.update(
                Role.objects.filter(user_id__in=batch)
                .filter(Q(school__isnull=True) | ~Q(school=school))
                .values_list("user_id", flat=True)
            )
            for user_id, school_id, external_id in StaffMember.objects.filter(user_id__in=batch).values_list(
                "user_id", "school_id", "external_id"
            ):
                self.employed.add(user_id)
                if school_id == school.pk:
                    self.staff_here[user_id] = external_id
                else:
                    self.foreign.add(user_id)
            for user_id, school_id, pupil_id in Pupil.objects.filter(user_id__in=batch).values_list(
                "user_id", "school_id", "pk"
            ):
                self.pupil_of[user_id] = pupil_id
                if school_id != school.pk:
                    self.foreign.add(user_id)
            for user_id, school_id in Guardian.objects.filter(user_id__in=batch).values_list("user_id", "school_id"):
                self.guardians.add(user_id)
                if school_id != school.pk:
                    self.foreign.add(user_id)
        self._pending: dict[str, AccountPlan] = {}
        self._claimed: dict[int, int] = {}  # user id → the file line that uses it

    def resolve(
        self,
        *,
        line: int,
        current: User | None,
        email: str | None,
        feide_id: str | None,
        first_name: str,
        last_name: str,
    ) -> AccountPlan | None:
        """The account for one row; CellError when the row would take over someone else's."""
        by_email = self.by_email.get(email) if email else None
        by_feide = self.by_feide.get(feide_id) if feide_id else None
        user = current or by_feide or by_email
        if user is None:
            if email is None:
                return None
            plan = self._pending.get(email)
            if plan is None:
                plan = AccountPlan(
                    user=None,
                    email=email,
                    updates={"first_name": first_name, "last_name": last_name, "feide_id": feide_id or None},
                )
                self._pending[email] = plan
            return plan
        if by_email is not None and by_email.pk != user.pk:
            raise CellError(_("E-postadressen «{email}» brukes allerede av en annen bruker.").format(email=email))
        if by_feide is not None and by_feide.pk != user.pk:
            raise CellError(_("Feide-ID-en «{feide}» brukes allerede av en annen bruker.").format(feide=feide_id))
        earlier = self._claimed.setdefault(user.pk, line)
        if earlier != line:
            raise CellError(_("Raden gjelder samme bruker som linje {line}.").format(line=earlier))
        managed = user.pk not in self.foreign
        updates: dict[str, Any] = {}
        if email and email != user.email.lower():
            updates["email"] = email
        if feide_id and feide_id != user.feide_id:
            updates["feide_id"] = feide_id
        if updates and not managed:
            raise CellError(
                _(
                    "Brukeren er også knyttet til en annen skole eller har en systemrolle, så e-post og Feide-ID "
                    "kan ikke endres fra denne skolen. Kontakt systemadministrator."
                )
            )
        if managed:
            if first_name != user.first_name:
                updates["first_name"] = first_name
            if last_name != user.last_name:
                updates["last_name"] = last_name
        return AccountPlan(user=user, email=user.email, updates=updates)
