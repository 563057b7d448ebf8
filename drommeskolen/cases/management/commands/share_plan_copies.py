"""Give readers who came after a plan was adopted their copy of it.

Run once a day (the scheduler does it at 05:45): a pupil who has turned 15 since the plan
was adopted, or a guardian with parental responsibility who has since been given an
account, gets their own copy of the case's latest adopted plan, as they would have at
adoption. Idempotent: nobody gets a second copy of the same version.
"""

from typing import Any

from django.core.management.base import BaseCommand

from drommeskolen.cases.family import share_missing_copies


class Command(BaseCommand):
    help = "Give readers who came after a plan was adopted their copy of it (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{share_missing_copies()} plan copy/copies made.")
