"""The column layout of each import kind: what the upload page shows and the parser expects.

docs/import.md describes the same layout for people preparing files; the examples in
docs/examples/ are written from EXAMPLES by `python -m drommeskolen.rosters.examples`.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .files import normalise_header
from .models import ImportKind


@dataclass(frozen=True)
class Column:
    header: str  # as documented; matched case-insensitively, ignoring spaces, '-' and '_'
    required: bool
    help: Promise | str

    @property
    def key(self) -> str:
        return normalise_header(self.header)


YES_NO_HELP = _("ja eller nei (tom: uendret, nei for nye)")

COLUMNS: dict[str, list[Column]] = {
    ImportKind.CLASSES: [
        Column("klasse", True, _("Klassens navn, for eksempel 1STA eller 8A. Unikt per skoleår.")),
        Column("trinn", True, _("8, 9 eller 10 (ungdomsskole), Vg1, Vg2 eller Vg3 (videregående).")),
        Column("utdanningsprogram", False, _("For eksempel Studiespesialisering. Mest aktuelt i videregående.")),
    ],
    ImportKind.STAFF: [
        Column("ansatt_id", True, _("Ansattnummeret i skolens system. Unikt i filen.")),
        Column("fornavn", True, _("Fornavn.")),
        Column("etternavn", True, _("Etternavn.")),
        Column("e-post", True, _("Jobb-e-post. Brukes til innlogging og tilbakestilling av passord.")),
        Column("stilling", False, _("For eksempel Lektor.")),
        Column(
            "roller",
            False,
            _(
                "Roller ved skolen dette skoleåret, skilt med komma: rektor, skoleledelse, avdelingsleder, "
                "ressursgruppe, ressursgruppekoordinator, kontaktlærer, lærer, miljøarbeider, rådgiver, "
                "helsesykepleier. Tom: rollene endres ikke."
            ),
        ),
        Column(
            "klasser",
            False,
            _(
                "Klassene for rollene kontaktlærer og lærer, skilt med komma, for eksempel 1STA, 1STB. "
                "Har personen begge rollene, skriv rollen foran klassen: kontaktlærer:1STA, lærer:1STB."
            ),
        ),
        Column("feide_id", False, _("Feide-brukernavn, for eksempel kari@skole.no. Gir innlogging med Feide.")),
    ],
    ImportKind.PUPILS: [
        Column("elev_id", True, _("Elevnummeret i skolens system. Unikt i filen.")),
        Column("fornavn", True, _("Fornavn.")),
        Column("etternavn", True, _("Etternavn.")),
        Column("fødselsdato", True, _("DD.MM.ÅÅÅÅ eller ÅÅÅÅ-MM-DD.")),
        Column("kjønn", False, _("jente, gutt, annet eller tom.")),
        Column("klasse", True, _("Klassen dette skoleåret. Klassen må finnes (importer klasser først).")),
        Column("fortrolig_adresse", False, YES_NO_HELP),
        Column("feide_id", False, _("Feide-brukernavn.")),
        Column("e-post", False, _("Gir eleven en brukerkonto for innlogging.")),
    ],
    ImportKind.GUARDIANS: [
        Column(
            "foresatt_id",
            True,
            _("Den foresattes nummer i skolens system. Samme nummer på alle radene hans eller hennes."),
        ),
        Column("fornavn", True, _("Fornavn.")),
        Column("etternavn", True, _("Etternavn.")),
        Column("e-post", False, _("Gir den foresatte en brukerkonto for innlogging.")),
        Column("telefon", False, _("Mobilnummer.")),
        Column("elev_id", True, _("Eleven den foresatte hører til. Én rad per foresatt og barn.")),
        Column("foreldreansvar", True, _("ja eller nei. Bare foresatte med foreldreansvar får se saker om barnet.")),
    ],
}

EXAMPLE_FILE_NAMES: dict[str, str] = {
    ImportKind.CLASSES: "klasser.csv",
    ImportKind.STAFF: "ansatte.csv",
    ImportKind.PUPILS: "elever.csv",
    ImportKind.GUARDIANS: "foresatte.csv",
}


def header_line(kind: str) -> str:
    return ";".join(column.header for column in COLUMNS[kind])
