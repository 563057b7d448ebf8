"""One upload of a roster file (klasser, ansatte, elever or foresatte) and what became of it.

The row is both the work item (the file waits here between the preview and the
confirmation, and the task worker reads it from here) and the record of who imported
what and when. The file itself is personal data: it is emptied once the import has
been applied or rejected, and only the counts and error list stay.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drommeskolen.core.models import School, SchoolYear


class ImportKind(models.TextChoices):
    CLASSES = "classes", _("Klasser")
    STAFF = "staff", _("Ansatte")
    PUPILS = "pupils", _("Elever")
    GUARDIANS = "guardians", _("Foresatte")


class ImportStatus(models.TextChoices):
    VALIDATED = "validated", _("Kontrollert, venter på bekreftelse")
    FAILED = "failed", _("Avvist – ingenting ble importert")
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Importeres")
    DONE = "done", _("Importert")
    ERROR = "error", _("Stoppet av en feil – ingenting ble importert")


# The only moves an import may make. FAILED means the file was rejected (at upload, or
# when it was checked again just before writing); ERROR means something unexpected
# stopped the write transaction, which was rolled back.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    ImportStatus.VALIDATED: frozenset({ImportStatus.QUEUED, ImportStatus.RUNNING}),
    ImportStatus.QUEUED: frozenset({ImportStatus.RUNNING, ImportStatus.ERROR}),
    ImportStatus.RUNNING: frozenset({ImportStatus.DONE, ImportStatus.FAILED, ImportStatus.ERROR}),
    ImportStatus.FAILED: frozenset(),
    ImportStatus.DONE: frozenset(),
    ImportStatus.ERROR: frozenset(),
}
FINISHED_STATUSES = frozenset({ImportStatus.FAILED, ImportStatus.DONE, ImportStatus.ERROR})


class RosterImport(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="roster_imports")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, related_name="roster_imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("lastet opp av")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bekreftet av"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=ImportKind.choices)
    file_name = models.CharField(_("filnavn"), max_length=255)
    # The uploaded bytes, kept in the database so that any app server or worker can read
    # them; emptied when the import is finished.
    content = models.BinaryField(default=b"", editable=False)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus.choices)
    total_rows = models.PositiveIntegerField(_("rader"), default=0)
    processed_rows = models.PositiveIntegerField(_("behandlede rader"), default=0)
    created_count = models.PositiveIntegerField(_("nye"), default=0)
    updated_count = models.PositiveIntegerField(_("endrede"), default=0)
    unchanged_count = models.PositiveIntegerField(_("uendrede"), default=0)
    # [{"line": 3, "message": "…"}]; line is the row number as Excel shows it (header = 1),
    # or null for a fault in the file as a whole.
    errors = models.JSONField(_("feil"), default=list, blank=True)
    created_at = models.DateTimeField(_("lastet opp"), default=timezone.now)
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("importer")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["school", "school_year", "-created_at"], name="rosterimport_school_recent")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(processed_rows__lte=models.F("total_rows")), name="rosterimport_progress_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def is_in_progress(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)

    @property
    def progress_percent(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    def move_to(self, status: str, **fields: Any) -> None:
        """Change status (checked against ALLOWED_TRANSITIONS) and save it with `fields`.

        Finishing empties the stored file: the import record stays, the personal data in
        the file does not.
        """
        if status not in ALLOWED_TRANSITIONS[self.status]:
            raise ValueError(f"A roster import cannot go from {self.status} to {status}.")
        self.status = status
        update = ["status", *fields]
        for name, value in fields.items():
            setattr(self, name, value)
        if status == ImportStatus.RUNNING and self.started_at is None:
            self.started_at = timezone.now()
            update.append("started_at")
        if status in FINISHED_STATUSES:
            self.finished_at = timezone.now()
            self.content = b""
            update += ["finished_at", "content"]
        self.save(update_fields=update)
