"""The overdue badge is readable (issue 10 §3: it was grey on red): white on red, at least the
WCAG AA contrast of 4.5, whether drawn by the shared component or by a bare `badge bg-red`."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

STATIC = Path(__file__).resolve().parents[2] / "static"

# Each colour as the browser resolves it, drawn on a canvas to read back sRGB.
RGB = """(el) => {
  const s = getComputedStyle(el), c = document.createElement('canvas').getContext('2d');
  return [s.color, s.backgroundColor].map((v) => {
    c.clearRect(0, 0, 1, 1); c.fillStyle = v; c.fillRect(0, 0, 1, 1);
    return Array.from(c.getImageData(0, 0, 1, 1).data.slice(0, 3));
  });
}"""


def _luminance(rgb):
    def channel(v):
        v /= 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b):
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_overdue_badges_are_white_on_red(browser, db):
    from django.template import Context, Template

    from apps.appeals.models import Appeal

    component = Template("{% load tx %}{% status_badge a overdue=True %}").render(
        Context({"a": Appeal(status="handling")})
    )
    css = "".join(
        (STATIC / p).read_text() for p in ("vendor/tabler/css/tabler.min.css", "css/app.css")
    )
    page = browser.new_page()
    try:
        page.set_content(
            f"<html><head><style>{css}</style></head><body>{component}"
            '<span class="badge bg-red" data-testid="bare">逾期</span></body></html>'
        )
        for testid in ("overdue", "bare"):
            text, background = page.get_by_test_id(testid).evaluate(RGB)
            assert _contrast(text, background) >= 4.5, (testid, text, background)
    finally:
        page.close()
