from typing import Any

from django.core.management.base import BaseCommand, CommandError

from drommeskolen.cases.models import Case


class Command(BaseCommand):
    help = "Verify every case journal's hash chain; exits non-zero when one is broken. Prints case numbers only."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = 0
        cases = Case.objects.select_related("school").order_by("school__name", "year", "sequence")
        for case in cases.iterator(chunk_size=500):
            result = case.verify_journal()
            if result is None:
                self.stdout.write(f"OK      {case.school.name} {case.number}")
            else:
                broken += 1
                self.stdout.write(
                    f"BROKEN  {case.school.name} {case.number}: entry {result.key} "
                    f"(position {result.position}): {result.reason}"
                )
        if broken:
            raise CommandError(f"{broken} case journal(s) are broken.")
