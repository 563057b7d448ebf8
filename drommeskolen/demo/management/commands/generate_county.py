from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from drommeskolen.demo.county import DEFAULT_OWNER_NAME, OwnerExists, generate_county


class Command(BaseCommand):
    help = (
        "Lager oppdiktede data i fylkesskala for ytelsestester: skoler, klasser, elever, foresatte og ansatte "
        "med roller i inneværende skoleår."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schools", type=int, default=100, help=_("Antall skoler (standard 100)."))
        parser.add_argument("--pupils", type=int, default=60_000, help=_("Antall elever i alt (standard 60 000)."))
        parser.add_argument("--owner-name", default=DEFAULT_OWNER_NAME, help=_("Navnet på skoleeieren som lages."))
        parser.add_argument("--seed", type=int, default=1, help=_("Startverdi for tilfeldige navn og tall."))

    def handle(self, *args: Any, **options: Any) -> None:
        schools, pupils = options["schools"], options["pupils"]
        if schools < 1 or pupils < 3 * schools:
            raise CommandError(_("Det trengs minst én skole og minst tre elever per skole."))
        try:
            result = generate_county(
                schools=schools,
                pupils=pupils,
                owner_name=options["owner_name"],
                seed=options["seed"],
                progress=lambda done: self.stdout.write(_("  skoler skrevet: %(done)s") % {"done": done}),
            )
        except OwnerExists:
            raise CommandError(
                _("Skoleeieren «%(name)s» finnes allerede. Velg et annet navn med --owner-name.")
                % {"name": options["owner_name"]}
            ) from None
        total = sum(result.rows.values())
        self.stdout.write(
            self.style.SUCCESS(
                _("Laget «%(owner)s» på %(seconds).1f s: %(rows)d rader (%(rate)d rader/s).")
                % {
                    "owner": result.owner.name,
                    "seconds": result.seconds,
                    "rows": total,
                    "rate": total / max(result.seconds, 0.001),
                }
            )
        )
        for model, count in sorted(result.rows.items()):
            self.stdout.write(f"  {model:<20} {count:>8}")
