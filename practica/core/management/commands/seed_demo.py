from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo site's data: each app's demo.load(), lowest layer first. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                if not app_config.name.startswith("practica."):
                    continue
                try:
                    module = import_module(f"{app_config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{app_config.name}.demo":
                        raise
                    continue
                module.load()
        from practica.core.tasks import optimize_database

        optimize_database.call()
        self.stdout.write("Demo data is ready.")
