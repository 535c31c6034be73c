"""The column readers' shortcuts held to the row parser: pyarrow's ISO 8601 reading of a
whole column (``arrow_instants``) and the 64-bit keys that prove ticket ids distinct
(``TextArray.keys``, ``text_key``). A shortcut may decline a column (the row parser then
reads it); it must never read a cell otherwise than the row parser does."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sla_calendar import InvalidValueError
from sla_calendar.audit import TimestampRules, audit
from sla_calendar.audit.rows import PLAUSIBLE_FIRST_US
from sla_calendar.audit.textcolumns import TextArray, arrow_instants, text_key

np = pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")
RULES = TimestampRules()


def _pick(good: list[str], odd: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(good) | st.sampled_from(odd)


@st.composite
def timestamp_texts(draw: st.DrawFn) -> str:
    """ISO 8601 timestamps as exports write them, and the near misses of each part."""
    year = draw(_pick(["2021", "1991", "2199", "0001", "9999"], ["0000", "1899", "20211", "21"]))
    month = draw(_pick(["01", "02", "12"], ["00", "13", "1"]))
    day = draw(_pick(["01", "28", "29", "31"], ["00", "32", "1"]))
    sep = draw(_pick(["T", " "], ["t", "", "_", "  "]))
    hour = draw(_pick(["00", "09", "23"], ["24", "9"]))
    minute = draw(_pick([":00", ":59", ""], [":60", ":5", "00"]))
    second = draw(
        _pick(
            [":00", ":59", "", ":00.5", ":07.000001", ":30.123456"],
            [":60", ":00.1234567", ":00.", ":00,5", "00"],
        )
    )
    offset = draw(
        _pick(
            ["Z", "+02:00", "+03:00", "-05:00", "+0200", "+02", "-00:00", "+05:30", "+23:59"],
            ["", "z", "+2", "+24:00", "+02:00:30", " +02:00", "UTC", "+02:0"],
        )
    )
    text = f"{year}-{month}-{day}{sep}{hour}{minute}{second}{offset}"
    if draw(st.booleans()):
        return text
    edit = draw(st.integers(0, len(text)))
    return text[:edit] + draw(st.sampled_from(["", " ", "0", ":", "+", "."])) + text[edit + 1 :]


def _row_parser(text: str) -> int | None:
    try:
        return RULES.parse(text, "received_at")
    except InvalidValueError:
        return None


@settings(max_examples=400)
@given(timestamp_texts())
@example("0000-02-28T23:59Z")  # year 0: pyarrow reads it, fromisoformat refuses it
@example("2021-01-01T09+02")
@example("2021-01-01 09:00:00.5-00:00")
def test_pyarrow_reads_a_timestamp_as_the_row_parser_does_or_declines(text: str) -> None:
    got = arrow_instants(pa.array([text]), np.zeros(1, dtype=bool))
    expected = _row_parser(text)
    if got is None:
        return  # declined: the column goes to the other readers
    if expected is None:
        # The one cell pyarrow takes and the row parser refuses: before the plausible
        # years, so the row is sent to the row parser for its message.
        assert int(got[0]) < PLAUSIBLE_FIRST_US
    else:
        assert int(got[0]) == expected


@given(st.lists(timestamp_texts() | st.just(""), min_size=1, max_size=8))
def test_a_column_is_read_whole_or_declined_whole(texts: list[str]) -> None:
    blank = np.array([t == "" for t in texts], dtype=bool)
    got = arrow_instants(pa.array(texts), blank)
    each = [
        None if t == "" else arrow_instants(pa.array([t]), np.zeros(1, dtype=bool)) for t in texts
    ]
    if any(e is None for e, t in zip(each, texts, strict=True) if t):
        assert got is None
    else:
        assert got is not None
        assert got.tolist() == [0 if e is None else int(e[0]) for e in each]


@given(st.lists(st.text(max_size=20), max_size=12), st.booleans())
@example(["T1", "T1 ", "T1\x00", ""], False)
@example(["abcdefgh", "abcdefgh"], True)
def test_a_text_arrays_keys_are_text_key_of_each_cell(texts: list[str], one_width: bool) -> None:
    if one_width:
        texts = [t.ljust(9, "x")[:9] for t in texts]
    texts = [t.encode("utf-8", "replace").decode("utf-8") for t in texts]
    keys = TextArray.from_arrow(pa.array(texts, type=pa.string())).keys()
    assert keys.tolist() == [text_key(t) for t in texts]


def test_equal_texts_have_equal_keys_and_a_near_miss_differs() -> None:
    assert text_key("B0000001") == text_key("B0000001")
    assert len({text_key(t) for t in ["B1", "B1\x00", "B10", "1B", "", "\x00", "B" * 9]}) == 7


# ------------------------------------------------------------------ through audit()


def _both_readers(tmp_path: Path, text: str) -> tuple[list[int], list[tuple[int, str, str]]]:
    """Lines audited and errors, from the row reader, checked equal to the column reader's."""
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    answers = []
    for engine in ("python", "auto"):
        report = audit(path, engine=engine)  # type: ignore[arg-type]
        assert report.rows_in == len(report.rows) + len(report.errors)
        answers.append(
            (
                [(r.line, r.reaction_due, r.processing_status) for r in report.rows],
                [(e.line, e.column, e.message) for e in report.errors],
            )
        )
    assert answers[0] == answers[1]
    return [line for line, _, _ in answers[0][0]], answers[0][1]


