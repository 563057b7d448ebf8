"""Tell the resource groups of follow-up hours newly missed (the scheduler does it on
weekdays at 06:15). Idempotent: each missed hour of a class is told once."""

from typing import Any

from django.core.management.base import BaseCommand

from drommeskolen.classyear.actions import flag_missed_follow_ups


class Command(BaseCommand):
    help = "E-mail each school's resource group once about every follow-up hour newly missed (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{flag_missed_follow_ups()} missed follow-up hour(s) told.")
