from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from drommeskolen.demo.loader import load_demo
from drommeskolen.demo.logins import OWNER_NAME, login_table


class Command(BaseCommand):
    help = "Laster inn demodata: to oppdiktede skoler med elever, foresatte, ansatte og én innlogging per rolle."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_demo()
        if counts is None:
            message = _("Demodataene finnes allerede (%(owner)s). Ingenting er endret.") % {"owner": OWNER_NAME}
            self.stdout.write(message)
        else:
            message = _(
                "Demodata lastet: %(schools)d skoler, %(pupils)d elever, %(guardians)d foresatte, %(staff)d ansatte."
            ) % {
                "schools": counts.schools,
                "pupils": counts.pupils,
                "guardians": counts.guardians,
                "staff": counts.staff,
            }
            self.stdout.write(self.style.SUCCESS(message))
        self.stdout.write("")
        self.stdout.write(login_table())
