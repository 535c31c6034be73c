"""The command's files and terminal: streams read once, outputs atomic, data escaped, no traceback.

Cases that depend on what a process sees (a pipe, a FIFO, ``-``, the output's encoding,
a traceback) run the installed command in a subprocess; the others call ``main``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sla_calendar.cli import main
from sla_calendar.cli.files import (
    InputError,
    InputSpool,
    atomic_output,
    check_output,
    check_outputs,
    is_stream,
)
from sla_calendar.cli.terminal import escape, one_line

TICKETS = (
    "ticket_id,tier,received_at,first_response_at\n"
    "T1,standard,2026-11-20T17:30+02:00,2026-11-23T10:00+02:00\n"
    "T2,emergency,2026-11-20T17:30+02:00,2026-11-24T10:00+02:00\n"
    "T3,gold,2026-11-20T17:30+02:00,\n"
)
"""Three rows: two tickets evaluated (T2 breached), one refused (an unknown tier)."""

ROWS = "SLA audit: 3 rows read, 2 tickets evaluated, 1 rows in errors"
EVIL_ID = "T\x1b]0;owned\x07\x1b[2J\r\u202eX"
"""A ticket id that sets a terminal's title, clears its screen and reverses its text."""


def sla(
    *argv: str,
    cwd: Path,
    stdin: bytes | int | None = None,
    env: dict[str, str] | None = None,
    pass_fds: tuple[int, ...] = (),
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m sla_calendar`` with ``argv``, a minute at most."""
    return subprocess.run(
        [sys.executable, "-m", "sla_calendar", *tolerant(argv)],
        cwd=cwd,
        input=stdin if isinstance(stdin, bytes) else None,
        stdin=stdin if isinstance(stdin, int) else None,
        capture_output=True,
        env={**os.environ, **(env or {})},
        pass_fds=pass_fds,
        timeout=60,
        check=False,
    )


def decoded(done: subprocess.CompletedProcess[bytes]) -> tuple[str, str]:
    return done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")


def one_error_line(err: str) -> str:
    """The single line a failure writes to stderr (no traceback)."""
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    assert err.startswith("sla-calendar: error: ")
    return err.rstrip("\n")


@pytest.fixture
def tickets(tmp_path: Path) -> Path:
    path = tmp_path / "tickets.csv"
    path.write_text(TICKETS, encoding="utf-8")
    return path


def tolerant(argv: tuple[str, ...]) -> list[str]:
    """``argv``, an audit told that the fixture's one rejected row is expected (status 0,
    not 3): these tests are about files and the terminal, not exit statuses."""
    if argv[:1] == ("audit",) and "--max-rejected" not in argv:
        return ["audit", "--max-rejected", "1", *argv[1:]]
    return list(argv)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(tolerant(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ inputs read in one pass


def test_a_pipe_named_dev_stdin_is_audited_whole(tmp_path: Path) -> None:
    done = sla("audit", "/dev/stdin", cwd=tmp_path, stdin=TICKETS.encode())
    out, err = decoded(done)
    assert (done.returncode, err) == (0, "")
    assert ROWS in out
    assert out.startswith("Audit of '/dev/stdin'")


def test_a_dash_reads_standard_input(tmp_path: Path) -> None:
    out, err = decoded(sla("audit", "-", cwd=tmp_path, stdin=TICKETS.encode()))
    assert err == ""
    assert ROWS in out


def test_process_substitution_is_read_once(tmp_path: Path) -> None:
    # <(cat tickets.csv) is a pipe the shell names /dev/fd/N.
    read_end, write_end = os.pipe()
    writer = threading.Thread(target=_write_and_close, args=(write_end, TICKETS.encode()))
    writer.start()
    try:
        done = sla("audit", f"/dev/fd/{read_end}", cwd=tmp_path, pass_fds=(read_end,))
    finally:
        os.close(read_end)
        writer.join()
    assert ROWS in decoded(done)[0]


def _write_and_close(fd: int, data: bytes) -> None:
    with open(fd, "wb") as pipe:
        pipe.write(data)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_opened_once_and_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "tickets.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_text, args=(TICKETS,))
    writer.start()
    done = sla("audit", str(fifo), cwd=tmp_path)  # 60 s at most; a second open waits forever
    writer.join()
    assert ROWS in decoded(done)[0]


def test_a_piped_servicenow_log_and_pauses_file_are_read(tmp_path: Path) -> None:
    log = (
        "number,incident_state,sys_updated_at,opened_at,priority,resolved_at,made_sla\n"
        "INC1,New,1/3/2016 09:00,1/3/2016 08:50,3 - Moderate,?,true\n"
        "INC1,Resolved,2/3/2016 12:00,1/3/2016 08:50,3 - Moderate,2/3/2016 11:00,true\n"
    )
    done = sla(
        "audit", "-", "--servicenow", "--assume-tz", "Europe/Kyiv", cwd=tmp_path, stdin=log.encode()
    )
    assert "SLA audit: 1 rows read, 1 tickets evaluated" in decoded(done)[0]
    (tmp_path / "t.csv").write_text(TICKETS, encoding="utf-8")
    pauses = "ticket_id,paused_at,resumed_at\nT1,2026-11-23T11:00+02:00,2026-11-23T12:00+02:00\n"
    done = sla("audit", "t.csv", "--pauses", "-", cwd=tmp_path, stdin=pauses.encode())
    out, err = decoded(done)
    assert err == ""
    assert ROWS in out


def test_a_dash_reads_a_text_stream_put_in_place_of_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(TICKETS))
    code, out, err = run(capsys, "audit", "-")
    assert (code, err) == (0, "")
    assert ROWS in out
    monkeypatch.setattr(sys, "stdin", None)
    code, out, err = run(capsys, "audit", "-")
    assert (code, out) == (1, "")
    assert one_error_line(err) == "sla-calendar: error: cannot read '-': there is no standard input"


def test_a_regular_file_is_not_copied(tickets: Path) -> None:
    with InputSpool() as spool:
        assert spool.path(str(tickets)) == str(tickets)
    assert not is_stream(str(tickets))
    assert not is_stream(str(tickets.parent))  # a directory: refused when read, not copied
    assert not is_stream(str(tickets.parent / "missing.csv"))


def test_a_missing_input_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "audit", str(tmp_path / "missing.csv"))
    assert (code, out) == (1, "")
    assert one_error_line(err).endswith("missing.csv': No such file or directory")


# ------------------------------------------------------------------ outputs


def test_output_is_written_whole_with_no_temporary_left(
    capsys: pytest.CaptureFixture[str], tickets: Path
) -> None:
    report = tickets.parent / "report.json"
    code, out, err = run(capsys, "audit", str(tickets), "--format", "json", "--output", str(report))
    assert (code, err) == (0, "")
    assert out.startswith("wrote the json report of 2 tickets (1 rows in errors) to ")
    assert sorted(p.name for p in tickets.parent.iterdir()) == ["report.json", "tickets.csv"]
    code, printed, _ = run(capsys, "audit", str(tickets), "--format", "json")
    assert report.read_text(encoding="utf-8") == printed


def test_an_existing_output_is_kept_unless_force(
    capsys: pytest.CaptureFixture[str], tickets: Path
) -> None:
    report = tickets.parent / "report.csv"
    report.write_text("precious\n", encoding="utf-8")
    code, out, err = run(capsys, "audit", str(tickets), "--format", "csv", "--output", str(report))
    assert (code, out) == (1, "")
    assert one_error_line(err) == (
        f"sla-calendar: error: cannot write {str(report)!r}: it exists; pass --force to "
        "replace it, or name another file"
    )
    assert report.read_text(encoding="utf-8") == "precious\n"
    code, out, err = run(
        capsys, "audit", str(tickets), "--format", "csv", "--output", str(report), "--force"
    )
    assert (code, err) == (0, "")
    assert report.read_text(encoding="utf-8").startswith('"line","ticket_id",')


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
@pytest.mark.parametrize("how", ["same-name", "hard-link", "symlink", "relative-path"])
def test_the_input_is_never_overwritten(
    capsys: pytest.CaptureFixture[str],
    tickets: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
    force: list[str],
) -> None:
    output = {
        "same-name": tickets,
        "hard-link": tickets.parent / "hard.csv",
        "symlink": tickets.parent / "link.csv",
        "relative-path": Path("sub/../tickets.csv"),
    }[how]
    if how == "hard-link":
        os.link(tickets, output)
    elif how == "symlink":
        output.symlink_to(tickets.name)
    elif how == "relative-path":
        (tickets.parent / "sub").mkdir()
        monkeypatch.chdir(tickets.parent)
    code, out, err = run(
        capsys, "audit", str(tickets), "--format", "csv", "--output", str(output), *force
    )
    assert (code, out) == (1, "")
    assert one_error_line(err) == (
        f"sla-calendar: error: cannot write {str(output)!r}: it is the input "
        f"{str(tickets)!r}; expected another file"
    )
    assert tickets.read_text(encoding="utf-8") == TICKETS


def test_standard_input_redirected_from_the_output_is_refused(tickets: Path) -> None:
    with tickets.open("rb") as stdin:
        done = sla(
            "audit",
            "-",
            "--output",
            "tickets.csv",
            "--force",
            cwd=tickets.parent,
            stdin=stdin.fileno(),
        )
    assert done.returncode == 1
    assert one_error_line(decoded(done)[1]).endswith(
        "cannot write 'tickets.csv': it is the input '-'; expected another file"
    )
    assert tickets.read_text(encoding="utf-8") == TICKETS


def test_force_replaces_a_symlink_not_the_file_it_points_to(
    capsys: pytest.CaptureFixture[str], tickets: Path
) -> None:
    elsewhere = tickets.parent / "elsewhere.txt"
    elsewhere.write_text("someone else's\n", encoding="utf-8")
    link = tickets.parent / "report.txt"
    link.symlink_to(elsewhere.name)
    code, _, err = run(capsys, "audit", str(tickets), "--output", str(link), "--force")
    assert (code, err) == (0, "")
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8").startswith("Audit of ")
    assert elsewhere.read_text(encoding="utf-8") == "someone else's\n"


@pytest.mark.parametrize(
    ("where", "reason"),
    [("no/such/dir/report.txt", "No such file or directory"), (".", "it is a directory")],
    ids=["missing-directory", "a-directory"],
)
def test_an_output_that_cannot_be_written_is_one_line(
    capsys: pytest.CaptureFixture[str], tickets: Path, where: str, reason: str
) -> None:
    target = str(tickets.parent / where)
    code, out, err = run(capsys, "audit", str(tickets), "--output", target, "--force")
    assert (code, out) == (1, "")
    assert reason in one_error_line(err)
    assert target in err


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    capsys: pytest.CaptureFixture[str], tickets: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = tickets.parent / "report.txt"
    report.write_text("yesterday's report\n", encoding="utf-8")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    code, out, err = run(capsys, "audit", str(tickets), "--output", str(report), "--force")
    assert (code, out) == (1, "")
    assert one_error_line(err) == (
        f"sla-calendar: error: cannot write {str(report)!r}: No space left on device"
    )
    assert report.read_text(encoding="utf-8") == "yesterday's report\n"
    assert sorted(p.name for p in tickets.parent.iterdir()) == ["report.txt", "tickets.csv"]


@pytest.mark.parametrize("raised", [RuntimeError, KeyboardInterrupt], ids=["error", "interrupt"])
def test_atomic_output_removes_its_temporary_on_any_exit(
    tmp_path: Path, raised: type[BaseException]
) -> None:
    def write_half() -> None:
        with atomic_output(str(tmp_path / "out.txt")) as handle:
            handle.write("half")
            raise raised

    with pytest.raises(raised):
        write_half()
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_appears_meanwhile_is_not_clobbered(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"

    def write_while_another_does() -> None:
        with atomic_output(str(target)) as handle:
            handle.write("ours")
            target.write_text("theirs", encoding="utf-8")  # another process, meanwhile

    with pytest.raises(InputError, match="it exists; pass --force"):
        write_while_another_does()
    assert target.read_text(encoding="utf-8") == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_permissions_are_the_umasks_or_the_replaced_files(tmp_path: Path) -> None:
    umask = os.umask(0o027)
    try:
        with atomic_output(str(tmp_path / "new.txt")) as handle:
            handle.write("x")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
    old = tmp_path / "old.txt"
    old.write_text("x", encoding="utf-8")
    old.chmod(0o600)
    with atomic_output(str(old), force=True) as handle:
        handle.write("y")
    assert stat.S_IMODE(old.stat().st_mode) == 0o600


def test_two_outputs_naming_one_file_are_refused(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    report, same = str(tmp_path / "report.csv"), str(tmp_path / "sub" / ".." / "report.csv")
    check_outputs([report, None, str(tmp_path / "errors.csv")], inputs=["-"])
    with pytest.raises(InputError) as caught:
        check_outputs([report, same])
    assert str(caught.value) == (
        f"cannot write {same!r}: {report!r} is written there too; expected a file of its own "
        "for each output"
    )


def test_standard_input_named_twice_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "audit", "-", "--pauses", "-")
    assert (code, out) == (1, "")
    assert one_error_line(err) == (
        "sla-calendar: error: standard input ('-') can be read once; expected it for one "
        "input, a file for the others"
    )


def test_check_output_passes_a_fresh_name_and_names_what_it_refuses(tmp_path: Path) -> None:
    check_output(str(tmp_path / "fresh.txt"), inputs=[None, str(tmp_path / "in.csv")])
    dangling = tmp_path / "dangling"
    dangling.symlink_to("nowhere")
    with pytest.raises(InputError, match="it exists"):
        check_output(str(dangling))
    check_output(str(dangling), force=True)


# ------------------------------------------------------------------ the terminal


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_data_prints_escaped_in_the_table(tmp_path: Path) -> None:
    write_rows(
        tmp_path / "evil.csv",
        [
            ["ticket_id", "tier", "received_at", "first_response_at"],
            [EVIL_ID, "standard", "2026-11-20T17:30+02:00", "2026-12-20T17:30+02:00"],
        ],
    )
    done = sla("audit", "evil.csv", cwd=tmp_path)
    out, err = decoded(done)
    assert (done.returncode, err) == (0, "")
    assert "T\\u001b]0;owned\\u0007\\u001b[2J\\u000d\\u202eX (standard, line 2)" in out
    assert not any(c in out for c in "\x1b\x07\r\u202e")


def test_csv_to_a_pipe_is_the_data_as_it_is(tmp_path: Path) -> None:
    write_rows(
        tmp_path / "evil.csv",
        [["ticket_id", "tier", "received_at"], [EVIL_ID, "standard", "2026-11-20T17:30+02:00"]],
    )
    out, err = decoded(sla("audit", "evil.csv", "--format", "csv", cwd=tmp_path))
    assert err == ""
    assert "\x1b]0;owned\x07" in out  # data for a program, not a screen: exact


def test_an_error_quotes_a_short_escaped_prefix_of_an_unknown_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    secret = tmp_path / "shadow"
    lines = ["root:" + "S3CRET" * 2000 + "\x1b[2J:18000:0:99999:7:::", "bin:*:18000:0:99999:7:::"]
    secret.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(capsys, "audit", str(secret))
    assert (code, out) == (1, "")
    line = one_error_line(err)
    assert len(line) < 500
    assert "\x1b" not in line
    assert ":18000:" not in line


# ------------------------------------------------------------------ never a traceback


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["deadline", "--received", "0001-01-01T00:00+01:00"],
            "--received='0001-01-01T00:00+01:00' lies outside years 1..9999 in UTC",
        ),
        (
            ["audit", "--as-of", "0001-01-01T00:00+05:00"],
            "--as-of='0001-01-01T00:00+05:00' lies outside years 1..9999 in UTC",
        ),
    ],
    ids=["deadline-received-before-year-1", "audit-as-of-before-year-1"],
)
def test_an_instant_outside_the_years_is_one_line_status_1(
    tmp_path: Path, argv: list[str], message: str
) -> None:
    done = sla(*argv, cwd=tmp_path)
    assert done.returncode == 1
    assert message in one_error_line(decoded(done)[1])


@pytest.mark.parametrize("command", ["audit", "deadline"])
def test_a_zone_name_of_300_characters_is_a_usage_error(tmp_path: Path, command: str) -> None:
    argv = [command, "--assume-tz", "Europe/" + "K" * 293]
    if command == "deadline":
        argv += ["--received", "2026-11-20T17:30"]
    done = sla(*argv, cwd=tmp_path)
    line = one_error_line(decoded(done)[1])
    assert done.returncode == 2
    assert "is not a known IANA time zone" in line
    assert len(line) < 500


def test_an_ascii_terminal_gets_escapes_a_note_and_status_0(tmp_path: Path) -> None:
    done = sla(
        "deadline",
        "--received",
        "2026-11-20T17:30+02:00",
        "--explain",
        cwd=tmp_path,
        env={"PYTHONIOENCODING": "ascii"},
    )
    out, err = decoded(done)
    assert done.returncode == 0
    assert "  Mon 23 Nov 09:00\\u201318:00 9:00" in out.splitlines()
    assert err == (
        "sla-calendar: note: stdout's encoding (ascii) cannot show some characters; they are "
        "written as \\u escapes\n"
    )


def test_a_servicenow_log_cut_short_is_one_line(tmp_path: Path) -> None:
    log = (
        "number,incident_state,sys_updated_at,opened_at,priority,resolved_at,made_sla\n"
        "INC1,New,1/3/2016 09:00,1/3/2016 08:50,3 - Moderate,?,true\n"
        "INC1,Resolved,2/3/2016 12:00\n"
    )
    (tmp_path / "log.csv").write_text(log, encoding="utf-8")
    done = sla("audit", "log.csv", "--servicenow", "--assume-tz", "Europe/Kyiv", cwd=tmp_path)
    out, err = decoded(done)
    if done.returncode == 0:  # the row read as a row error
        assert "rows read" in out
    else:
        assert done.returncode in (1, 70)
        one_error_line(err)


@settings(max_examples=40)
@given(
    st.lists(
        st.sampled_from(
            [
                "audit",
                "deadline",
                "calendar",
                "--received",
                "--as-of",
                "--assume-tz",
                "--tier",
                "--explain",
                "--format",
                "csv",
                "json",
                "--output",
                "--force",
                "--month",
                "-",
                "0001-01-01T00:00+14:00",
                "9999-12-31T23:59-14:00",
                "2026-11-20T17:30",
                "Europe/Kyiv",
                "\x1b[2J",
                "9999",
                "0",
                "12",
            ]
        ),
        max_size=6,
    )
)
def test_the_command_answers_any_arguments_in_one_line(argv: list[str]) -> None:
    stdin, stdout, stderr = io.StringIO(""), io.StringIO(), io.StringIO()
    argv = [a if a != "--output" else "--output=/dev/null/report" for a in argv]
    with (
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
        _stdin(stdin),
    ):
        code = main(argv, now=datetime(2026, 11, 23, 12, tzinfo=UTC))
    err = stderr.getvalue()
    assert code in (0, 1, 2, 3, 4), (argv, err)  # 3, 4: audit statuses
    assert err.count("\n") == (0 if code == 0 else 1), err
    assert "Traceback" not in err
    assert "\x1b" not in stdout.getvalue() + err


@contextlib.contextmanager
def _stdin(stream: io.StringIO) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = stream
    try:
        yield
    finally:
        sys.stdin = saved


def test_a_defect_is_one_line_status_70(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**options: object) -> None:
        raise OverflowError("date value out of range")

    monkeypatch.setattr("sla_calendar.cli.commands.kyiv_calendar", broken)
    code, out, err = run(capsys, "deadline", "--received", "2026-11-20T17:30+02:00")
    assert (code, out) == (70, "")
    assert one_error_line(err) == (
        "sla-calendar: error: internal error, please report it: OverflowError: date value "
        "out of range"
    )


# ------------------------------------------------------------------ escaping, as a property

_UNSAFE = {chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]} - {"\n"} | set(
    "\u2028\u2029\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@given(st.text(st.characters(codec="utf-8")))
def test_escape_leaves_no_control_character_and_keeps_the_rest(text: str) -> None:
    escaped = escape(text)
    assert not _UNSAFE & set(escaped)
    assert escaped.count("\n") == text.count("\n")
    safe = "".join(c for c in text if c not in _UNSAFE)
    assert escape(safe) == safe  # Cyrillic, emoji and accents are left as they are
    if "\\u" not in text:  # then every escape is ours, and reads back to the character
        assert re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), escaped) == text


@given(st.text(st.characters(codec="utf-8"), max_size=2000), st.integers(1, 500))
def test_one_line_is_one_short_line(message: str, limit: int) -> None:
    line = one_line(message, limit)
    assert "\n" not in line
    assert not _UNSAFE & set(line)
    assert len(line) <= limit + len(" … (0000 more characters)")
