"""Queue e-mail reminders for årshjul events coming up (run daily, e.g. from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from drommeskolen.programme.actions import queue_reminders


class Command(BaseCommand):
    help = "Queue reminder e-mails for årshjul events a configured number of days ahead (each sent once)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = queue_reminders()
        self.stdout.write(f"{count} reminder(s) queued.")
