"""Bytes of a document -> the plain-text page shape the template parser reads.

One reader per format. Each returns a ``ReadDocument`` or raises ``ImportFailed`` with a one-line reason:
binary data, an image or PDF renamed to .txt, an undecodable text, a damaged .docx or .pdf, an HTML page
with no content. The shape they all produce: blocks apart by blank lines, headings as blocks of one line,
bullets as " • item" lines and numbered items as " 1. item" lines.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from charset_normalizer import from_bytes

from tiltak.errors import ImportFailed

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".pdf": "pdf",
    ".json": "json",
}

# File signatures of things that are not text, so a renamed file gets a message that says what it is.
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", "a Windows program"),
    (b"{\\rtf", "an RTF document"),
]
_NORWEGIAN = set("æøåÆØÅ")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # C0/C1 controls but tab, newlines, form feed


@dataclass
class ReadDocument:
    text: str
    format: str
    encoding: str = ""


def format_for(suffix: str) -> str | None:
    return FORMATS.get(suffix.lower())


def sniff(data: bytes) -> str | None:
    """What a file is by its first bytes, when it is a known non-text kind."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image"
    return None


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding it was written in: UTF-8 when valid, UTF-16 by BOM or by its NUL pattern,
    else a legacy encoding (Windows-1252 for Norwegian text) detected with charset-normalizer."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                raise ImportFailed(
                    name, f"binary data: the file starts like {encoding} text but is not"
                ) from None
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise ImportFailed(name, "binary data (NUL bytes): this is not a text file")
        try:
            return _checked(data.decode(utf16), name), utf16
        except UnicodeDecodeError:
            raise ImportFailed(name, "binary data (NUL bytes): this is not a text file") from None
    try:
        return _checked(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        if _NORWEGIAN & set(text):
            return _checked(text, name), "cp1252"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise ImportFailed(name, "binary data: the text encoding could not be recognised")
    return _checked(str(best), name), best.encoding


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NULs sit in every other byte, as in mostly-Latin UTF-16 text."""
    if len(data) < 2 or len(data) % 2:
        return None
    sample = data[:4000]
    odd_nuls = sample[1::2].count(0) / max(1, len(sample) // 2)
    even_nuls = sample[0::2].count(0) / max(1, len(sample) // 2)
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _checked(text: str, name: str) -> str:
    """The text, unless control characters show it is binary data that happened to decode."""
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(2, len(text) // 200):
        raise ImportFailed(name, "binary data: the file holds control characters, not text")
    return text


@dataclass(frozen=True)
class Limits:
    unpacked_bytes: int
    characters: int


def _limits() -> Limits:
    from django.conf import settings

    return Limits(settings.TILTAK_MAX_UNPACKED_BYTES, settings.TILTAK_MAX_IMPORT_CHARACTERS)


def read_document(data: bytes, *, name: str, format: str) -> ReadDocument:
    """Read bytes of the given format into page text. ``data`` must not be empty (checked by the caller).
    The text is at most ``TILTAK_MAX_IMPORT_CHARACTERS`` long, whatever the format."""
    document = _read(data, name=name, format=format)
    check_length(document.text, name, _limits().characters)
    return document


def _read(data: bytes, *, name: str, format: str) -> ReadDocument:
    if format in ("text", "markdown", "html", "json"):
        what = sniff(data)
        if what is not None:
            raise ImportFailed(name, f"this is {what}, not a {format} file (renamed?)")
        text, encoding = decode_text(data, name)
        if format == "markdown":
            text = markdown_to_text(text)
        elif format == "html":
            text = html_to_text(text, name)
        return ReadDocument(text=text, format=format, encoding=encoding)
    if format == "docx":
        return ReadDocument(text=docx_to_text(data, name), format="docx")
    if format == "pdf":
        return ReadDocument(text=pdf_to_text(data, name), format="pdf")
    raise ImportFailed(name, f"unsupported format {format!r}")


# --- Markdown ---------------------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s*(.*?)\s*#*\s*$")
_MD_BULLET = re.compile(r"^(\s*)[-*+•]\s+(.*)$")
_MD_NUMBER = re.compile(r"^(\s*)(\d{1,3})[.)]\s+(.*)$")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def _md_inline(text: str) -> str:
    text = _MD_IMAGE.sub(lambda m: m.group(1), text)
    text = _MD_LINK.sub(
        lambda m: m.group(1) if m.group(2) in m.group(1) else f"{m.group(1)} ({m.group(2)})", text
    )
    text = _MD_EMPHASIS.sub(lambda m: m.group(2), text)
    return text.replace("\\", "") if "\\" in text else text


def markdown_to_text(text: str) -> str:
    """Markdown -> page text: ATX/setext headings, -, *, + and numbered bullets, soft-wrapped paragraphs."""
    blocks: list[list[str]] = []
    current: list[str] = []  # lines of the current block, already in page form
    paragraph: list[str] = []
    in_list = False

    def flush_paragraph() -> None:
        if paragraph:
            current.append(_md_inline(" ".join(paragraph)))
            paragraph.clear()

    def flush_block() -> None:
        nonlocal in_list
        flush_paragraph()
        if current:
            blocks.append(current.copy())
            current.clear()
        in_list = False

    fenced = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if line.strip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            paragraph.append(line.strip())
            continue
        if not line.strip():
            flush_block()
            continue
        if paragraph and not in_list and _MD_SETEXT.match(line):
            heading = _md_inline(" ".join(paragraph))
            paragraph.clear()
            flush_block()
            blocks.append([heading])
            continue
        if _MD_RULE.match(line):
            flush_block()
            continue
        atx = _MD_HEADING.match(line)
        if atx and line.lstrip().startswith("#"):
            flush_block()
            if atx.group(1):
                blocks.append([_md_inline(atx.group(1))])
            continue
        line = re.sub(r"^\s*>\s?", "", line)
        bullet, number = _MD_BULLET.match(line), _MD_NUMBER.match(line)
        if bullet or number:
            flush_paragraph()
            if current and not in_list:
                flush_block()
            in_list = True
            item = _md_inline(bullet.group(2) if bullet else number.group(3))  # type: ignore[union-attr]
            current.append(f" • {item}" if bullet else f" {number.group(2)}. {item}")  # type: ignore[union-attr]
        elif in_list and raw.startswith((" ", "\t")) and current:
            current[-1] += " " + _md_inline(line.strip())  # a wrapped list item
        else:
            if in_list:
                flush_block()
            paragraph.append(line.strip())
    flush_block()
    return "\n\n".join("\n".join(block) for block in blocks)


# --- docx ---------------------------------------------------------------------------------------------


def check_unpacked_size(data: bytes, name: str, limit: int) -> None:
    """Refuse a .docx (a zip) that unpacks to more than ``limit`` bytes: a decompression bomb is small on
    disk. The parts are inflated and counted, not trusted by their declared sizes, and counting stops at
    the limit, so the check itself costs at most ``limit`` bytes of work and a chunk of memory."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        total = 0
        for info in archive.infolist():
            with archive.open(info) as part:
                while chunk := part.read(1 << 20):
                    total += len(chunk)
                    if total > limit:
                        raise ImportFailed(
                            name,
                            f"the .docx unpacks to more than {limit / 1_048_576:.0f} MB "
                            "(a compressed bomb, or far more than one catalog page); it was not read",
                        )
    except ImportFailed:
        raise
    except Exception as error:  # zipfile raises many kinds on a damaged archive
        raise ImportFailed(
            name, f"cannot read this .docx file; it is damaged or not a Word document ({_kind(error)})"
        ) from error


def check_length(text: str, name: str, limit: int) -> str:
    """The text, unless it holds more characters than one catalog page can sensibly have."""
    if len(text) > limit:
        raise ImportFailed(name, f"the text has {len(text):,} characters; the limit is {limit:,}")
    return text


def _kind(error: BaseException) -> str:
    """A short, human name for what went wrong inside a parser library (not its exception text)."""
    return "damaged archive" if isinstance(error, zipfile.BadZipFile) else "unreadable content"


def docx_to_text(data: bytes, name: str) -> str:
    """Word paragraphs in order: heading styles become heading blocks, list paragraphs bullets."""
    if not data.startswith(b"PK"):
        what = sniff(data)
        raise ImportFailed(name, f"not a .docx (Word) file: it is {what or 'something else'}")
    limits = _limits()
    check_unpacked_size(data, name, limits.unpacked_bytes)
    characters = 0
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        blocks: list[list[str]] = []
        in_list = False
        for child in document.element.body.iterchildren():
            if child.tag == qn("w:tbl"):
                rows = [" | ".join(c.text.strip() for c in row.cells) for row in Table(child, document).rows]
                blocks.extend([row] for row in rows if row.strip(" |"))
                in_list = False
                continue
            if child.tag != qn("w:p"):
                continue
            paragraph = Paragraph(child, document)
            text = " ".join(paragraph.text.split())
            characters += len(text)
            if characters > limits.characters:
                raise ImportFailed(
                    name,
                    f"the text has more than {limits.characters:,} characters; the limit is "
                    f"{limits.characters:,}",
                )
            if not text:
                in_list = False
                continue
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            numbered = child.pPr is not None and child.pPr.numPr is not None
            if "List" in style or numbered:
                line = f" 1. {text}" if "Number" in style else f" • {text}"
                if in_list:
                    blocks[-1].append(line)
                else:
                    blocks.append([line])
                in_list = True
            else:
                blocks.append([text])
                in_list = False
    except ImportFailed:
        raise
    except Exception as error:  # python-docx raises many kinds on a damaged file
        raise ImportFailed(
            name, f"cannot read this .docx file; it is damaged or not a Word document ({_kind(error)})"
        ) from error
    return "\n\n".join("\n".join(block) for block in blocks)


# --- pdf ----------------------------------------------------------------------------------------------


def pdf_to_text(data: bytes, name: str) -> str:
    """The PDF's text layer, laid out so blank vertical space separates blocks; wrapped lines are joined."""
    if b"%PDF-" not in data[:1024]:
        what = sniff(data)
        raise ImportFailed(name, f"not a PDF file: it is {what or 'something else'}")
    try:
        import logging

        from pypdf import PdfReader

        logging.getLogger("pypdf").setLevel(logging.ERROR)
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ImportFailed(
                name, "the PDF is password-protected; save an unprotected copy and import that"
            )
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except ImportFailed:
        raise
    except Exception as error:
        raise ImportFailed(name, f"cannot read this PDF; it is damaged ({_kind(error)})") from error
    text = "\n\n".join(_pdf_blocks(page) for page in pages)
    if not text.strip():
        raise ImportFailed(name, "the PDF has no text layer (a scanned image?); import a text version")
    return text


# Bullet glyphs as text extraction reports them: a real bullet, DEL (standard-14 fonts), Symbol/Wingdings
# private-use code points, squares and circles.
_PDF_BULLETS = re.compile(r"^(\s*)[\x7f\uf0b7\uf0a7\uf076\u25cf\u25aa\u25a0\u25e6\u2022\u00b7](?=\s)")


def _pdf_blocks(page: str) -> str:
    lines = [line.rstrip() for line in page.split("\n")]
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    margin = min(indents) if indents else 0
    blocks: list[list[str]] = []
    current: list[str] = []
    bullet_indent = -1
    for line in lines:
        if not line.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        line = _PDF_BULLETS.sub(r"\1•", line[margin:])
        stripped = " ".join(line.split())
        indent = len(line) - len(line.lstrip())
        if stripped.startswith(("•", "·", "▪")) or re.match(r"^\d{1,2}[.)]\s", stripped) and indent > 0:
            current.append(" " + stripped)
            bullet_indent = indent
        elif current and bullet_indent >= 0 and indent > bullet_indent and current[-1].startswith(" "):
            current[-1] += " " + stripped  # the wrapped rest of a bullet
        elif current and not current[-1].startswith(" "):
            current[-1] += " " + stripped  # the wrapped rest of a paragraph
        else:
            current.append(stripped)
            bullet_indent = -1
    if current:
        blocks.append(current)
    return "\n\n".join("\n".join(block) for block in blocks)


# --- HTML ---------------------------------------------------------------------------------------------

_CHROME_TAGS = [
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
    "input",
    "textarea",
    "dialog",
    "link",
    "meta",
    "object",
    "embed",
    "canvas",
]
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "dialog", "alertdialog", "search", "complementary"}
_CHROME_NAMES = re.compile(
    r"cookie|consent|gdpr|breadcrumb|skip-?link|share|social|newsletter|navbar|site-?header|site-?footer"
    r"|popup|modal|related|sidebar",
    re.IGNORECASE,
)
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "figure",
    "figcaption",
    "blockquote",
    "address",
    "dl",
    "dt",
    "dd",
    "pre",
    "body",
    "html",
    "center",
    "details",
    "summary",
    "hr",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SUBJECT_LINE = re.compile(r"^\s*fagomr[aå]+der?\s*:", re.IGNORECASE)


