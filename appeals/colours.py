"""
Whether an accent colour can carry the site: the header and buttons put
white text on it, and links are the accent on white, so both must reach
WCAG 2.x AA contrast for normal text (4.5:1). Pure functions, no Django.

https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio
https://www.w3.org/TR/WCAG21/#dfn-relative-luminance
"""

import re

AA_NORMAL_TEXT = 4.5
WHITE = "#ffffff"
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def relative_luminance(colour):
    """The WCAG relative luminance (0 black to 1 white) of "#rrggbb"."""
    if not HEX_COLOUR.match(colour):
        raise ValueError(f"Not a #rrggbb colour: {colour!r}")
    channels = []
    for start in (1, 3, 5):
        value = int(colour[start : start + 2], 16) / 255
        # The sRGB transfer function, as WCAG 2.1 states it.
        channels.append(
            value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
        )
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second):
    """From 1 (no contrast) to 21 (black on white), whatever the order."""
    lighter, darker = sorted(
        (relative_luminance(first), relative_luminance(second)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)
