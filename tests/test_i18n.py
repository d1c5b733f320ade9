"""The one translation catalog (generator/i18n.py): every text in both languages, and every key
the code or a template looks up is there, so a missing key fails here in every language rather
than as a KeyError on one language's site."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from generator import i18n
from generator.analysis.keywords import ACTIONS, LANGUAGES, SOURCES, STATUSES
from generator.analysis.metrics.registry import METRICS
from generator.analysis.rules import RULES
from generator.i18n import CATALOG, translate
from generator.render.keywords import CSV_COLUMNS, TABLE_COLUMNS, XLSX_HEADERS

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("zh", "en")

# a lookup with a literal key: translate("key", …), self.t("key"), r.t('key'), t("key") in a template
LITERAL = re.compile(r"""(?:\btranslate|(?<![\w])t)\(\s*(["'])([A-Za-z0-9_]+)\1(?!\s*\+)""")
# a lookup whose key is built: translate(f"kw_label_{s}", …), t("dim_" + c), t(f"{section}_…")
BUILT = re.compile(
    r"""(?:\btranslate|(?<![\w])t)\(\s*(?:f(["'])([A-Za-z0-9_]*)\{|(["'])([A-Za-z0-9_]+)\3\s*\+)"""
)


def sources() -> list[Path]:
    """The package's modules (not the catalog itself) and the page templates."""
    code = [p for p in sorted((ROOT / "generator").rglob("*.py")) if p.name != "i18n.py"]
    return code + sorted((ROOT / "site_templates").rglob("*.j2"))


def literal_keys(text: str) -> set[str]:
    return {m.group(2) for m in LITERAL.finditer(text)}


def built_prefixes(text: str) -> set[str]:
    return {m.group(2) if m.group(2) is not None else m.group(4) for m in BUILT.finditer(text)}


def looked_up() -> dict[str, set[str]]:
    """Every literal key the package and its templates look up → the files that do."""
    found: dict[str, set[str]] = {}
    for path in sources():
        for key in literal_keys(path.read_text(encoding="utf-8")):
            found.setdefault(key, set()).add(str(path.relative_to(ROOT)))
    return found


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def filled(key: str, lang: str) -> str:
    """The key's text with every placeholder either language has given a value."""
    zh, en = CATALOG[key]
    return translate(key, lang, **dict.fromkeys(placeholders(zh) | placeholders(en), "x"))


def test_the_scan_finds_every_form_of_lookup() -> None:
    """The scan below is what guards the catalog: it must see each way the code looks up."""
    code = """
        translate("site_title", lang, store=s)  self.t('home')  r.t("kw_title")
        {{ t("todo") }}  translate(key, lang)  text("not_a_lookup")  last("nor_this")
        t(f"wd_{day}")  translate(f"kw_label_{s}", lang)  self.t("dim_" + c)  t(f"{x}_title")
    """
    assert literal_keys(code) == {"site_title", "home", "kw_title", "todo"}
    assert built_prefixes(code) == {"wd_", "kw_label_", "dim_", ""}


@pytest.mark.parametrize("lang", LANGS)
def test_every_looked_up_key_is_in_the_catalog(lang: str) -> None:
    """A key that a page, a template or the command line asks for and the catalog lacks."""
    found = looked_up()
    assert len(found) > 300  # the scan sees the package (not an empty or moved folder)
    missing = sorted(f"{k} ({', '.join(sorted(f))})" for k, f in found.items() if k not in CATALOG)
    assert not missing, f"not in generator/i18n.py ({lang}): {missing}"
    for key in found:
        assert filled(key, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_built_key_family_is_in_the_catalog(lang: str) -> None:
    """Keys made from ids: each id of the tables they come from has its text; every other
    built key's prefix names at least one key."""
    families = {
        "kw_label_": STATUSES,
        "kw_source_": SOURCES,
        "kw_action_": ACTIONS,
        "lang_": LANGUAGES,
        "kw_rule_": STATUSES,
        "kw_col_": tuple(c for c, _ in TABLE_COLUMNS),
        "stage_": ("ingest", "render", "mkdocs", "rebuild", "demo"),
        "wd_": tuple(str(d) for d in range(7)),
    }
    keys = [prefix + x for prefix, ids in families.items() for x in ids]
    keys += [rule.key for rule in RULES.values()]
    keys += [XLSX_HEADERS[c] for c in CSV_COLUMNS]
    missing = [k for k in keys if k not in CATALOG]
    assert not missing, f"not in generator/i18n.py ({lang}): {missing}"
    assert all(filled(k, lang) for k in keys)
    for path in sources():
        for prefix in built_prefixes(path.read_text(encoding="utf-8")) - {""}:
            assert any(k.startswith(prefix) for k in CATALOG), (path.name, prefix)


# texts whose languages take different values on purpose (the caller passes them all)
PLACEHOLDERS_DIFFER = {"wk_p4p_lead"}  # English starts the sentence with a capital: period_cap


def test_every_text_is_in_both_languages_with_the_same_placeholders() -> None:
    """An empty text, or a placeholder one language has and the other lacks (a KeyError on that
    language's site only), fails here."""
    for key, pair in CATALOG.items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        zh, en = pair
        assert zh.strip() and en.strip(), key
        if key not in PLACEHOLDERS_DIFFER:
            assert placeholders(zh) == placeholders(en), key
    for m in METRICS.values():  # metric labels live with their definitions (the registry)
        assert m.zh and m.en and m.formula_zh and m.formula_en, m.name


def test_a_missing_key_is_an_error_not_a_fallback() -> None:
    for lang in LANGS:
        with pytest.raises(KeyError, match="no_such_text"):
            translate("no_such_text", lang)


# lines outside the catalog that may still choose by language: the metric registry's own
# labels, a word's language (data), and a kind's header name or its English alias (kinds data)
LANGUAGE_BRANCHES_ALLOWED = {
    ("generator/i18n.py", 'text = zh if lang == "zh" else en'),
    ("generator/analysis/metrics/registry.py", 'return self.zh if lang == "zh" else self.en'),
    (
        "generator/analysis/metrics/registry.py",
        'return self.formula_zh if lang == "zh" else self.formula_en',
    ),
    ("generator/analysis/keywords/library.py", 'if language != "en":'),
    ("generator/analysis/rules/weekly.py", 'return col.zh if lang == "zh" else col.aliases[0]'),
    # a stored reason is English as the ingest raised it: read back into Chinese by its
    # English template (ingest/messages.py); the settings' Chinese help (config/help_zh.py)
    # beside each setting's English one (config cannot import the catalog: a sibling layer)
    ("generator/ingest/messages.py", 'if lang != "zh":'),
    ("generator/config/__init__.py", 'zh = settings.language == "zh"'),
}


def test_no_text_chooses_its_language_outside_the_catalog() -> None:
    """A page text written as ``"…" if lang == "zh" else "…"`` (or a second (zh, en) table)
    would escape the checks above: texts go into the catalog instead."""
    branch = re.compile(r"""\b(?:lang|language)\s*[!=]=\s*["'](?:zh|en)["']""")
    table = re.compile(r"dict\[str, tuple\[str, str\]\]")
    found = set()
    for path in sorted((ROOT / "generator").rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        for line in path.read_text(encoding="utf-8").splitlines():
            if branch.search(line) or (table.search(line) and path != Path(i18n.__file__)):
                found.add((rel, line.strip()))
    assert found <= LANGUAGE_BRANCHES_ALLOWED, sorted(found - LANGUAGE_BRANCHES_ALLOWED)
