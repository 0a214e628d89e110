"""The template parser: a catalog page as plain text -> an ``EntryDraft`` with the list items as written.

Every reader (text, Markdown, HTML, docx, pdf) produces the same plain-text shape, which is the shape of
the catalog pages themselves: blocks separated by blank lines; a heading is a block of one short line;
bullets are lines starting with "•", "-", "*" or a number ("1.").

How a page is read:

- ``Fagområde: A B`` (optional first line) -> one raw subject-area item; the importer splits it into areas.
- The first line after it is the title; the first paragraph after the title is the lead.
- The body runs from there to the first *known* heading (a template list, Hovedmål, a known section such as
  Organisering or Eierskap, or the footer heading). Unknown subheadings inside the body stay in the body as
  their own paragraphs: an article (seed 004) keeps its subheadings in its text. Bullets inside the body are
  kept as "• item" lines.
- After the first known heading, the headings may come in any order. Template list headings (Aktiviteter,
  Viktigste salgsargumenter, Samarbeidspartnere, Målgrupper, in all their spellings) fill the lists; Hovedmål
  fills ``main_goal``; any other heading starts a ``DraftSection`` with its text and items. Here an unknown
  heading is recognised as a short line without final punctuation that follows content and precedes more.
- A list with no bullets (a plain sentence under "Målgrupper") gets each paragraph as one item. A list with
  bullets and stray paragraphs (an intro line, a note after the bullets) keeps the bullets as items and the
  paragraphs as a section under the list's heading, so nothing is lost.
- The archive notice and the standard "presented without assessment" footer are taken out wherever they are.

Excerpts cut mid-word are kept as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from tiltak.catalog.draft import DraftItem, DraftSection, EntryDraft
from tiltak.errors import ImportFailed
from tiltak.ingest import extract
from tiltak.ingest.extract import fold

MAX_TITLE = 300

LIST_HEADINGS: dict[str, str] = {
    **dict.fromkeys(["aktiviteter", "aktivitetar", "aktivitet"], "activities"),
    **dict.fromkeys(
        [
            "viktigste salgsargumenter",
            "viktigste salgsargument",
            "viktigaste salsargument",
            "viktigaste salgsargument",
            "viktigaste salsargumenter",
            "viktige salgsargument",
            "viktige salgsargumenter",
            "salgsargumenter",
            "salsargument",
        ],
        "selling_points",
    ),
    **dict.fromkeys(
        ["samarbeidspartnere", "samarbeidspartnarar", "samarbeidspartner", "samarbeidsparter"], "partners"
    ),
    **dict.fromkeys(["malgrupper", "malgruppe", "malgruppa"], "target_groups"),
    **dict.fromkeys(["hovedmal", "hovudmal"], "main_goal"),
}
# Headings of other template sections. The first group is matched on the heading's first word
# ("Eierskap, organisering og formell forankring"), the second on the whole heading.
SECTION_FIRST_WORDS = frozenset(
    [
        "arbeidsomrader",
        "arbeidsomrade",
        "organisering",
        "periode",
        "prosjektperiode",
        "prosjektperioder",
        "eierskap",
        "eigarskap",
        "stikkord",
        "kontakt",
        "kontaktperson",
        "kontaktinformasjon",
        "innsatsomrader",
        "delmal",
    ]
)
SECTION_HEADINGS = frozenset(
    [
        "bakgrunn",
        "mal",
        "malsetting",
        "malsettingar",
        "forankring",
        "finansiering",
        "budsjett",
        "resultat",
        "resultater",
        "resultat",
    ]
)

_SUBJECT = re.compile(r"^\s*fagomr[aå]+der?\s*:\s*(.*?)\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣●]\s*|[-*+]\s+|[-*+]$)(.*?)\s*$")
_NUMBERED = re.compile(r"^(\s*)(\d{1,2})[.)]\s+(\S.*?)\s*$")
_END_PUNCT = (".", "!", "?", ",", ";")


@dataclass
class Para:
    text: str


@dataclass
class Bullets:
    items: list[str]
    numbered: bool = False


@dataclass
class Block:
    """Text between blank lines, as paragraphs and bullet runs in order."""

    parts: list[Para | Bullets]

    @property
    def line(self) -> str | None:
        """The block's text when it is a single line of text (a heading candidate)."""
        if len(self.parts) == 1 and isinstance(self.parts[0], Para) and "\n" not in self.parts[0].text:
            return self.parts[0].text
        return None


