"""Every reader gives the parser the same page: encodings, Markdown, HTML with site chrome, docx, pdf.

Test documents are built from seed text at test time with the real libraries (python-docx, reportlab).
"""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.shared import seed_path
from tiltak.errors import ImportFailed
from tiltak.ingest.parser import parse_text
from tiltak.ingest.readers import decode_text, read_document

LATIN1 = str.maketrans({"•": "*", "–": "-", "”": '"', "“": '"', "’": "'"})
LISTS = ("activities", "selling_points", "partners", "target_groups")


BULLET = re.compile(r"^\s*(•|\d{1,2}\.)\s*(.*)$")


def seed_text(number: int) -> str:
    return seed_path(number).read_text(encoding="utf-8")


def blocks(text: str) -> list[str]:
    return [b for b in text.split("\n\n") if b.strip()]


def shape(text: str, fmt: str = "text"):
    draft = parse_text(
        read_document(text if isinstance(text, bytes) else text.encode(), name="x", format=fmt).text
    )
    return draft


def summary(draft) -> dict:
    return {
        "title": draft.title,
        "lead": draft.lead,
        "main_goal": draft.main_goal,
        "subject": [i.text for i in draft.lists["subject_areas"]],
        **{name: [i.text for i in draft.lists[name]] for name in LISTS},
        "sections": [(s.heading, s.items) for s in draft.sections],
        "footer": bool(draft.footer),
        "status": draft.status,
    }


# --- builders -------------------------------------------------------------------------------------------


def bullet_lines(lines: list[str]) -> list[str] | None:
    """The item texts when every line of a block is a bullet or a numbered item."""
    found = [BULLET.match(line) for line in lines]
    return [m.group(2) for m in found] if all(found) else None  # type: ignore[union-attr]


def numbered(lines: list[str]) -> bool:
    return lines[0].strip()[0].isdigit()


def to_markdown(text: str) -> str:
    out = []
    for index, block in enumerate(blocks(text)):
        lines = block.split("\n")
        if texts := bullet_lines(lines):
            marks = [f"{n}." for n in range(1, len(texts) + 1)] if numbered(lines) else ["-"] * len(texts)
            out.append("\n".join(f"{m} {t}" for m, t in zip(marks, texts, strict=True)))
        elif len(lines) == 1 and len(block) < 60 and not block.endswith(".") and index:
            out.append(("# " if index == 1 else "## ") + block)
        else:
            out.append(block)
    return "\n\n".join(out)


def to_html(text: str) -> str:
    body = []
    for index, block in enumerate(blocks(text)):
        lines = block.split("\n")
        if texts := bullet_lines(lines):
            tag = "ol" if numbered(lines) else "ul"
            body.append(f"<{tag}>" + "".join(f"<li>{t}</li>" for t in texts) + f"</{tag}>")
        elif index == 1:
            body.append(f"<header><h1>{block}</h1></header>")
        elif len(lines) == 1 and len(block) < 60 and not block.endswith(".") and index:
            body.append(f"<h2>{block}</h2>")
        else:
            body.append(f"<p>{block}</p>")
    return f"""<!doctype html><html lang="nn"><head><meta charset="utf-8"><title>Side | Distriktssenteret</title>
<style>body {{ font-family: sans-serif }}</style><script>var tracking = "Aktiviteter";</script></head>
<body><header class="site-header"><nav><ul><li>Hjem</li><li>Prosjektdatabase</li><li>Kontakt oss</li></ul></nav></header>
<div class="cookie-banner">Vi bruker informasjonskapsler. <button>OK</button></div>
<main><nav class="breadcrumb">Hjem / Prosjekt</nav><article>{"".join(body)}</article></main>
<footer><p>Distriktssenteret, Postboks 1, 7801 Namsos</p><ul><li>Personvern</li></ul></footer></body></html>"""


