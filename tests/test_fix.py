"""Safe --fix: edits on lines, every byte kept, atomic writes, idempotence, and the seed article."""

from __future__ import annotations

import difflib
import os
import shutil
import stat
from pathlib import Path

import pytest

from lintkit.config import Config, with_cli
from lintkit.engine import Plan, lint_paths
from lintkit.finding import Edit, Fix
from lintkit.fix import apply_edits, fix_paths, fix_then_lint, select_fixes, unified_diff, write_atomic
from lintkit.rules import all_meta, registry
from lintkit.source import decode
from tests.conftest import FIXTURES, SEED_000, needs_shared

METAS = all_meta()
FIX = FIXTURES / "fix"


def copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(FIX / name, target)
    return target


def lines_of(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def only_deletions(before: bytes, after: bytes) -> list[int]:
    """1-based numbers of the deleted lines; fails if anything else changed.

    Kept lines must be byte-identical, terminators included, except the new
    last line, which takes the original last line's ending (no final newline
    stays no final newline).
    """
    a, b = lines_of(before), lines_of(after)
    a_text = [x.rstrip(b"\r\n") for x in a]
    b_text = [x.rstrip(b"\r\n") for x in b]
    deleted: list[int] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a_text, b=b_text, autojunk=False).get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                if j1 + k < len(b) - 1:
                    assert a[i1 + k] == b[j1 + k]
            continue
        assert op == "delete", (op, a[i1:i2], b[j1:j2])
        deleted.extend(range(i1 + 1, i2 + 1))
    if b:
        assert b[-1].endswith((b"\n", b"\r")) == a[-1].endswith((b"\n", b"\r"))
    return deleted


# ---------------------------------------------------------------- edits on SourceText

def test_delete_and_replace_keep_each_line_ending() -> None:
    s = decode("t.md", b"a\r\nb\nc\rd\n")
    assert apply_edits(s, [Edit(1, 2)]) == b"a\r\nc\rd\n"
    assert apply_edits(s, [Edit(2, 3, "C", False)]) == b"a\r\nb\nC\rd\n"
    assert apply_edits(s, [Edit(0, 1, "x\ny", False)]) == b"x\r\ny\r\nb\nc\rd\n"
    assert apply_edits(s, [Edit(1, 1, "new", False)]) == b"a\r\nnew\r\nb\nc\rd\n"


def test_final_newline_or_its_absence_is_kept() -> None:
    no_eol = decode("t.md", b"a\n\nb\n\nEND")
    assert apply_edits(no_eol, [Edit(3, 5)]) == b"a\n\nb"
    assert apply_edits(no_eol, [Edit(4, 5, "end", False)]) == b"a\n\nb\n\nend"
    with_eol = decode("t.md", b"a\n\nEND\n")
    assert apply_edits(with_eol, [Edit(1, 3)]) == b"a\n"
    assert apply_edits(decode("t.md", b"a\nb"), [Edit(1, 2, "", True)]) == b"a"
    assert apply_edits(decode("t.md", b"a\nb"), [Edit(2, 2, "c", False)]) == b"a\nb\nc"


def test_bom_is_kept() -> None:
    s = decode("t.md", "\ufeffa\nEND\n".encode())
    assert apply_edits(s, [Edit(1, 2)]) == "\ufeffa\n".encode()


def test_overlapping_fixes_are_resolved_deterministically() -> None:
    first = Fix(True, "a", (Edit(2, 4),))
    overlapping = Fix(True, "b", (Edit(3, 5),))
    same_start = Fix(True, "c", (Edit(2, 3, "x", False),))
    later = Fix(True, "d", (Edit(5, 6),))
    out_of_range = Fix(True, "e", (Edit(9, 12),))
    fixes = [first, overlapping, same_start, later, out_of_range]
    # the earliest start wins, then the earliest end: c [2,3) beats a [2,4); b [3,5) and d [5,6) fit
    assert [f.description for f in select_fixes(fixes, 10)] == ["c", "b", "d"]
    assert select_fixes(list(reversed(fixes)), 10) == select_fixes(fixes, 10)
    # a fix whose own edits overlap is never applied
    assert select_fixes([Fix(True, "x", (Edit(1, 3), Edit(2, 4)))], 10) == []
    # identical fixes from two findings apply once
    assert select_fixes([later, later], 10) == [later]


# ---------------------------------------------------------------- fixtures, end to end

@pytest.mark.parametrize("name,deleted,remaining", [
    ("markers.md", None, set()),  # also shortens a line (a glued marker): exact text checked below
    ("duplicate.md", {9, 10}, {("S102", 11)}),  # the near duplicate (now line 11) is left for a human
    ("crlf.md", {4, 8, 9}, set()),
    ("bom.md", {8, 9}, set()),
])
def test_fix_fixtures(tmp_path: Path, name: str, deleted: set[int] | None,
                      remaining: set[tuple[str, int]]) -> None:
    target = copy(tmp_path, name)
    before = target.read_bytes()
    run, result = fix_then_lint([str(target)], Config())
    after = target.read_bytes()
    assert not run.errors and not result.errors
    if deleted is not None:
        assert set(only_deletions(before, after)) == deleted
    assert {(f.code, f.line + 1) for f in result.findings} == remaining
    assert after.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")
    assert after.endswith(b"\n") == before.endswith(b"\n")
    # a second --fix changes nothing
    again, _ = fix_then_lint([str(target)], Config())
    assert again.applied == 0 and target.read_bytes() == after


