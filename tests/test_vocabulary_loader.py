"""The shipped vocabularies load into the database after migrate, idempotently, never touching what an
editor added; the data file itself is consistent."""

from __future__ import annotations

import pytest

from tiltak.catalog.models import SCHEME_FOR_LIST
from tiltak.vocabulary.loader import VocabularyDataError, load_vocabularies, read_vocabularies
from tiltak.vocabulary.mapper import folded_key
from tiltak.vocabulary.models import Concept, ConceptScheme, Variant

NOTHING_CHANGED = {"schemes": 0, "concepts": 0, "relabelled": 0, "variants_added": 0, "variants_removed": 0}


@pytest.mark.django_db
def test_every_list_has_its_vocabulary_after_migrate():
    codes = set(ConceptScheme.objects.values_list("code", flat=True))
    assert set(SCHEME_FOR_LIST.values()) <= codes
    for spec in read_vocabularies():
        assert Concept.objects.filter(scheme__code=spec.code).count() == len(spec.concepts)
    assert Concept.objects.get(scheme__code="activities", code="own_website").label("nn") == "Eigen nettstad"
    assert Variant.objects.filter(concept__code="own_website", text="Eigne nettsider", origin="data").exists()


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    before = sorted(Variant.objects.values_list("concept__code", "text"))
    assert load_vocabularies() == NOTHING_CHANGED
    assert sorted(Variant.objects.values_list("concept__code", "text")) == before


@pytest.mark.django_db
def test_editor_variants_survive_and_changed_labels_and_stale_data_variants_are_synced():
    host = Concept.objects.get(scheme__code="activities", code="host_scheme")
    Variant.objects.create(concept=host, text="Los for nye innbyggjarar", origin=Variant.Origin.EDITOR)
    Variant.objects.create(
        concept=host, text="a variant the file no longer lists", origin=Variant.Origin.DATA
    )
    Concept.objects.filter(pk=host.pk).update(label_en="renamed by hand")
    Variant.objects.filter(concept=host, text="Tilflyttervert").delete()

    counts = load_vocabularies()

    host.refresh_from_db()
    assert host.label_en == "Host scheme"
    assert Variant.objects.filter(concept=host, text="Los for nye innbyggjarar", origin="editor").exists()
    assert not Variant.objects.filter(text="a variant the file no longer lists").exists()
    assert Variant.objects.filter(concept=host, text="Tilflyttervert").exists()
    assert (counts["relabelled"], counts["variants_added"], counts["variants_removed"]) == (1, 1, 1)
    assert Concept.objects.get(pk=host.pk).pk == host.pk  # codes are stable: the row is the same


def test_every_concept_has_labels_in_three_languages_and_unique_codes():
    for scheme in read_vocabularies():
        codes = [c.code for c in scheme.concepts]
        assert len(codes) == len(set(codes))
        for concept in scheme.concepts:
            assert all(concept.labels[lang] for lang in ("nb", "nn", "en")), concept.code
            assert concept.code.isascii() and concept.code == concept.code.lower()


def test_no_wording_in_the_file_means_two_concepts_of_one_scheme():
    for scheme in read_vocabularies():
        owner: dict[str, str] = {}
        for concept in scheme.concepts:
            for text in [*concept.labels.values(), *concept.variants]:
                key = folded_key(text)
                assert owner.setdefault(key, concept.code) == concept.code, (scheme.code, text, owner[key])


def test_a_broken_data_file_is_reported_with_what_to_fix(tmp_path):
    bad = tmp_path / "vocabularies.yaml"
    bad.write_text(
        "schemes:\n  - code: s\n    labels: {nb: A, nn: A, en: A}\n    concepts:\n"
        "      - code: c\n        labels: {nb: One, two, nn: X, en: Y}\n",
        encoding="utf-8",
    )
    with pytest.raises(VocabularyDataError, match="quote labels with commas"):
        read_vocabularies(bad)