HEADER = "ticket_id,tier,received_at,resolved_at\n"


def test_a_year_0_timestamp_gets_the_row_parsers_message(tmp_path: Path) -> None:
    text = HEADER + "T1,standard,2026-11-20T17:30+02:00,\nT2,standard,0000-01-01T00:00Z,\n"
    lines, errors = _both_readers(tmp_path, text)
    assert lines == [2]
    assert errors == [
        (
            3,
            "received_at",
            "received_at='0000-01-01T00:00Z' is not a timestamp; expected ISO 8601 such as "
            "'2026-11-20T17:30+02:00'",
        )
    ]


def test_seven_decimals_and_a_naive_time_are_left_to_the_row_parser(tmp_path: Path) -> None:
    text = (
        HEADER
        + "T1,standard,2026-11-20T17:30:00.1234567+02:00,\n"  # fromisoformat drops the 7th
        + "T2,standard,2026-11-20 17:30,\n"
        + "T3,standard,2026-11-20T17:30+0200,2026-11-23T10:00+02\n"
    )
    lines, errors = _both_readers(tmp_path, text)
    assert lines == [2, 4]
    assert [(line, column) for line, column, _ in errors] == [(3, "received_at")]


def test_ids_equal_after_trimming_are_repeats_in_every_reader(tmp_path: Path) -> None:
    row = "{},standard,2026-11-20T17:30+02:00,\n"
    text = HEADER + row.format("T1") + row.format(" T1") + row.format("T1 ") + row.format("T2")
    lines, errors = _both_readers(tmp_path, text)
    assert lines == [2, 5]
    assert [(line, column) for line, column, _ in errors] == [(3, "ticket_id"), (4, "ticket_id")]


def test_a_file_of_megabytes_is_read_alike_from_memory_of_huge_pages(tmp_path: Path) -> None:
    # Files over 4 MB are read into anonymous memory (frames._read_all): the same answers
    # as the rows given one by one, a byte-order mark and a bad row included.
    note = "n" * 500
    rows = [
        {
            "ticket_id": f"T{i}",
            "tier": ("standard", "emergency", "emergency_24_7")[i % 3],
            "received_at": f"2026-11-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}+02:00",
            "resolved_at": "" if i % 7 else f"2026-12-{1 + i % 28:02d}T10:00Z",
            "note": note,
        }
        for i in range(9_000)
    ]
    rows[4321]["received_at"] = "2026-11-31T10:00+02:00"
    lines = [",".join(rows[0])] + [",".join(row.values()) for row in rows]
    path = tmp_path / "big.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode())
    assert path.stat().st_size > 4 << 20
    from_file, from_rows = audit(path), audit(rows)
    assert from_file.rows_in == from_rows.rows_in == 9_000
    assert [(r.line, r.reaction_due, r.processing_status) for r in from_file.rows] == [
        (r.line + 1, r.reaction_due, r.processing_status) for r in from_rows.rows
    ]  # a file's line 2 is the first row
    assert [(e.line, e.message) for e in from_file.errors] == [
        (
            4323,
            "received_at='2026-11-31T10:00+02:00' is not a timestamp; expected ISO 8601 such "
            "as '2026-11-20T17:30+02:00'",
        )
    ]
    assert [(e.line + 1, e.message) for e in from_rows.errors] == [
        (e.line, e.message) for e in from_file.errors
    ]