def test_markers_fixture_exact_result(tmp_path: Path) -> None:
    target = copy(tmp_path, "markers.md")
    before = target.read_text(encoding="utf-8").split("\n")
    fix_paths([str(target)], Config(), write=True)
    assert before[9] == "---" and before[15] == "---END---" and before[19] == before[21] == "---"
    assert before[27] == "[END]" and before[17].endswith(" ---END---")
    # the setext ---, the marker line, the glued marker, the doubled ---, the final [END]; blank lines beside them
    expected = before[:9] + before[10:15] + ["誤字の確認は最後にまとめて行います。"] + before[18:21] + before[23:26] + [""]
    assert target.read_text(encoding="utf-8").split("\n") == expected


def test_crlf_fixture_keeps_crlf(tmp_path: Path) -> None:
    target = copy(tmp_path, "crlf.md")
    fix_paths([str(target)], Config(), write=True)
    data = target.read_bytes()
    assert b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n")


def test_conflicts_only_unambiguous_ones_are_fixed(tmp_path: Path) -> None:
    target = copy(tmp_path, "conflicts.md")
    run, result = fix_then_lint([str(target)], with_cli(Config(), METAS, select=("S106",)))
    text = target.read_text(encoding="utf-8")
    assert run.applied == 3
    assert text.count("両側が同じ内容の段落です。") == 1
    assert "片側だけに書かれた段落です。" in text
    assert "こちらにだけ残っている段落です。" in text and "共通の祖先" not in text
    # the ambiguous conflict is left as it was, markers included
    assert "<<<<<<< HEAD\n古い版の段落です\n=======\n新しい版の段落です\n>>>>>>> feature\n" in text
    assert {(f.code, f.line + 1) for f in result.findings} == {("S106", 13), ("S106", 15), ("S106", 17)}


def test_clean_fixture_is_untouched(tmp_path: Path) -> None:
    target = copy(tmp_path, "clean.md")
    mtime = target.stat().st_mtime_ns
    run = fix_paths([str(target)], Config(), write=True)
    assert not run.changed and target.stat().st_mtime_ns == mtime


def test_mode_and_symlink_are_kept(tmp_path: Path) -> None:
    target = copy(tmp_path, "markers.md")
    os.chmod(target, 0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target.name)
    fix_paths([str(link)], Config(), write=True)
    assert link.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert b"END" not in target.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".lintkit-tmp")]


def test_write_atomic_failure_names_the_file(tmp_path: Path) -> None:
    from lintkit.errors import InputError

    with pytest.raises(InputError, match="cannot write"):
        write_atomic(str(tmp_path / "missing-dir" / "a.md"), b"x")


def test_diff_writes_nothing_and_shows_the_change(tmp_path: Path) -> None:
    target = copy(tmp_path, "bom.md")
    before = target.read_bytes()
    run = fix_paths([str(target)], Config(), write=False)
    assert target.read_bytes() == before
    diff = unified_diff(run.files[0])
    assert diff.startswith(f"--- {target}\n+++ {target}\n@@ ")
    assert "----END---\n\\ No newline at end of file\n" in diff
    # the diff applies: the + lines are what --fix writes
    fix_paths([str(target)], Config(), write=True)
    assert target.read_bytes() == run.files[0].fixed


def test_fix_respects_selection(tmp_path: Path) -> None:
    target = copy(tmp_path, "markers.md")
    run = fix_paths([str(target)], with_cli(Config(), METAS, select=("S106",)), write=True)
    assert run.applied == 0 and target.read_bytes() == (FIX / "markers.md").read_bytes()


# ---------------------------------------------------------------- the seed article (Must show)

@needs_shared
def test_seed_000_fix_removes_markers_and_duplicate_only(tmp_path: Path) -> None:
    if "S102" not in registry():
        pytest.skip("S102 duplicate-paragraph is not registered")
    target = tmp_path / "seed.md"
    shutil.copyfile(SEED_000, target)
    before = target.read_bytes()
    run, result = fix_then_lint([str(target)], Config())
    after = target.read_bytes()
    assert not run.errors
    deleted = only_deletions(before, after)
    original = before.decode("utf-8").split("\n")
    # the three separator/marker lines and the duplicate paragraph are gone...
    assert {72, 115, 151, 204} <= set(deleted)
    assert original[71] == "---" and original[150] == original[203] == "---END---"
    # ...and nothing else but blank lines beside them
    for n in set(deleted) - {72, 115, 151, 204}:
        assert original[n - 1].strip() == ""
        assert {n - 1, n + 1} & {72, 115, 151, 204}
    assert len(deleted) == 7
    assert not after.endswith(b"\n") and not before.endswith(b"\n")  # no final newline, as before
    assert after.count("さて、あなたは今後、どのようなAI技術に注目していきますか？".encode()) == 1
    # a second run finds nothing fixable and changes nothing
    plan = Plan(Config())
    remaining = plan.check_source(decode(str(target), after)).findings
    assert not [f for f in remaining if f.fix is not None and f.fix.safe]
    again = fix_paths([str(target)], Config(), write=True)
    assert again.applied == 0 and target.read_bytes() == after
    assert lint_paths([str(target)], Config()).findings == result.findings
