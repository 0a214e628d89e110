"""PlaceArea and PlaceAreaState moved to the places app: removed from this app's state only.

The tables stay; places 0003 takes them over and renames them (search_placearea -> places_placearea).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("search", "0004_field_vectors")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="PlaceArea"),
                migrations.DeleteModel(name="PlaceAreaState"),
            ],
            database_operations=[],
        )
    ]
