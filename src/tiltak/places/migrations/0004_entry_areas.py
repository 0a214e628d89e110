"""EntryArea: each entry's location, stored. Existing databases get theirs on the first read after this
migration: clearing the built fingerprint makes ``ensure_place_areas`` rebuild the areas, entries' included."""

import django.db.models.deletion
from django.db import migrations, models


def forget_built_fingerprint(apps, schema_editor):
    apps.get_model("places", "PlaceAreaState").objects.using(schema_editor.connection.alias).all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0005_audit_figure_corrected'),
        ('places', '0003_place_areas'),
    ]

    operations = [
        migrations.CreateModel(
            name='EntryArea',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('county', 'county'), ('municipality', 'municipality'), ('region', 'economic region')], max_length=20)),
                ('code', models.CharField(max_length=5)),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='areas', to='catalog.entry')),
            ],
            options={
                'indexes': [models.Index(fields=['kind', 'code'], name='entry_area_kind_code')],
                'constraints': [models.UniqueConstraint(fields=('entry', 'kind', 'code'), name='entry_area_unique')],
            },
        ),
        migrations.RunPython(forget_built_fingerprint, migrations.RunPython.noop),
    ]
