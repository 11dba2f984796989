"""Hard-wrapped text rejoined (pure). Mail archives and plain-text pages
break paragraphs at a fixed width (~72-80 characters); a line was wrapped
when the next line's first word would not have fitted on it. Lists,
labelled lines ("Venue: ..."), signatures and short lines stay as they are.
"""

import re

MIN_WIDTH, MAX_WIDTH = 55, 100
_KEEP_START = re.compile(
    r"^(?:[-*•·◦▪–—>]\s|\d{1,2}[.)]\s|[A-Z][\w /&-]{0,30}:\s|[>|]|\[\d+\])"
)


def wrap_width(lines):
    """The width the text was wrapped at, or None if it was not wrapped:
    most lines short, several of them within a few characters of the
    longest."""
    lengths = [len(line) for line in lines if line]
    if len(lengths) < 4:
        return None
    short = [n for n in lengths if n <= MAX_WIDTH]
    if len(short) < 0.9 * len(lengths):
        return None
    width = max(short)
    if width < MIN_WIDTH:
        return None
    near = [n for n in short if n >= width - 12]
    return width if len(near) >= max(3, len(short) // 4) else None


def _wrapped(line, following, width):
    if not line or not following or _KEEP_START.match(following):
        return False
    if line.endswith(":"):
        return False
    first = following.split()[0]
    return len(line) + 1 + len(first) > width - 2


def rejoin(lines, width):
    """Numbered lines [(n, text)] with wrapped runs joined into one line
    (numbered as the run's first); blank lines kept."""
    out = []
    for number, line in lines:
        if out and line and out[-1][1] and _wrapped(out[-1][2], line, width):
            first, joined, last = out[-1]
            out[-1] = (first, f"{joined} {line}", line)
        else:
            out.append((number, line, line))
    return [(number, text) for number, text, _ in out]
