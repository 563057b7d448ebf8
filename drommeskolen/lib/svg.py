"""matplotlib SVG made fit to put inline in a page under the project's CSP (pure, no DB).

The CSP allows no inline styles, so matplotlib's `style="..."` attributes are turned into
presentation attributes, which are not styles. Screen readers get a <title> and <desc>.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_STYLE = re.compile(r'\sstyle="([^"]*)"')


def presentation_attributes(match: re.Match[str]) -> str:
    """style="fill: #fff; stroke: none" → fill="#fff" stroke="none"."""
    pairs = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


def inline_svg(svg: str, name: str, title: str, desc: str) -> SafeString:
    """matplotlib's SVG made fit to put inline: no XML prologue, metadata or <style>, a
    <title> and <desc> for screen readers, and the width of its container."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = _STYLE.sub(presentation_attributes, svg)
    svg = re.sub(r'\swidth="[^"]*pt"\s+height="[^"]*pt"', ' width="100%"', svg, count=1)
    labelled = (
        f' role="img" aria-labelledby="{name}-title {name}-desc" class="chart">'
        f'<title id="{name}-title">{escape(title)}</title><desc id="{name}-desc">{escape(desc)}</desc>'
    )
    svg = re.sub(r"<svg([^>]*)>", lambda m: f"<svg{m.group(1)}{labelled}", svg, count=1)
    return mark_safe(svg)  # noqa: S308 -- made by matplotlib from numbers and escaped labels
