"""Concept schemes (one per template list), their concepts, and the known variants of each concept.

A concept has a stable ``code`` that exports and URLs use; labels exist in bokmål, nynorsk and English.
Variants are the spellings seen in documents (nb/nn forms, inflections, typos) that map to the concept.
The shipped data lives in ``data/vocabularies.yaml``; editors add variants when they map a wording on the
studio's mapping page (``tiltak.vocabulary.services.map_item``, ``Variant.origin = editor``), which is why
the mapper reads the database, not the file.
"""

from __future__ import annotations

from typing import Protocol

from django.db import models
from django.utils.translation import get_language


class ConceptScheme(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    label_nb = models.CharField(max_length=200)
    label_nn = models.CharField(max_length=200)
    label_en = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.code

    def label(self, language: str | None = None) -> str:
        return localized_label(self, language)


class Concept(models.Model):
    scheme = models.ForeignKey(ConceptScheme, on_delete=models.CASCADE, related_name="concepts")
    code = models.SlugField(max_length=80)
    label_nb = models.CharField(max_length=300)
    label_nn = models.CharField(max_length=300)
    label_en = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scheme", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="concept_code_unique_in_scheme")
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code}:{self.code}"

    def label(self, language: str | None = None) -> str:
        return localized_label(self, language)


class Variant(models.Model):
    class Origin(models.TextChoices):
        DATA = "data", "shipped data file"
        EDITOR = "editor", "added by an editor"

    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="variants")
    text = models.CharField(max_length=500)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.DATA)

    class Meta:
        ordering = ["concept", "text"]
        constraints = [models.UniqueConstraint(fields=["concept", "text"], name="variant_unique_per_concept")]

    def __str__(self) -> str:
        return self.text


class Labelled(Protocol):
    label_nb: str
    label_nn: str
    label_en: str


def localized_label(obj: Labelled, language: str | None = None) -> str:
    """The label in the given (or active) UI language; nynorsk/bokmål fall back to each other."""
    language = (language or get_language() or "nb")[:2]
    if language == "nn":
        return obj.label_nn or obj.label_nb
    if language == "en":
        return obj.label_en or obj.label_nb
    return obj.label_nb or obj.label_nn
