"""The five kinds of benefit the board asked about, as the starting list staff can then change."""

from django.db import migrations

CATEGORIES = [
    ("A speaker found", "A member with expertise spoke to a community, found through the platform."),
    ("A research study recruited", "A study found participants through a research call."),
    ("A resource reused by another team", "A resource shared in one community was taken up elsewhere."),
    ("A practice change reported", "A member or team changed how they practise because of the community."),
    ("A member's win shared", "A member's success, shared with the community."),
]


def seed(apps, schema_editor):
    BenefitCategory = apps.get_model("surveys", "BenefitCategory")
    for position, (name, description) in enumerate(CATEGORIES, start=1):
        BenefitCategory.objects.get_or_create(name=name, defaults={"description": description, "position": position})


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
