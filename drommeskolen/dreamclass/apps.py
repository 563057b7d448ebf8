from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DreamclassConfig(AppConfig):
    name = "drommeskolen.dreamclass"
    label = "dreamclass"
    verbose_name = _("Drømmeklassen")
