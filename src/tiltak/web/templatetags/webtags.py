"""Template helpers: server-drawn SVG charts (no script, no chart library) and the language switcher."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()

BAR_HEIGHT = 22
BAR_GAP = 6
LABEL_WIDTH = 260
CHART_WIDTH = 640


@register.simple_tag
def bar_chart(values: list[dict], title: str, chart_id: str) -> SafeString:
    """A horizontal bar chart of ``values`` (dicts with label and count); the table beside it has the data."""
    top = max((v["count"] for v in values), default=0) or 1
    bar_space = CHART_WIDTH - LABEL_WIDTH - 50
    height = max(1, len(values)) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    bars = []
    for i, v in enumerate(values):
        y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP)
        width = max(2, round(bar_space * v["count"] / top)) if v["count"] else 0
        label = v["label"] if len(v["label"]) <= 38 else v["label"][:37] + "…"
        bars.append(
            format_html(
                "<g><title>{}: {}</title>"
                '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"></rect>'
                '<text x="{}" y="{}" class="chart-value">{}</text></g>',
                v["label"],
                v["count"],
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT * 0.7,
                label,
                LABEL_WIDTH,
                y,
                width,
                BAR_HEIGHT,
                LABEL_WIDTH + width + 6,
                y + BAR_HEIGHT * 0.7,
                v["count"],
            )
        )
    return format_html(
        '<svg class="chart" role="img" aria-labelledby="{}-title" viewBox="0 0 {} {}" '
        'width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title>{}</svg>',
        chart_id,
        CHART_WIDTH,
        height,
        chart_id,
        title,
        mark_safe("".join(bars)),  # noqa: S308 - built by format_html
    )


@register.simple_tag
def heat_map(heat: dict, title: str) -> SafeString:
    """Activities (rows) x target groups (columns) as coloured cells; darker means more entries."""
    cell, label_w, head_h = 44, 260, 150
    cols, rows = heat["columns"], heat["rows"]
    top = heat["max"] or 1
    width = label_w + cell * len(cols) + 10
    height = head_h + cell * len(rows) + 10
    parts = []
    for j, col in enumerate(cols):
        x = label_w + j * cell + cell / 2
        text = col["label"] if len(col["label"]) <= 24 else col["label"][:23] + "…"
        parts.append(
            format_html(
                '<text transform="translate({},{}) rotate(-45)" class="chart-label">{}</text>',
                x,
                head_h - 6,
                text,
            )
        )
    for i, row in enumerate(rows):
        y = head_h + i * cell
        text = row["label"] if len(row["label"]) <= 38 else row["label"][:37] + "…"
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>',
                label_w - 8,
                y + cell * 0.6,
                text,
            )
        )
        for j, c in enumerate(row["cells"]):
            level = c["count"] / top
            parts.append(
                format_html(
                    '<g><title>{} × {}: {}</title><rect x="{}" y="{}" width="{}" height="{}" '
                    'class="heat-cell" style="fill-opacity:{}"></rect>'
                    '<text x="{}" y="{}" text-anchor="middle" class="{}">{}</text></g>',
                    row["label"],
                    c["column"],
                    c["count"],
                    label_w + j * cell,
                    y,
                    cell - 2,
                    cell - 2,
                    f"{0.08 + 0.92 * level:.2f}",
                    label_w + j * cell + cell / 2 - 1,
                    y + cell * 0.6,
                    "heat-value heat-value--dark" if level > 0.5 else "heat-value",
                    c["count"] or "",
                )
            )
    return format_html(
        '<svg class="chart heat" role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        title,
        width,
        height,
        mark_safe("".join(parts)),  # noqa: S308 - built by format_html
    )


@register.simple_tag(takes_context=True)
def language_links(context) -> SafeString:
    """Links that switch the UI language and come back to the same page (no script needed)."""
    request = context["request"]
    current = context.get("LANGUAGE_CODE", "nb")
    names = dict(settings.LANGUAGES)
    links = []
    for code, _name in settings.LANGUAGES:
        href = reverse("web:set_language", args=[code]) + "?" + urlencode({"next": request.get_full_path()})
        links.append((href, code, code, "page" if code == current else "false", names[code]))
    return format_html(
        '<nav class="language" aria-label="{}"><ul>{}</ul></nav>',
        _("Language"),
        format_html_join("", '<li><a href="{}" lang="{}" hreflang="{}" aria-current="{}">{}</a></li>', links),
    )


@register.filter
def percent(count: int, total: int) -> str:
    return f"{100 * count / total:.0f}" if total else "0"


@register.filter
def web_href(address: str) -> str:
    """A link target for a web address as written, or "" when it is not a plain http(s) address."""
    address = (address or "").strip()
    if address.lower().startswith(("http://", "https://")):
        return address if " " not in address else ""
    if address.lower().startswith("www.") and " " not in address:
        return "https://" + address
    return ""