_STAMPS = [
    "2026-11-20T10:00+02:00",
    "2026-11-20T11:00+02:00",
    "2026-11-20T12:30Z",
    "2026-11-21",
    "2026-11-20T10:00--05:00",
]


@st.composite
def pause_cells(draw: st.DrawFn) -> str:
    """A pauses cell as exports write it, and the near misses: blank items, doubled or
    missing slashes, ``--``, white space, pauses out of order."""
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(_STAMPS), st.sampled_from(_STAMPS)), max_size=3)
    )
    items = [f"{a}{draw(st.sampled_from(['/', '/', '//', '--', ' / ']))}{b}" for a, b in pairs]
    if draw(st.booleans()):
        items.insert(draw(st.integers(0, len(items))), draw(st.sampled_from(["", " ", "a/b/c"])))
    cell = ";".join(items)
    return draw(st.sampled_from(["{}", " {}", "{} ", "{}\u00a0"])).format(cell)


@settings(max_examples=60, deadline=None)
@given(st.lists(pause_cells(), min_size=1, max_size=5))
def test_pauses_cells_are_split_alike_by_pyarrow_and_by_python(
    tmp_path_factory: pytest.TempPathFactory, cells: list[str]
) -> None:
    header = "ticket_id,tier,received_at,resolved_at,pauses\n"
    body = "".join(
        f"T{i},standard,2026-11-20T09:00+02:00,2026-11-23T10:00+02:00,{cell}\n"
        for i, cell in enumerate(cells)
    )
    _both_readers(tmp_path_factory.mktemp("p"), header + body)


def test_to_pandas_is_the_same_frame_from_a_file_and_from_its_rows(tmp_path: Path) -> None:
    # The column reader hands to_pandas the ids as read by pyarrow and the client ids as
    # codes; rows dropped (a repeated id, a bad timestamp) and an id trimmed by the row
    # parser (' T9') must leave the frame as the rows given one by one make it.
    pd = pytest.importorskip("pandas")
    row = "{},{},standard,2026-11-{:02d}T10:00+02:00,2026-11-25T10:00+02:00\n"
    header = "ticket_id,client_id,tier,received_at,resolved_at\n"
    ids = ["T1", "T2", "T1", " T9", "T4", "T5"]
    clients = ["C1", "", "C2", " C1", "C3", "C1"]
    body = "".join(
        row.format(i, c, 2 + n) for n, (i, c) in enumerate(zip(ids, clients, strict=True))
    )
    body = body.replace("2026-11-06T10", "2026-11-31T10")  # T4: no such day
    for text in (header + body, header + body.replace(" T9", "T9")):
        path = tmp_path / "t.csv"
        path.write_text(text, encoding="utf-8")
        from_file = audit(path)
        rows = [
            dict(zip(header.strip().split(","), line.split(","), strict=True))
            for line in text.splitlines()[1:]
        ]
        from_rows = audit(rows).to_pandas()
        from_rows["line"] += 1  # a file's line 2 is the first row
        frame = from_file.to_pandas()
        assert [e.line for e in from_file.errors] == [4, 6]
        pd.testing.assert_frame_equal(frame, from_rows)
        frame.loc[0, "ticket_id"] = "changed"  # the frame owns its columns
        assert from_file.to_pandas().loc[0, "ticket_id"] == "T1"
