"""The keyboard focus indicator can be seen wherever it appears (WCAG 1.4.11 and 2.4.7): tabbing
through public and staff pages, every element that takes focus shows an indicator at least
2 px thick with a colour of at least 3:1 against the background around it (the page's white,
the light tint of the search box, the brand colour of the header, a button's colour).

The indicator is a dark ring with a yellow halo outside it (public/static/public/site.css):
on a light background the ring stands out, on the dark header the halo does."""

import re

import pytest

from projektdatabas.core.colours import contrast
from projektdatabas.demo.people import DEMO_PASSWORD
from projektdatabas.projects.models import Project

pytestmark = pytest.mark.browser

MINIMUM = 3.0
THICKNESS = 2.0  # px
MAX_TAB_STOPS = 250

# The focused element's indicator and what lies around it: the first element under a point
# just outside the indicator that is not the focused element or inside it, and the first
# colour painted on it or on an ancestor (the canvas, white, if none).
READ_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const reach = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset) + 10;
  const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
  const x = box.left - reach >= 0 ? box.left - reach : Math.min(box.right + reach, innerWidth - 1);
  let around = document.elementsFromPoint(x, y).find((e) => e !== el && !el.contains(e));
  const layers = [];  // see-through colours over the first opaque one (or the white canvas)
  for (let a = around; a; a = a.parentElement) {
    const [r, g, b, alpha = 1] = getComputedStyle(a).backgroundColor.match(/[\\d.]+/g).map(Number);
    if (alpha > 0) layers.unshift([r, g, b, alpha]);
    if (alpha >= 1) break;
  }
  let rgb = [255, 255, 255];
  for (const [r, g, b, alpha] of layers) {
    rgb = [r, g, b].map((c, i) => c * alpha + rgb[i] * (1 - alpha));
  }
  const background = `rgb(${rgb.map(Math.round).join(', ')})`;
  const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '')
    + ` "${(el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30)}"`;
  return {
    name, background,
    outline: [style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor],
    offset: parseFloat(style.outlineOffset), shadow: style.boxShadow,
  };
}"""

SHADOW = re.compile(r"(rgba?\([^)]*\))\s+(-?[\d.]+)px\s+(-?[\d.]+)px\s+([\d.]+)px\s+([\d.]+)px")


def _hex(colour: str) -> str | None:
    """ "rgb(11, 12, 12)" as "#0b0c0c"; None for a see-through colour (an indicator drawn in
    it does not count)."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", colour)]
    if len(numbers) == 4 and numbers[3] < 1:
        return None
    return "#" + "".join(f"{round(n):02x}" for n in numbers[:3])


def indicator_problem(found: dict) -> str | None:
    """Why the focused element's indicator does not reach 3:1 against its surroundings, or
    None. Each part counts on its own: the outline, and a box-shadow ring (its spread beyond
    the outline), if it is at least 2 px thick."""
    background = _hex(found["background"])
    style, width, colour = found["outline"]
    parts = []
    if style not in ("none", "hidden") and width >= THICKNESS:
        parts.append(("outline", _hex(colour)))
    for shadow_colour, x, y, blur, spread in SHADOW.findall(found["shadow"]):
        beyond = float(spread) - (width if style not in ("none", "hidden") else 0) - found["offset"]
        if beyond >= THICKNESS and float(x) == float(y) == float(blur) == 0:  # a solid ring
            parts.append(("halo", _hex(shadow_colour)))
    ratios = {part: round(contrast(c, background), 2) for part, c in parts if c}
    if not ratios:
        return f"no focus indicator at least {THICKNESS:g} px thick"
    if max(ratios.values()) < MINIMUM:
        return f"indicator {ratios} against {background}"
    return None


def tab_through(page, path) -> dict[str, str]:
    """Each element that takes focus on the page, tabbing from the top, and its problem."""
    problems, first, stops = {}, None, 0
    page.keyboard.press("Escape")  # gives the page the keyboard; Tab then starts at its top
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        found = page.evaluate(READ_FOCUS)
        if found is None or found["name"] == first:  # past the last, or round again
            break
        first, stops = first or found["name"], stops + 1
        if problem := indicator_problem(found):
            problems[found["name"]] = problem
    assert stops, f"{path}: nothing took focus"
    return problems


def test_focus_indicator_reaches_3_to_1_on_every_background(demo_site, browser):
    project = Project.objects.public().get(slug="vikinga")
    public = [
        "/",
        "/projekt/?q=projekt&tema=kultur",
        f"/projekt/{project.pk}-{project.slug}/",
        "/vanorter/kaufungen/",
        "/handlingsplan/",
        "/statistik/",
        "/en/",
    ]
    staff = [
        "/intern/",
        "/intern/projekt/",
        f"/intern/projekt/{project.pk}/",
        f"/intern/projekt/{project.pk}/redigera/pengar/",
        "/intern/budget/",
    ]
    failures = {}
    for width in (1280, 320):  # the filters sit behind "Filtrera" on a phone
        context = browser.new_context(locale="sv-SE", viewport={"width": width, "height": 900})
        page = context.new_page()
        try:
            for path in public:
                assert page.goto(demo_site.url + path).status == 200, path
                if problems := tab_through(page, path):
                    failures[f"{path} at {width} px"] = problems
            page.goto(demo_site.url + "/intern/logga-in/")
            if problems := tab_through(page, "/intern/logga-in/"):
                failures[f"/intern/logga-in/ at {width} px"] = problems
            page.get_by_label("Användarnamn").fill("samordnare")
            page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Logga in").click()
            page.wait_for_url("**/intern/")
            for path in staff:
                assert page.goto(demo_site.url + path).status == 200, path
                if problems := tab_through(page, path):
                    failures[f"{path} at {width} px"] = problems
        finally:
            context.close()
    assert not failures, "\n".join(
        f"{where}: {element}: {why}"
        for where, problems in failures.items()
        for element, why in problems.items()
    )


@pytest.mark.parametrize(
    ("found", "passes"),
    [
        # The old indicator: a light orange outline, 1.6:1 on white.
        (
            {
                "background": "rgb(255, 255, 255)",
                "outline": ["solid", 3, "rgb(255, 191, 71)"],
                "offset": 2,
                "shadow": "none",
            },
            False,
        ),
        # The dark ring on white.
        (
            {
                "background": "rgb(255, 255, 255)",
                "outline": ["solid", 3, "rgb(11, 12, 12)"],
                "offset": 0,
                "shadow": "rgb(255, 221, 0) 0px 0px 0px 6px",
            },
            True,
        ),
        # On the dark brand colour the ring is lost, and the yellow halo carries it.
        (
            {
                "background": "rgb(0, 80, 75)",
                "outline": ["solid", 3, "rgb(11, 12, 12)"],
                "offset": 0,
                "shadow": "rgb(255, 221, 0) 0px 0px 0px 6px",
            },
            True,
        ),
        # ... but not a halo thinner than 2 px beyond the ring.
        (
            {
                "background": "rgb(0, 80, 75)",
                "outline": ["solid", 3, "rgb(11, 12, 12)"],
                "offset": 0,
                "shadow": "rgb(255, 221, 0) 0px 0px 0px 4px",
            },
            False,
        ),
        # No indicator at all.
        (
            {
                "background": "rgb(255, 255, 255)",
                "outline": ["none", 0, "rgb(0, 0, 0)"],
                "offset": 0,
                "shadow": "none",
            },
            False,
        ),
    ],
)
def test_the_check_tells_a_visible_indicator_from_a_faint_one(found, passes):
    assert (indicator_problem(found) is None) is passes
