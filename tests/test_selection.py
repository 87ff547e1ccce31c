"""select / ignore / per-file-ignores / severity decisions, with ruff's semantics."""

from __future__ import annotations

import pytest

from lintkit.finding import Severity
from lintkit.rules import all_meta
from lintkit.selection import Selection, SelectorError, matches_path, specificity, validate_selectors

METAS = all_meta()
OPT_IN = {code for code, meta in METAS.items() if meta.opt_in}  # F205: only selected by its code or name


def enabled(sel: Selection, path: str = "posts/a.md") -> set[str]:
    return {code for code, meta in METAS.items() if sel.enabled_for(meta, path)}


def codes(prefix: str) -> set[str]:
    return {c for c in METAS if c.startswith(prefix)}


def test_specificity_orders_all_prefix_code_and_name() -> None:
    s102 = METAS["S102"]
    assert specificity("ALL", s102) == 0
    assert specificity("S", s102) == 1
    assert specificity("S1", s102) == 2
    assert specificity("s102", s102) == 4
    assert specificity("duplicate-paragraph", s102) == specificity("S102", s102)
    assert specificity("S2", s102) == -1
    assert specificity("", s102) == -1
    assert specificity("duplicate", s102) == -1


def test_default_selects_everything_but_opt_in_rules() -> None:
    assert OPT_IN == {"F205"}
    assert enabled(Selection()) == set(METAS) - OPT_IN


def test_opt_in_rules_need_their_code_or_name() -> None:
    assert "F205" not in enabled(Selection(select=("ALL",)))
    assert "F205" not in enabled(Selection(select=("F",)))
    assert "F205" not in enabled(Selection(cli_select=("F2",)))
    assert enabled(Selection(cli_select=("F205",))) == {"F205"}
    assert enabled(Selection(select=("ALL", "claim-possible-mismatch"))) == set(METAS)
    assert "F205" not in enabled(Selection(select=("ALL", "F205"), ignore=("F205",)))


def test_more_specific_ignore_beats_select_and_vice_versa() -> None:
    assert enabled(Selection(select=("S1",), ignore=("S104",))) == codes("S1") - {"S104"}
    assert enabled(Selection(select=("S104",), ignore=("S1",))) == {"S104"}
    assert enabled(Selection(select=("ALL",), ignore=("S",))) == set(METAS) - codes("S") - OPT_IN


def test_tie_goes_to_ignore() -> None:
    assert enabled(Selection(select=("S104",), ignore=("stray-separator",))) == set()
    assert enabled(Selection(select=("S1",), ignore=("S1",))) == set()


def test_names_select_like_codes() -> None:
    assert enabled(Selection(select=("conflict-marker", "stray-separator"))) == {"S104", "S106"}


def test_cli_select_replaces_configuration_and_weighs_cli_ignore() -> None:
    config_layer = Selection(select=("S104",), ignore=("S106",))
    assert enabled(Selection(select=config_layer.select, ignore=config_layer.ignore,
                             cli_select=("S106", "S102"))) == {"S106", "S102"}
    # within the command line, the more specific selector wins too
    assert enabled(Selection(cli_select=("S102",), cli_ignore=("S1",))) == {"S102"}
    assert enabled(Selection(cli_select=("S1",), cli_ignore=("S102",))) == codes("S1") - {"S102"}


def test_cli_ignore_removes_from_configured_selection() -> None:
    sel = Selection(select=("S104", "S106"), cli_ignore=("S",))
    assert enabled(sel) == set()
    sel = Selection(select=("S104", "S106"), cli_ignore=("conflict-marker",))
    assert enabled(sel) == {"S104"}


def test_per_file_ignores_apply_after_selection() -> None:
    sel = Selection(per_file_ignores=(("posts/old/*.md", ("S104",)), ("drafts/", ("S",))))
    assert "S104" not in enabled(sel, "posts/old/a.md")
    assert "S104" in enabled(sel, "posts/new/a.md")
    assert enabled(sel, "blog/drafts/x.md") == set(METAS) - codes("S") - OPT_IN
    # and after a command-line --select too
    sel = Selection(cli_select=("S104",), per_file_ignores=(("posts/old/*.md", ("S104",)),))
    assert enabled(sel, "posts/old/a.md") == set()
    assert enabled(sel, "posts/new/a.md") == {"S104"}


def test_severity_override_most_specific_wins() -> None:
    sel = Selection(severity=(("S", Severity.INFO), ("S104", Severity.WARNING)))
    assert sel.severity_of(METAS["S104"]) == Severity.WARNING
    assert sel.severity_of(METAS["S106"]) == Severity.INFO
    assert sel.severity_of(METAS["M402"]) == METAS["M402"].severity


@pytest.mark.parametrize("pattern,path,hit", [
    ("posts/*.md", "posts/a.md", True),
    ("posts/*.md", "./blog/posts/a.md", True),
    ("posts/*.md", "/abs/blog/posts/a.md", True),
    ("posts/*.md", "drafts/a.md", False),
    ("posts", "posts/sub/a.md", True),
    ("posts/", "blog/posts/a.md", True),
    ("*.markdown", "a/b.markdown", True),
    ("_posts/2023-*.md", "_posts/2024-01-01-a.md", False),
])
def test_matches_path(pattern: str, path: str, hit: bool) -> None:
    assert matches_path(pattern, path) is hit


def test_unknown_selectors_are_rejected() -> None:
    validate_selectors(["ALL", "S", "S10", "duplicate-paragraph", "m402"], METAS)
    for bad in ("Z", "S9", "duplicate", ""):
        with pytest.raises(SelectorError):
            validate_selectors([bad], METAS)
