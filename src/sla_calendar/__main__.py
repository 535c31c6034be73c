"""``python -m sla_calendar``: the same command line as ``sla-calendar``."""

from __future__ import annotations

from sla_calendar.cli.main import main

if __name__ == "__main__":
    raise SystemExit(main())
