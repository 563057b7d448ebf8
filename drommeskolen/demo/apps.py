from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "drommeskolen.demo"
    label = "demo"
    verbose_name = "Demo data"
