"""Colours and their contrast (WCAG 2.1, 1.4.3 and 1.4.11): the municipality's brand colour is
checked here against every background it is used on, and the light tint of the public
site's boxes is derived from it (public:brand_css)."""

WHITE = "#ffffff"
# public/static/public/site.css: the highlighted search words (<mark>) inside result links.
HIGHLIGHT = "#fff2a8"
# The light tint of the brand colour that boxes are drawn on (the search form, the figures):
# this share of the brand colour, the rest white.
TINT_SHARE = 0.1


def _channels(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def relative_luminance(colour: str) -> float:
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        for c in (channel / 255 for channel in _channels(colour))
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def tint(colour: str) -> str:
    """The light background derived from a colour: TINT_SHARE of it on white."""
    mixed = (round(c * TINT_SHARE + 255 * (1 - TINT_SHARE)) for c in _channels(colour))
    return "#" + "".join(f"{c:02x}" for c in mixed)
