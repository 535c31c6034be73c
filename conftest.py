"""Repository-wide pytest setup: modules whose doctests need an optional extra."""

from __future__ import annotations

import importlib.util

# sla_calendar.arrays works on numpy arrays; without numpy (the plain `test` extra) its
# doctests cannot run, and tests/test_arrays.py skips for the same reason.
collect_ignore = [] if importlib.util.find_spec("numpy") else ["src/sla_calendar/calendar/arrays.py"]