def html_to_text(markup: str, name: str) -> str:
    """A saved catalog web page -> page text: the article with its headings, lists and paragraphs; the
    site chrome (navigation, header, footer, cookie banners, scripts, styles) left out."""
    try:
        return _html_to_text(markup, name)
    except RecursionError:
        raise ImportFailed(
            name,
            f"the HTML is nested too deeply to read (more than {_MAX_HTML_DEPTH} elements inside each other)",
        ) from None


_MAX_HTML_DEPTH = 150  # elements inside each other; real pages stay under 40


def _html_depth(markup: str) -> int:
    """How deep elements nest, measured with lxml's C parser (fast, and it stops at 256 levels)."""
    from lxml import etree

    root = etree.fromstring(markup.encode("utf-8", "replace"), etree.HTMLParser(recover=True))
    deepest, stack = 0, [(root, 1)] if root is not None else []
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def _html_to_text(markup: str, name: str) -> str:
    from bs4 import BeautifulSoup

    # BeautifulSoup walks a deep tree slowly and recursively: minutes, then a RecursionError.
    if _html_depth(markup) > _MAX_HTML_DEPTH:
        raise RecursionError
    soup = BeautifulSoup(markup, "lxml")
    if soup.find(["html", "body", "p", "div", "h1"]) is None and "<" not in markup[:2000]:
        raise ImportFailed(name, "broken HTML: no HTML markup found; import it as .txt if it is plain text")
    head_title = soup.title.get_text(" ", strip=True) if soup.title else ""
    root: Any = soup.find("main") or soup.find(role="main") or soup.find("article") or soup.body or soup
    for tag in root.find_all(_CHROME_TAGS):
        tag.decompose()
    for tag in root.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        names = " ".join([str(tag.get("id") or ""), *(tag.get("class") or [])])
        if tag.get("role") in _CHROME_ROLES or (names.strip() and _CHROME_NAMES.search(names)):
            tag.decompose()
    if root.name in ("body", "[document]"):
        for tag in root.find_all(["header", "footer"]):
            if tag.find("h1") is None:  # the site's header and footer, not an article header
                tag.decompose()

    blocks: list[tuple[str, list[str]]] = []  # (kind, lines): kind is "h1", "heading", "para" or "list"
    _walk(root, blocks)
    subject = next(
        (lines[0] for kind, lines in blocks if kind == "para" and _SUBJECT_LINE.match(lines[0])), ""
    )
    if not subject:  # the subject area may sit outside the article (a tag line above it)
        match = soup.find(string=_SUBJECT_LINE)
        subject = " ".join(match.parent.get_text(" ").split()) if match is not None and match.parent else ""
    blocks = [b for b in blocks if not (b[0] == "para" and b[1][0] == subject)]
    h1 = next((i for i, (kind, _) in enumerate(blocks) if kind == "h1"), None)
    if h1 is not None:
        title, content = blocks[h1][1][0], blocks[h1 + 1 :]
    elif head_title:
        title, content = re.split(r"\s+[|–-]\s+", head_title)[0], blocks
    else:
        if not blocks:
            raise ImportFailed(name, "broken HTML: the page has no body content")
        raise ImportFailed(name, "no title: the page has no <h1> heading and no <title>")
    if not any(lines for _, lines in content) and not subject:
        raise ImportFailed(name, "broken HTML: the page has a title but no body content")
    out = ([subject] if subject else []) + [title] + ["\n".join(lines) for _, lines in content]
    return "\n\n".join(out)