@dataclass
class _Section:
    kind: str  # list name | main_goal | footer | section
    heading: str
    parts: list[Para | Bullets] = field(default_factory=list)


def split_blocks(text: str) -> list[Block]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = text.replace("\xa0", " ").replace("\u200b", "")
    blocks: list[Block] = []
    for raw in re.split(r"\n[ \t\f\v]*\n", text):
        lines = [_squeeze(line) for line in raw.split("\n") if line.strip()]
        if lines:
            blocks.append(_block(lines))
    return blocks


def _squeeze(line: str) -> str:
    """Runs of spaces inside a line become one; the indentation (it marks numbered bullets) stays."""
    body = line.lstrip()
    return line[: len(line) - len(body)] + " ".join(body.split())


def _block(lines: list[str]) -> Block:
    numbered_lines = sum(1 for line in lines if _NUMBERED.match(line))
    parts: list[Para | Bullets] = []
    for line in lines:
        numbered = _NUMBERED.match(line)
        bullet = _BULLET.match(line)
        if numbered and (numbered.group(1) or numbered_lines >= 2):
            item, is_numbered = numbered.group(3), True
        elif bullet:
            item, is_numbered = bullet.group(1), False
        else:
            text = line.strip()
            if parts and isinstance(parts[-1], Para):
                parts[-1].text += "\n" + text
            else:
                parts.append(Para(text))
            continue
        if parts and isinstance(parts[-1], Bullets):
            parts[-1].items.append(item)
        else:
            parts.append(Bullets([item], numbered=is_numbered))
    return Block(parts)


def heading_kind(line: str) -> str | None:
    """'activities' … 'main_goal', 'footer' or 'section' for a known heading line; None otherwise."""
    if len(line) > 70 or line.rstrip().endswith(_END_PUNCT):
        return None
    folded = fold(line)
    if not folded:
        return None
    if extract.is_footer_heading(line):
        return "footer"
    if folded in LIST_HEADINGS:
        return LIST_HEADINGS[folded]
    if len(folded) >= 6:
        best = process.extractOne(folded, LIST_HEADINGS.keys(), scorer=fuzz.ratio, score_cutoff=86)
        if best is not None:
            return LIST_HEADINGS[best[0]]
    if folded in SECTION_HEADINGS or folded.split()[0] in SECTION_FIRST_WORDS:
        return "section"
    return None


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    return (
        0 < len(stripped) <= 90
        and not stripped.endswith(_END_PUNCT)
        and any(ch.isalpha() for ch in stripped)
        and not extract.is_footer(stripped)
    )


def _render(parts: list[Para | Bullets]) -> str:
    """Parts as text: paragraphs apart by blank lines, bullets as "• item" lines."""
    chunks = []
    for part in parts:
        if isinstance(part, Para):
            chunks.append(part.text)
        else:
            marks = (
                [f"{n}." for n in range(1, len(part.items) + 1)] if part.numbered else ["•"] * len(part.items)
            )
            chunks.append("\n".join(f"{m} {item}" for m, item in zip(marks, part.items, strict=True)))
    return "\n\n".join(chunks)


