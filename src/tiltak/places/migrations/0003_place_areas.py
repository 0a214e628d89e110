"""PlaceArea and PlaceAreaState, moved here from the search app (search 0005 drops them from its state).

The tables the search app made are adopted as they are (state only), then renamed to this app's names
and the index given this app's name, so existing databases keep their rows and fresh ones end the same.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0002_place_members"),
        ("search", "0005_place_areas_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PlaceAreaState",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("fingerprint", models.CharField(max_length=200)),
                    ],
                    options={"db_table": "search_placeareastate"},
                ),
                migrations.CreateModel(
                    name="PlaceArea",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(choices=[("county", "county"), ("municipality", "municipality")], max_length=20)),
                        ("code", models.CharField(max_length=4)),
                        ("place", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="areas", to="places.place")),
                    ],
                    options={
                        "db_table": "search_placearea",
                        "indexes": [models.Index(fields=["kind", "code"], name="search_plac_kind_52a1ca_idx")],
                        "constraints": [models.UniqueConstraint(fields=("place", "kind", "code"), name="place_area_unique")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="placeareastate", table=None),
        migrations.AlterModelTable(name="placearea", table=None),
        migrations.RenameIndex(
            model_name="placearea", new_name="place_area_kind_code", old_name="search_plac_kind_52a1ca_idx"
        ),
    ]
