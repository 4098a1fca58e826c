"""Whether every page of the report's PDF keeps all of its content inside the page's content
area (inside the margins), read from WeasyPrint's laid-out boxes.

A table wider than the page is not cut by WeasyPrint: its last columns are written beyond the
page's edge, where the text is still in the file but no reader or printer shows it (the money
tables once lost their co-financing columns that way). The tests check the report with long
names and large sums, and the benchmark checks it at 1 k and 10 k projects, both with
`check_html`."""

from dataclasses import dataclass, field

PX_PER_MM = 96 / 25.4  # WeasyPrint lays out in CSS pixels
TOLERANCE = 0.05  # px: rounding in the layout, a hundredth of a millimetre


@dataclass(frozen=True)
class Overflow:
    page: int  # from 1, as printed
    what: str
    edge: str
    by_mm: float

    def __str__(self) -> str:
        return f"page {self.page}: {self.what} {self.by_mm:.1f} mm past the {self.edge} edge"


@dataclass
class LayoutCheck:
    pages: int
    outside: list[Overflow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.outside

    def __str__(self) -> str:
        if self.ok:
            return f"{self.pages} pages, no box outside the content area"
        shown = "; ".join(map(str, self.outside[:3]))
        more = f" (and {len(self.outside) - 3} more)" if len(self.outside) > 3 else ""
        return f"{self.pages} pages, {len(self.outside)} boxes outside: {shown}{more}"


def check_html(html: str) -> LayoutCheck:
    """Lays the HTML out as the PDF is, and checks its pages."""
    from weasyprint import HTML

    return check_layout(HTML(string=html).render())


def check_layout(document) -> LayoutCheck:
    """Every box on every page of a laid-out WeasyPrint document (`HTML(...).render()`),
    text and tables included, against its page's content area. The page margins' own boxes
    (page numbers, the running "Utkast") belong in the margins and are left out; so is what
    a box with `overflow: hidden` clips on purpose (a visually hidden caption)."""
    from weasyprint.formatting_structure import boxes

    check = LayoutCheck(pages=len(document.pages))
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        area = (
            page_box.content_box_x(),
            page_box.content_box_y(),
            page_box.content_box_x() + page_box.width,
            page_box.content_box_y() + page_box.height,
        )
        stack = [child for child in page_box.children if not isinstance(child, boxes.MarginBox)]
        while stack:
            box = stack.pop()
            crossed = _crossed(box, area)
            if crossed:
                # The outermost box that crosses is named; what it holds crosses with it.
                edge, by = crossed
                check.outside.append(Overflow(number, _describe(box), edge, by / PX_PER_MM))
                continue
            if box.style["overflow"] == "visible":
                stack.extend(getattr(box, "children", ()))
    return check


def _crossed(box, area) -> tuple[str, float] | None:
    left, top, right, bottom = area
    x, y = box.border_box_x(), box.border_box_y()
    width, height = box.border_width(), box.border_height()
    for edge, by in [
        ("right", x + width - right),
        ("left", left - x),
        ("bottom", y + height - bottom),
        ("top", top - y),
    ]:
        if by > TOLERANCE:
            return edge, by
    return None


def _describe(box) -> str:
    """The box's HTML element and the first words of its text."""
    text, stack = [], [box]
    while stack and len(" ".join(text)) < 40:
        current = stack.pop(0)
        if getattr(current, "text", None):
            text.append(current.text)
        stack[:0] = getattr(current, "children", ())
    words = " ".join(" ".join(text).split())
    words = words if len(words) <= 40 else words[:39] + "…"
    return f"<{box.element_tag}> “{words}”"
