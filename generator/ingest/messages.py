"""The reasons and fixes of a rejected or skipped file in the reader's language.

The ingest stores a file's problem and fix as the English text it raised (``file_events``,
``ingest_log.warnings``), runs from before this module included. A page shows them through
:func:`localize`: the text is matched against the English templates below and written again in
the site's language with the same values; a text no template matches (a message added later,
or one from an older version) is shown as it was stored. The English templates are the texts
the ingest writes: each ``{name}`` stands for the value the message names.
"""

from __future__ import annotations

import functools
import re
import string

from ..i18n import CATALOG, kind_label, translate
from ..kinds import KINDS
from .message_texts import MESSAGES


def _pattern(en: str) -> re.Pattern[str]:
    parts = []
    for literal, name, _spec, _conv in string.Formatter().parse(en):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts), re.DOTALL)


# the catalog's texts of one cell's problem and fix (cells.RowProblem), and the plausible
# dates: the parts a file's reason is made of; and a page export's errors
_PARTS = ("rowprob_", "rowfix_", "window_explain", "export_err_")


@functools.cache
def _compiled() -> tuple[tuple[re.Pattern[str], str], ...]:
    parts = [CATALOG[k] for k in CATALOG if k.startswith(_PARTS)]
    return tuple((_pattern(en), zh) for zh, en in (*MESSAGES, *parts))


def _en_kinds(text: str) -> str:
    """A stored English text names a kind as 「产品分析 (products)」: its English name instead."""
    for k in KINDS.values():
        text = text.replace(f"{k.zh} ({k.name})", kind_label(k.name, "en"))
    return text


def localize(text: object, lang: str) -> str:
    """A stored problem or fix in ``lang`` (see the module's doc); "" for no text."""
    if not isinstance(text, str) or not text:
        return ""
    if lang != "zh":
        return _en_kinds(text)
    for pattern, zh in _compiled():
        m = pattern.fullmatch(text.strip())
        if m:
            # a value may itself be a message (a cell's problem inside a file's reason)
            values = {k: localize_joined(v, lang) for k, v in m.groupdict().items()}
            if "fmt" in values:  # the file format as readers write it: XLSX, XLS, CSV
                values["fmt"] = values["fmt"].upper()
            if "hints" in values:  # headers.suggest_header
                values["hints"] = _NEAREST.sub(r"（最接近的表头：\1）", values["hints"])
            if "rows" in values:  # "1, 2, … and 4 more" (parse.cap_list)
                values["rows"] = _MORE.sub(r" 等另 \1 行", values["rows"])
            return zh.format(**values)
    return text


_MORE = re.compile(r" and (\d+) more$")
_NEAREST = re.compile(r" \(nearest header found: ('[^']*')\)")


def localize_joined(text: object, lang: str) -> str:
    """Warnings stored joined by "; " (``ingest_log.warnings``), each in ``lang``: a part that
    is no message alone is tried together with the next (a message may hold "; " itself)."""
    if not isinstance(text, str) or not text:
        return ""
    parts, out, i = text.split("; "), [], 0
    while i < len(parts):
        pair = "; ".join(parts[i : i + 2])
        one = localize(parts[i], lang)
        if one == parts[i] and i + 1 < len(parts) and localize(pair, lang) != pair:
            out.append(localize(pair, lang))
            i += 2
        else:
            out.append(one)
            i += 1
    return translate("semicolon", lang).join(out)
