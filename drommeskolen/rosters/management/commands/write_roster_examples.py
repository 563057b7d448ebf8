from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from drommeskolen.rosters.examples import write_examples


class Command(BaseCommand):
    help = "Write the example roster files (CSV for each kind, XLSX for pupils) to docs/examples/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", nargs="?", default=str(Path(settings.BASE_DIR) / "docs" / "examples"))

    def handle(self, *args: Any, folder: str, **options: Any) -> None:
        write_examples(Path(folder))
        self.stdout.write(f"Wrote the example roster files to {folder}")
