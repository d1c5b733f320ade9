"""Product titles made short for tables, to-do items and cause chains.

Alibaba titles run to 100+ characters (「Wholesale Solar Motion Sensor Security Light Auto On/Off
Pathway Lamp for Yard Lawn Driveway」); a table cell or a sentence shows the first ~40, cut
where a reader would cut: between words in English, anywhere between Chinese characters, never
inside a word, with 「…」 to say that there is more. The full title stays on the page where it can
(a table cell's ``title`` attribute, :func:`generator.render.markup.html_table`).
"""

from __future__ import annotations

from typing import Any

TITLE_CHARS = 40  # a product's title in a table cell, a to-do item or a cause chain
ELLIPSIS = "…"
# trailing characters that would dangle before the ellipsis (「… for」 is fine, 「… Lamp,」 is not)
_DANGLING = " \t,;:/|&+-–—·、，；：（(["


def _is_cjk(ch: str) -> bool:
    """A character that may be cut after without cutting a word (Chinese, Japanese, Korean,
    full-width punctuation)."""
    code = ord(ch)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x3000 <= code <= 0x303F
    )


def short_title(value: Any, limit: int = TITLE_CHARS) -> str:
    """``value`` as one line of at most ``limit`` characters (the ellipsis included), cut at a
    word boundary. Whitespace runs fold to one space. A single word longer than the cut (no
    boundary in its second half) is cut inside, as the only way to keep the limit."""
    text = " ".join(str(value if value is not None else "").split())
    if len(text) <= limit:
        return text
    room = max(1, limit - len(ELLIPSIS))
    cut = room
    # the last boundary at or before `room`, but not so early that most of the room is lost
    for i in range(room, max(1, room // 2) - 1, -1):
        before, after = text[i - 1], text[i]
        if after == " " or before == " " or _is_cjk(before) or _is_cjk(after):
            cut = i
            break
    head = text[:cut].rstrip(_DANGLING)
    return (head or text[:room]) + ELLIPSIS
