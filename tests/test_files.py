"""The one atomic writer (``_files.write_atomically``) behind reports and command outputs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sla_calendar._files import write_atomically


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_the_default_permissions_after_the_umask(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        with write_atomically(tmp_path / "report.csv") as handle:
            handle.write("a\n")
    finally:
        os.umask(umask)
    assert _mode(tmp_path / "report.csv") == 0o640  # 0o666 less the umask, not 0o600


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o604)
    with write_atomically(target) as handle:
        handle.write("new\n")
    assert (target.read_text(encoding="utf-8"), _mode(target)) == ("new\n", 0o604)


def test_without_replace_an_existing_file_is_kept_and_no_temporary_is_left(
    tmp_path: Path,
) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old\n", encoding="utf-8")

    def write_new() -> None:
        with write_atomically(target, replace=False) as handle:
            handle.write("new\n")

    with pytest.raises(FileExistsError):
        write_new()
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


def test_a_failure_half_way_leaves_the_destination_as_it_was(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old\n", encoding="utf-8")

    def write_half() -> None:
        with write_atomically(target) as handle:
            handle.write("half")
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        write_half()
    assert target.read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.csv"]


def test_a_symbolic_link_is_replaced_not_followed(tmp_path: Path) -> None:
    kept = tmp_path / "kept.csv"
    kept.write_text("kept\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(kept)
    with write_atomically(link) as handle:
        handle.write("new\n")
    assert not link.is_symlink()
    assert (kept.read_text(encoding="utf-8"), link.read_text(encoding="utf-8")) == (
        "kept\n",
        "new\n",
    )
