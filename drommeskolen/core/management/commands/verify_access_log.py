from typing import Any

from django.core.management.base import BaseCommand, CommandError

from drommeskolen.core.models import AccessLogEntry, School


class Command(BaseCommand):
    help = "Verify every school's access-log hash chain; exits non-zero when one is broken."

    def handle(self, *args: Any, **options: Any) -> None:
        broken = 0
        for school in School.objects.order_by("name"):
            result = AccessLogEntry.verify(school)
            if result is None:
                self.stdout.write(f"OK      {school.name}")
            else:
                broken += 1
                self.stdout.write(
                    f"BROKEN  {school.name}: entry {result.key} (position {result.position}): {result.reason}"
                )
        if broken:
            raise CommandError(f"{broken} access-log chain(s) are broken.")
