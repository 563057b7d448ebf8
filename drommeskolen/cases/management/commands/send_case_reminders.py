"""Send the duty-to-act reminders that are due today.

Run once a day (for example from cron at 06:00: `manage.py send_case_reminders`). For every
open case, the case handler and the principal get an e-mail `DutySettings.reminder_days`
days before the plan's evaluation date, and once when an investigation, a plan or an
evaluation is past its target. Each reminder is sent once (CaseReminder), so running the
command again the same day, or after a missed day, sends nothing twice. The e-mails go
through the task queue and say only "Du har en ny melding i Drømmeskolen" with a link.
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from drommeskolen.cases.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send the reminders of the duty to act that are due today (run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="Count as if today were this date.")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_reminders(today=options.get("date"))
        self.stdout.write(f"{sent} reminder(s) queued.")
