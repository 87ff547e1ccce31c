"""Bytes that are not UTF-8 text: detected, named, never linted into mojibake."""

from __future__ import annotations

from pathlib import Path

import pytest

from badinputs import ARTICLE, ARTICLE_FINDINGS, JAPANESE, binary_bytes, write
from lintkit.source import BinaryFile, EncodingError, decode

SELECT = ("--select", "S104,S106")


def test_utf8_bom_gives_the_same_findings_as_without(cli, tmp_path: Path) -> None:
    write(tmp_path / "plain.md", ARTICLE)
    write(tmp_path / "bom.md", b"\xef\xbb\xbf" + ARTICLE.encode())
    run = cli("check", "--format", "json", *SELECT, "plain.md", "bom.md")
    assert run.code == 1
    assert run.found() == {(p, c, n) for p in ("plain.md", "bom.md") for c, n in ARTICLE_FINDINGS}
    plain = [(f["line"], f["column"], f["end_column"]) for f in run.json()["findings"] if f["path"] == "plain.md"]
    bom = [(f["line"], f["column"], f["end_column"]) for f in run.json()["findings"] if f["path"] == "bom.md"]
    assert plain == bom  # the BOM is not a column


def test_bom_is_kept_for_writing_back() -> None:
    source = decode("a.md", b"\xef\xbb\xbf" + ARTICLE.encode())
    assert source.bom and not source.text.startswith("\ufeff")
    assert source.render(list(source.lines), list(source.endings)) == b"\xef\xbb\xbf" + ARTICLE.encode()


@pytest.mark.parametrize(("encoding", "data_of", "name"), [
    ("utf-16", lambda t: t.encode("utf-16-le"), "UTF-16LE"),  # no BOM
    ("utf-16-be", lambda t: t.encode("utf-16-be"), "UTF-16BE"),  # no BOM
    ("utf-16 bom", lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "UTF-16LE"),
    ("utf-16-be bom", lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "UTF-16BE"),
    ("utf-32 bom", lambda t: t.encode("utf-32"), "UTF-32LE"),
    ("shift_jis", lambda t: t.encode("shift_jis"), "Shift_JIS"),
    ("cp932", lambda t: (t + "①～").encode("cp932"), "Shift_JIS"),
    ("euc-jp", lambda t: t.encode("euc_jp"), "EUC-JP"),
    ("iso-2022-jp", lambda t: t.encode("iso2022_jp"), "ISO-2022-JP"),
])
def test_other_encodings_are_named_and_exit_2(cli, tmp_path: Path, encoding: str, data_of, name: str) -> None:
    text = ARTICLE + JAPANESE * 3
    write(tmp_path / "post.md", data_of(text))
    write(tmp_path / "good.md", ARTICLE)
    run = cli("check", "--format", "json", *SELECT, ".")
    assert run.code == 2
    assert run.found() == {("./good.md", c, n) for c, n in ARTICLE_FINDINGS}  # no mojibake findings
    assert len(run.err_lines) == 1
    assert run.err_lines[0].startswith(f"lintkit: ./post.md: encoding is {name} (")
    assert run.err_lines[0].endswith("not UTF-8; save the file as UTF-8")
    with pytest.raises(EncodingError) as info:
        decode("post.md", data_of(text))
    assert info.value.encoding == name


@pytest.mark.parametrize("text", ["本文。\n", "短い", "ＡＢＣ全角と半角ｶﾀｶﾅ\n" * 40])
def test_short_and_odd_japanese_still_detected_as_shift_jis(text: str) -> None:
    with pytest.raises(EncodingError) as info:
        decode("a.md", text.encode("cp932"))
    assert info.value.encoding == "Shift_JIS"


def test_invalid_utf8_names_line_and_column(cli, tmp_path: Path) -> None:
    data = "一行目\n二行目の途中で".encode() + b"\xff\xfe" + "壊れます\n".encode()
    write(tmp_path / "bad.md", data)
    run = cli("check", "bad.md")
    assert run.code == 2
    assert run.err_lines == ["lintkit: bad.md:2: not valid UTF-8 (byte 0xff at column 8); save the file as UTF-8"]
    assert "bad.md:" not in run.out


def test_bom_is_not_a_column_of_a_bad_byte() -> None:
    with pytest.raises(EncodingError) as info:
        decode("b.md", b"\xef\xbb\xbf" + "本文".encode() + b"\xff")
    assert info.value.line == 1 and "column 3" in info.value.message


def test_truncated_multibyte_sequence_at_end_of_file() -> None:
    data = "末尾の文字が切れた".encode()[:-1]
    with pytest.raises(EncodingError) as info:
        decode("cut.md", data)
    assert info.value.line == 1 and info.value.encoding is None
    assert "column 9" in info.value.message


def test_lone_surrogate_encoded_as_utf8_is_invalid() -> None:
    with pytest.raises(EncodingError):
        decode("s.md", "前".encode() + b"\xed\xa0\x80")


def test_nul_byte_in_text_is_an_error_with_its_position(cli, tmp_path: Path) -> None:
    write(tmp_path / "nul.md", "# 見出し\n\n本文の\x00途中にNUL\n")
    run = cli("check", "nul.md")
    assert run.code == 2
    assert run.err_lines == ["lintkit: nul.md:3: NUL byte at column 4; remove it"]


def test_many_nul_bytes_make_a_binary_file() -> None:
    with pytest.raises(BinaryFile):
        decode("zeros.md", b"\x00" * 4096)


def test_binary_file_is_skipped_with_one_note_and_exit_code_unchanged(cli, tmp_path: Path) -> None:
    write(tmp_path / "image.md", binary_bytes())
    write(tmp_path / "clean.md", "## 見出し\n\n本文です。\n")
    run = cli("check", "--format", "json", *SELECT, ".")
    assert run.code == 0  # a note, not an error: the binary file is not an article
    assert run.err_lines == ["lintkit: ./image.md: binary file, skipped"]
    assert run.json()["summary"]["files"] == 1
    write(tmp_path / "post.md", ARTICLE)
    run = cli("check", *SELECT, ".")
    assert run.code == 1  # findings elsewhere still decide the exit code
    assert run.err_lines == ["lintkit: ./image.md: binary file, skipped"]


def test_binary_on_stdin_is_a_note(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(binary_bytes())))
    run = cli("check", "-")
    assert run.code == 0
    assert run.err_lines == ["lintkit: -: binary file, skipped"]


@pytest.mark.parametrize("data", [
    b"", b"\xef\xbb\xbf", b"\n", b"\r\n", b"\r", b"---", b"\xff", b"\xfe\xff", b"\x00", b"\x1b$B",
    b"\xe3\x81", b"# \xe6\x97\xa5", b"\x1b[31m\xe8\xb5\xa4\x1b[0m\n",
])
def test_tiny_inputs_never_crash(data: bytes) -> None:
    try:
        decode("tiny.md", data)
    except (EncodingError, BinaryFile):
        pass