def parse_text(text: str, *, source: str = "document") -> EntryDraft:
    """Parse a catalog page. Raises ``ImportFailed`` (naming ``source``) when the page has no title."""
    blocks = split_blocks(text)
    subject = ""
    if blocks and isinstance(blocks[0].parts[0], Para):
        first, _, rest = blocks[0].parts[0].text.partition("\n")
        match = _SUBJECT.match(first)
        if match:
            subject = match.group(1)
            if rest:
                blocks[0].parts[0] = Para(rest)
            else:
                blocks[0].parts.pop(0)
            if not blocks[0].parts:
                blocks.pop(0)

    archive_notice = ""
    footer: list[str] = []
    kept: list[Block] = []
    for block in blocks:  # the archive notice and footer paragraphs are taken out wherever they stand
        parts: list[Para | Bullets] = []
        for part in block.parts:
            if isinstance(part, Para) and extract.is_archive_notice(part.text) and not archive_notice:
                archive_notice = part.text
            elif isinstance(part, Para) and extract.is_footer(part.text):
                footer.append(part.text)
            else:
                parts.append(part)
        if parts:
            kept.append(Block(parts))
    blocks = kept

    if not blocks:
        raise ImportFailed(
            source, "no title: the page has no text" + (" after its subject area" if subject else "")
        )
    head = blocks[0].parts[0]
    if isinstance(head, Bullets):
        raise ImportFailed(source, "no title: the page starts with a list, not with its title line")
    title, _, rest = head.text.partition("\n")
    title = title.strip()
    if len(title) > MAX_TITLE:
        raise ImportFailed(
            source,
            f"no title: the first line is {len(title)} characters long; a page starts with a short title",
        )
    blocks[0].parts[0] = Para(rest)
    if not rest:
        blocks[0].parts.pop(0)
    if not blocks[0].parts:
        blocks.pop(0)

    lead = ""
    if blocks and blocks[0].line is not None and heading_kind(blocks[0].line) is None:
        lead = blocks.pop(0).line or ""
    elif blocks and len(blocks[0].parts) == 1 and isinstance(first_part := blocks[0].parts[0], Para):
        lead = first_part.text
        blocks.pop(0)

    body_parts: list[Para | Bullets] = []
    sections: list[_Section] = []
    for index, block in enumerate(blocks):
        line = block.line
        kind = heading_kind(line) if line is not None else None
        current = sections[-1] if sections else None
        if kind is not None and line is not None:
            sections.append(_Section(kind, line.strip().rstrip(":").strip()))
        elif (
            current is not None
            and line is not None
            and current.parts
            and _looks_like_heading(line)
            and index + 1 < len(blocks)
            and not _is_heading_block(blocks[index + 1])
        ):
            sections.append(_Section("section", line.strip().rstrip(":").strip()))
        elif current is None:
            body_parts.extend(block.parts)
        else:
            current.parts.extend(block.parts)

    draft = EntryDraft(title=title, lead=lead, body=_render(body_parts))
    draft.archive_notice = archive_notice
    draft.status = "archived" if archive_notice else "published"
    if subject:
        draft.lists["subject_areas"].append(DraftItem(text=subject))
    main_goal: list[str] = []
    for section in sections:
        _fill(draft, section, main_goal, footer)
    draft.main_goal = "\n\n".join(main_goal)
    draft.footer = "\n\n".join(footer)
    _add_facts(draft)
    return draft


def _is_heading_block(block: Block) -> bool:
    return block.line is not None and heading_kind(block.line) is not None


def _fill(draft: EntryDraft, section: _Section, main_goal: list[str], footer: list[str]) -> None:
    paragraphs = [p.text for p in section.parts if isinstance(p, Para)]
    bullets = [item for p in section.parts if isinstance(p, Bullets) for item in p.items if item.strip()]
    if section.kind == "main_goal":
        if paragraphs and bullets:
            main_goal.append(_render(section.parts))
        elif paragraphs or bullets:
            main_goal.append("\n\n".join(paragraphs) or "\n".join(bullets))
    elif section.kind == "footer":
        if section.parts:
            footer.append(_render(section.parts))
    elif section.kind in draft.lists:
        items = draft.lists[section.kind]
        if bullets:
            items.extend(DraftItem(text=b) for b in bullets)
            if paragraphs:
                draft.sections.append(DraftSection(heading=section.heading, text="\n\n".join(paragraphs)))
        else:
            items.extend(DraftItem(text=" ".join(p.split())) for p in paragraphs)
            if not paragraphs:  # an empty list heading (an excerpt cut right after it) is still kept
                draft.sections.append(DraftSection(heading=section.heading))
    else:
        draft.sections.append(
            DraftSection(heading=section.heading, text="\n\n".join(paragraphs), items=bullets)
        )


def _add_facts(draft: EntryDraft) -> None:
    item_texts = [
        item.text for name, items in draft.lists.items() if name != "subject_areas" for item in items
    ]
    section_texts = [s.text for s in draft.sections] + [i for s in draft.sections for i in s.items]
    content = [draft.lead, draft.body, draft.main_goal, *section_texts]
    draft.language = extract.written_form([draft.title, *content, *item_texts])
    start, end = extract.find_period(content)
    if start is None:
        start, end = extract.find_period([draft.title])
    draft.period_start, draft.period_end = start, end
    draft.web_addresses = extract.find_web_addresses(
        [draft.lead, draft.body, *item_texts, *section_texts, draft.main_goal]
    )