def to_docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for index, block in enumerate(blocks(text)):
        lines = block.split("\n")
        if texts := bullet_lines(lines):
            for item in texts:
                document.add_paragraph(item, style="List Number" if numbered(lines) else "List Bullet")
        elif index == 1:
            document.add_heading(block, level=1)
        elif len(lines) == 1 and len(block) < 60 and not block.endswith(".") and index:
            document.add_heading(block, level=2)
        else:
            document.add_paragraph(block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def to_pdf(text: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    y = height - 50
    for block in blocks(text):
        for line in block.split("\n"):
            bullet = line.lstrip().startswith("•")
            x = 70 if bullet else 50
            for number, part in enumerate(simpleSplit(line.strip(), "Helvetica", 10, width - x - 50)):
                if y < 60:
                    pdf.showPage()
                    y = height - 50
                pdf.setFont("Helvetica", 10)
                pdf.drawString(x + (10 if bullet and number else 0), y, part)
                y -= 13
        y -= 13
    pdf.save()
    return buffer.getvalue()


# --- the same page in every format ---------------------------------------------------------------------


@pytest.mark.parametrize("number", [0, 1, 3])
def test_legacy_encodings_read_like_utf8(number):
    text = seed_text(number)
    expected = summary(parse_text(text))
    for encoding in ("cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"):
        data = text.translate(LATIN1).encode(encoding) if encoding == "latin-1" else text.encode(encoding)
        document = read_document(data, name="x.txt", format="text")
        assert summary(parse_text(document.text))["activities"] == expected["activities"], encoding
        title = expected["title"].translate(LATIN1) if encoding == "latin-1" else expected["title"]
        assert parse_text(document.text).title == title, encoding


def test_cp1252_is_detected_and_named():
    text, encoding = decode_text(
        "Fagområde: Tilflytting\n\nFlytt til Hardanger – næringsliv".encode("cp1252"), "x"
    )
    assert encoding == "cp1252"
    assert "næringsliv" in text and "–" in text


@pytest.mark.parametrize("number", [0, 2, 3, 4])
def test_markdown_reads_like_the_text(number):
    text = seed_text(number)
    assert summary(shape(to_markdown(text), "markdown")) == summary(parse_text(text))


@pytest.mark.parametrize("number", [0, 2, 3])
def test_html_page_with_site_chrome_reads_like_the_text(number):
    text = seed_text(number)
    page = to_html(text)
    draft = shape(page, "html")
    assert summary(draft) == summary(parse_text(text))
    everything = draft.body + draft.lead + draft.footer
    assert (
        "informasjonskapsler" not in everything
        and "Postboks" not in everything
        and "tracking" not in everything
    )


def test_html_article_keeps_its_body():
    text = seed_text(4)
    draft = shape(to_html(text), "html")
    expected = parse_text(text)
    assert draft.title == expected.title
    assert draft.status == "archived"
    assert blocks(draft.body) == blocks(expected.body)


@pytest.mark.parametrize("number", [0, 1, 2, 3])
def test_docx_reads_like_the_text(number):
    text = seed_text(number)
    assert summary(shape(to_docx(text), "docx")) == summary(parse_text(text))


@pytest.mark.parametrize("number", [0, 3])
def test_pdf_reads_like_the_text(number):
    text = seed_text(number)
    draft = shape(to_pdf(text), "pdf")
    expected = parse_text(text)
    assert summary(draft) == summary(expected)
    assert len(blocks(draft.body)) == len(blocks(expected.body))


# --- bad input --------------------------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256))


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (PNG, "text", "this is a PNG image, not a text file"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(200), "text", "a JPEG image"),
        (b"%PDF-1.4\n%...", "text", "a PDF document"),
        (bytes(range(256)) * 4, "text", "binary data"),
        (b"abc\x00\x01\x02def\x00ghi", "text", "binary data"),
        (b"<html><head></head><body><script>x()</script></body></html>", "html", "broken HTML"),
        (b"<html><body><p>Bare ein avsnitt utan overskrift</p></body></html>", "html", "no title"),
        (b"PK\x03\x04 not really a zip", "docx", "cannot read this .docx file"),
        (b"just text, not Word", "docx", "not a .docx"),
        (b"%PDF-1.4\n garbage without objects", "pdf", "PDF"),
        (b"plain words", "pdf", "not a PDF file"),
    ],
)
def test_bad_input_fails_with_a_message_naming_the_file(data, fmt, message):
    with pytest.raises(ImportFailed) as failure:
        read_document(data, name="bad.file", format=fmt)
    assert str(failure.value).startswith("bad.file: ")
    assert message in str(failure.value)


@given(st.binary(max_size=600), st.sampled_from(["text", "markdown", "html", "docx", "pdf"]))
def test_arbitrary_bytes_read_or_fail_with_import_failed(data, fmt):
    try:
        document = read_document(data, name="random.bin", format=fmt)
        parse_text(document.text, source="random.bin")
    except ImportFailed as error:
        assert str(error).startswith("random.bin: ")
