"""Keeping an entry's figures: read them for each new version (called by the write funnel), carry an
editor's corrections forward, and give the current version's figures to pages, the API and exports."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import transaction

from tiltak.catalog.actor import Actor
from tiltak.catalog.changes import catalog_changed, record_event
from tiltak.catalog.models import AuditCode, Entry
from tiltak.errors import InvalidInput
from tiltak.evidence.models import EntryFigure
from tiltak.evidence.reader import read_figures


def entry_texts(entry: Entry) -> Iterator[tuple[str, str]]:
    """(field, text) for every free text of the entry that can report figures."""
    yield "lead", entry.lead
    yield "body", entry.body
    yield "main_goal", entry.main_goal
    for section in sorted(entry.sections.all(), key=lambda s: s.position):
        yield f"section:{section.key}", section.text


def record_figures(entry: Entry) -> list[EntryFigure]:
    """Store the figures of ``entry`` at its current version: the editor-corrected figures of the version
    before, then what the reader finds in the text, except where a corrected figure already stands."""
    latest = _latest_version_with_figures(entry)
    kept = (
        list(EntryFigure.objects.filter(entry=entry, version=latest, edited=True).order_by("position"))
        if latest is not None
        else []
    )
    rows: list[EntryFigure] = []
    for figure in kept:
        figure.pk = None
        figure.version = entry.version
        rows.append(figure)
    taken = [(f.field, f.start, f.end) for f in kept]
    for field, text in entry_texts(entry):
        for found in read_figures(text or ""):
            if any(f == field and found.start < end and start < found.end for f, start, end in taken):
                continue
            rows.append(
                EntryFigure(
                    entry=entry,
                    version=entry.version,
                    value=found.value,
                    value_max=found.value_max,
                    unit=found.unit,
                    kind=found.kind,
                    hedge=found.hedge,
                    year=found.year,
                    text=found.text,
                    field=field,
                    start=found.start,
                    end=found.end,
                )
            )
    for position, row in enumerate(rows):
        row.position = position
    EntryFigure.objects.filter(entry=entry, version=entry.version).delete()
    return EntryFigure.objects.bulk_create(rows)


def _latest_version_with_figures(entry: Entry) -> int | None:
    return (
        EntryFigure.objects.filter(entry=entry, version__lt=entry.version)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )


def current_figures(entry: Entry) -> list[EntryFigure]:
    """The figures of the entry's current version, in reading order."""
    return list(EntryFigure.objects.filter(entry=entry, version=entry.version).order_by("position"))


def correct_figure(figure: EntryFigure, *, actor: Actor, **fields: object) -> EntryFigure:
    """An editor's correction of one figure of the entry's current version (value, value_max, unit, kind,
    hedge, year): marked ``edited``, so every later version keeps it as it is instead of what the reader
    finds. A signed-in actor needs the right to edit the entry (``Action.EDIT``); the command line acts as
    the operator. The audit row (``evidence.figure.corrected``) names the figure and the fields, not values
    or words."""
    from tiltak.accounts.permissions import Action, require

    allowed = {"value", "value_max", "unit", "kind", "hedge", "year"}
    unknown = set(fields) - allowed
    if unknown:
        raise InvalidInput(
            f"A figure has no field {', '.join(sorted(unknown))}; it has {', '.join(sorted(allowed))}."
        )
    if actor.user is not None:
        require(actor.user, Action.EDIT, figure.entry)
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=figure.entry_id)
        if figure.version != entry.version:
            raise InvalidInput(
                f"The figure '{figure.text}' belongs to version {figure.version} of '{entry.title}', which "
                f"is now at version {entry.version}: correct the figure of the current version."
            )
        for name, value in fields.items():
            setattr(figure, name, value)
        figure.edited = True
        figure.full_clean(exclude=["entry"])
        figure.save()
        record_event(
            actor,
            AuditCode.FIGURE_CORRECTED,
            entry,
            {"figure": figure.pk, "version": entry.version, "fields": sorted(fields)},
        )
        catalog_changed()
    return figure