def _text_of(tag) -> str:  # type: ignore[no-untyped-def]
    for br in tag.find_all("br"):
        br.replace_with("\n")
    text = tag.get_text(" ")
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def _walk(node, blocks: list[tuple[str, list[str]]]) -> None:  # type: ignore[no-untyped-def]
    from bs4 import NavigableString, Tag

    inline: list[str] = []

    def flush() -> None:
        text = " ".join("".join(inline).split())
        if text:
            blocks.append(("para", [text]))
        inline.clear()

    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a comment, doctype or CDATA
                inline.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        if child.name in _HEADINGS:
            flush()
            text = " ".join(child.get_text(" ").split())
            if text:
                blocks.append(("h1" if child.name == "h1" else "heading", [text]))
        elif child.name in ("ul", "ol"):
            flush()
            items = child.find_all("li", recursive=False)
            lines = []
            for number, li in enumerate(items, start=1):
                nested = li.find_all(["ul", "ol"])
                for sub in nested:
                    sub.extract()
                text = " ".join(li.get_text(" ").split())
                if text:
                    lines.append(f" {number}. {text}" if child.name == "ol" else f" • {text}")
                for sub in nested:
                    for sub_li in sub.find_all("li"):
                        sub_text = " ".join(sub_li.get_text(" ").split())
                        if sub_text:
                            lines.append(f" • {sub_text}")
            if lines:
                blocks.append(("list", lines))
        elif child.name == "table":
            flush()
            for row in child.find_all("tr"):
                cells = [" ".join(c.get_text(" ").split()) for c in row.find_all(["td", "th"])]
                if any(cells):
                    blocks.append(("para", [" | ".join(cells)]))
        elif child.name == "br":
            flush()
        elif child.name in ("p", "figcaption", "dt", "dd", "pre", "address", "summary") and not child.find(
            ["ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "div", "p"]
        ):
            flush()
            text = _text_of(child)
            if text:
                blocks.append(("para", text.split("\n") if child.name == "pre" else [" ".join(text.split())]))
        elif child.name in _BLOCK_TAGS or child.find(list(_HEADINGS) + ["p", "ul", "ol", "div", "table"]):
            flush()
            _walk(child, blocks)
        else:
            inline.append(child.get_text(" "))
    flush()
