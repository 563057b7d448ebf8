from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from drommeskolen.demo.loader import demo_exists
from drommeskolen.demo.logins import login_table


class Command(BaseCommand):
    help = "Viser demo-innloggingene (én per rolle)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not demo_exists():
            raise CommandError(_("Demodataene er ikke lastet inn. Kjør «manage.py load_demo» først."))
        self.stdout.write(login_table())
