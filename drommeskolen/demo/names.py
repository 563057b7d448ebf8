"""Common Norwegian names for generated people (our own short lists, no Faker at run time).

Pupils get names that are common among children born in Norway after 2005; adults get
names common in their parents' generation. The lists include names that are common in
Norway's larger immigrant communities, as a real class list does.
"""

# fmt: off
GIRLS = (
    "Nora", "Emma", "Olivia", "Ella", "Sofie", "Leah", "Frida", "Ingrid", "Sara", "Maja",
    "Astrid", "Ada", "Selma", "Hedda", "Tiril", "Thea", "Ida", "Julie", "Emilie", "Ingeborg",
    "Amalie", "Sofia", "Vilde", "Mathilde", "Hanna", "Aurora", "Jenny", "Eline", "Marte", "Live",
    "Synne", "Iben", "Mia", "Oda", "Anna", "Kaja", "Martine", "Linnea", "Sigrid", "Tuva",
    "Ane", "Mari", "Helene", "Andrea", "Malin", "Karoline", "Eva", "Victoria", "Josefine", "Agnes",
    "Amina", "Yasmin", "Maryam", "Zofia", "Hiba", "Liv", "Guro", "Solveig", "Signe", "Marie",
)

BOYS = (
    "Jakob", "Emil", "Noah", "Oliver", "Filip", "William", "Lucas", "Liam", "Henrik", "Aksel",
    "Johannes", "Oskar", "Magnus", "Elias", "Isak", "Theodor", "Mathias", "Sander", "Jonas", "Tobias",
    "Markus", "Adrian", "Sebastian", "Martin", "Kristian", "Eirik", "Even", "Sindre", "Håkon", "Ola",
    "Olav", "Mohammed", "Ali", "Adam", "Yusuf", "Jakub", "Aleksander", "Kasper", "Ludvig", "Sverre",
    "Vetle", "Odin", "Storm", "Leon", "Benjamin", "Daniel", "Fredrik", "Harald", "Ivar", "Torstein",
    "Sigurd", "Peder", "Edvard", "Mikkel", "Ulrik", "Brage", "Erlend", "Gustav", "Amir", "Omar",
)

WOMEN = (
    "Kari", "Anne", "Inger", "Marit", "Ingrid", "Liv", "Hilde", "Camilla", "Silje", "Ida",
    "Heidi", "Tone", "Randi", "Berit", "Nina", "Monica", "Line", "Kristin", "Elisabeth", "Marianne",
    "Hege", "Trine", "Ragnhild", "Siri", "Mette", "Tonje", "Lene", "Anette", "Linda", "Gro",
    "Karin", "Wenche", "Eli", "Turid", "Stine", "Maria", "Cecilie", "Åse", "Fatima", "Agnieszka",
)

MEN = (
    "Jan", "Per", "Bjørn", "Ole", "Lars", "Kjell", "Knut", "Arne", "Svein", "Thomas",
    "Hans", "Geir", "Tor", "Morten", "Terje", "Espen", "Anders", "Trond", "Rune", "Jon",
    "Erik", "Martin", "Andreas", "Stian", "Kristoffer", "Øyvind", "Vidar", "Frode", "Jørgen", "Eivind",
    "Tore", "Kim", "Odd", "Roger", "Dag", "Harald", "Nils", "Petter", "Ahmed", "Tomasz",
)

SURNAMES = (
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
    "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen",
    "Jacobsen", "Dahl", "Jørgensen", "Henriksen", "Lund", "Halvorsen", "Sørensen", "Jakobsen", "Moen",
    "Gundersen", "Iversen", "Strand", "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen",
    "Bakken", "Kristoffersen", "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Lunde", "Solheim",
    "Berge", "Moe", "Nygård", "Bakke", "Kristensen", "Fredriksen", "Holm", "Lien", "Hauge", "Christensen",
    "Andresen", "Nielsen", "Knudsen", "Evensen", "Sæther", "Aas", "Myhre", "Haugland", "Thomassen",
    "Sivertsen", "Simonsen", "Danielsen", "Berntsen", "Sandvik", "Rønning", "Arnesen", "Antonsen", "Næss",
    "Vik", "Haug", "Ellingsen", "Thorsen", "Edvardsen", "Birkeland", "Isaksen", "Ruud", "Aasen", "Strøm",
    "Myklebust", "Tangen", "Ødegård", "Eliassen", "Helland", "Bøe", "Aune", "Mikkelsen", "Tveit",
    "Brekke", "Abrahamsen", "Madsen", "Ahmed", "Ali", "Hussain", "Khan", "Nowak", "Kowalski", "Tran",
    "Mohamed", "Hassan", "Fjeld", "Sletten", "Dalen", "Rustad", "Grønli", "Skogen", "Lindberg", "Viken",
)

# Parts of fictional place names for generated schools ("Bergvik videregående skole").
PLACE_STEMS = (
    "Berg", "Dal", "Fjell", "Li", "Vik", "Strand", "Haug", "Nes", "Sand", "Bakke", "Skog", "Mo",
    "Eng", "Holm", "Elve", "Sjø", "Furu", "Bjørke", "Stein", "Myr", "Rosen", "Lyng", "Åker", "Øy",
)
PLACE_ENDINGS = (
    "heim", "vik", "dal", "nes", "berg", "stad", "rud", "by", "sund", "åsen", "mo", "land", "haugen", "li",
)
# fmt: on

_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "ü": "u", "ö": "o", "ä": "a"})


def email_part(name: str) -> str:
    """A name as it appears in an e-mail address: lower case, ASCII, no spaces."""
    return name.lower().translate(_ASCII).replace(" ", "-")
