"""Rule metadata in rules/*.yaml: complete, bilingual, and tied to the registry."""

from __future__ import annotations

import re

import pytest

from lintkit.meta import LANGS, builtin_meta
from lintkit.rules import all_meta, registry

CODE_RE = re.compile(r"^[SFAM]\d{3}$")
NAME_RE = re.compile(r"^[a-z]+(?:-[a-z0-9]+)*$")


def test_every_registered_rule_has_metadata() -> None:
    metas = all_meta()
    for code in registry():
        assert code in metas


@pytest.mark.parametrize("code", sorted(builtin_meta()))
def test_metadata_is_complete_and_bilingual(code: str) -> None:
    meta = builtin_meta()[code]
    assert CODE_RE.match(meta.code)
    assert NAME_RE.match(meta.name)
    for lang in LANGS:
        assert meta.summary[lang].strip()
        assert meta.docs[lang].strip()
        assert meta.messages["default"][lang].strip()
    assert "## 何をするか" in meta.docs["ja"] or "何をするか" in meta.docs["ja"]
    assert "What it does" in meta.docs["en"]
    for spec in meta.options.values():
        assert spec.validate(list(spec.default) if isinstance(spec.default, tuple) else spec.default) is not None


def test_names_and_codes_are_unique() -> None:
    metas = builtin_meta().values()
    names = [m.name for m in metas]
    assert len(names) == len(set(names))


def test_message_templates_render_in_both_languages() -> None:
    meta = builtin_meta()["S104"]
    assert meta.message("default", "ja", marker="---END---") == "生成マーカー「---END---」が残っています"
    assert meta.message("default", "en", marker="---END---") == 'Generation marker "---END---" left in the text'
