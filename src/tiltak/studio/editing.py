"""The edit form's draft: the entry's current content with the form's fields put in. A list line that
is still there keeps its item (and the concept it was mapped to); a new line goes through the mapper like
an imported one, so nothing an editor types is dropped and nothing already decided is lost."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiltak.catalog.draft import LIST_NAMES, DraftItem, EntryDraft
from tiltak.catalog.models import Entry, ListName
from tiltak.catalog.serialize import draft_from_content, entry_content, with_content_relations

LIST_LABELS = dict(ListName.choices)


class EntryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=500)
    lead = forms.CharField(label=_("Lead"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    body = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    main_goal = forms.CharField(
        label=_("Main goal"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    language = forms.ChoiceField(label=_("Written form"), choices=Entry.Language.choices)
    period_start = forms.IntegerField(label=_("From year"), required=False, min_value=1800, max_value=2100)
    period_end = forms.IntegerField(label=_("To year"), required=False, min_value=1800, max_value=2100)
    web_addresses = forms.CharField(
        label=_("Web addresses (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(label=_("What you changed, and why"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in LIST_NAMES:
            self.fields[f"list_{name}"] = forms.CharField(
                label=LIST_LABELS[name] + " " + str(_("(one per line)")),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


def current_draft(entry: Entry) -> EntryDraft:
    loaded = with_content_relations(Entry.objects.filter(pk=entry.pk)).get()
    return draft_from_content(entry_content(loaded), where=f"entry {entry.pk}")


def initial_for(entry: Entry) -> dict[str, Any]:
    draft = current_draft(entry)
    initial: dict[str, Any] = {
        "version": entry.version,
        "title": draft.title,
        "lead": draft.lead,
        "body": draft.body,
        "main_goal": draft.main_goal,
        "language": draft.language,
        "period_start": draft.period_start,
        "period_end": draft.period_end,
        "web_addresses": "\n".join(draft.web_addresses),
    }
    for name in LIST_NAMES:
        initial[f"list_{name}"] = "\n".join(i.text for i in draft.lists.get(name, []))
    return initial


class ContributionForm(EntryForm):
    """A contributor's form: the same fields, plus which of their places the initiative is in."""

    def __init__(self, *args: Any, places: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].required = False
        self.fields["places"] = forms.MultipleChoiceField(
            label=_("Where"),
            choices=[(str(p.pk), p.name) for p in places],
            widget=forms.CheckboxSelectMultiple,
        )
        self.place_rows = {str(p.pk): p for p in places}


def draft_from_form(entry: Entry | None, data: dict[str, Any], places: list[Any] | None = None) -> EntryDraft:
    """The entry's content (a new, empty one without an entry) with the form's fields (``data``: a valid
    form's cleaned data); ``places`` replace the entry's places when given."""
    from tiltak.catalog.draft import DraftPlace
    from tiltak.vocabulary.mapper import Mapper

    draft = current_draft(entry) if entry is not None else EntryDraft(title="")
    if places is not None:
        draft.places = [DraftPlace(name=p.name, kind=p.kind, code=p.code, mention=p.name) for p in places]
    draft.title = data["title"].strip()
    for name in ("lead", "body", "main_goal"):
        setattr(draft, name, data[name].replace("\r\n", "\n").strip())
    draft.language = data["language"]
    draft.period_start, draft.period_end = data["period_start"], data["period_end"]
    draft.web_addresses = _lines(data["web_addresses"])
    mapper: Mapper | None = None
    for name in LIST_NAMES:
        lines = _lines(data[f"list_{name}"])
        kept: dict[str, list[DraftItem]] = {}
        for item in draft.lists.get(name, []):
            kept.setdefault(item.text, []).append(item)
        items: list[DraftItem] = []
        for line in lines:
            if kept.get(line):
                items.append(kept[line].pop(0))
                continue
            mapper = mapper or Mapper.from_database()
            items.extend(mapper.map_list(name, [line]))
        draft.lists[name] = items
    return draft


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
