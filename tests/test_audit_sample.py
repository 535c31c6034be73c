"""The bundled sample: current with its script, covering the hard days, audited alike.

The script is deterministic, so the committed CSV must equal its output byte for byte.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from sla_calendar import DayKind, kyiv_calendar
from sla_calendar.audit import AuditReport, Extension, Verdict, audit, sample_tickets_path

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    path = ROOT / "scripts" / "make_sample_tickets.py"
    spec = importlib.util.spec_from_file_location("make_sample_tickets", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def report() -> AuditReport:
    return audit(sample_tickets_path())


def test_committed_sample_equals_the_script_output() -> None:
    assert sample_tickets_path().read_text(encoding="utf-8") == _script().render()


def test_sample_counts_and_its_three_bad_rows(report: AuditReport) -> None:
    assert report.rows_in == 3003 == len(report.rows) + len(report.errors)
    assert [(e.ticket_id, e.column) for e in report.errors] == [
        ("T90001", "tier"),
        ("T90002", "first_response_at"),
        ("T90003", "received_at"),
    ]


def test_sample_covers_the_hard_days_and_cases(report: AuditReport) -> None:
    working = kyiv_calendar()
    rows = list(report.rows)
    kinds = Counter(working.day_info(row.received_at.date()).kind for row in rows)
    for kind in (
        DayKind.HOLIDAY,  # before martial law (24 February 2022)
        DayKind.HOLIDAY_WORKED,  # during it
        DayKind.TRANSFERRED_WORKING_DAY,
        DayKind.TRANSFERRED_DAY_OFF,
    ):
        assert kinds[kind] >= 5, kind
    dst_nights = [
        row
        for row in rows
        if row.received_at.replace(hour=0, minute=0).utcoffset()
        != row.received_at.replace(hour=12, minute=0).utcoffset()
    ]
    assert len(dst_nights) >= 5
    assert sum(1 for row in rows if row.pauses) >= 100
    extensions = Counter(row.extension for row in rows)
    assert extensions[Extension.VALID] >= 20
    assert extensions[Extension.LATE] >= 20
    assert report.summary.reaction_breaches >= 50
    assert report.summary.processing_breaches >= 50
    assert any(row.processing_status is Verdict.OPEN for row in rows)


def test_both_engines_agree_on_the_sample(report: AuditReport) -> None:
    pytest.importorskip("numpy")
    # engine="python" also reads the file row by row; the default reads it with pandas
    # when installed: the same rows, lines, verdicts and error messages either way.
    replayed = audit(sample_tickets_path(), engine="python")
    assert replayed._verdicts == report._verdicts
    assert replayed._tickets == report._tickets
    assert replayed.errors == report.errors
    assert replayed.summary == report.summary


def test_readme_shows_the_real_audit_output(capsys: pytest.CaptureFixture[str]) -> None:
    from sla_calendar.cli import main

    assert main(["audit", "--max-rejected", "3"]) == 0
    printed = capsys.readouterr().out.splitlines()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## What the main job prints", 1)[1].split("```text\n", 1)[1]
    shown = block.split("\n```", 1)[0].splitlines()
    assert [line for line in shown if line != "  ..."] == [
        line for line in printed if line in shown
    ]
    assert len(shown) > 30
