from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RostersConfig(AppConfig):
    name = "drommeskolen.rosters"
    label = "rosters"
    verbose_name = _("Import av klasser, elever, foresatte og ansatte")
