"""Repository-wide pytest setup: modules whose doctests need an optional extra."""

from __future__ import annotations

import importlib.util

# sla_calendar.calendar.arrays and sla_calendar._search work on numpy arrays; without
# numpy (the plain `test` extra) their doctests cannot run, and tests/test_arrays.py and
# tests/test_search.py skip for the same reason.
_NUMPY_DOCTESTS = ["src/sla_calendar/calendar/arrays.py", "src/sla_calendar/_search.py"]
collect_ignore = [] if importlib.util.find_spec("numpy") else _NUMPY_DOCTESTS
