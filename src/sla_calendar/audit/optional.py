"""Optional packages (pandas, numpy, matplotlib, tqdm), imported only where used."""

from __future__ import annotations

from typing import Any

from sla_calendar.errors import InvalidValueError

__all__ = ["import_optional"]


def import_optional(module: str, extra: str) -> Any:
    """Import optional package ``module``, or say how to install it.

    The hint names the package itself (it is on PyPI; this one may not be), and the
    project's extra that brings it, for an install from a checkout or a built wheel.

    >>> import_optional("nope", "plot")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    sla_calendar.errors.InvalidValueError: this needs the optional package 'nope'; install ...
    """
    try:
        return __import__(module)
    except ImportError:
        raise InvalidValueError(
            f"this needs the optional package {module!r}; install it with: "
            f"pip install {module} (or the extra: pip install -e "
            f"'.[{extra}]' in a checkout, pip install "
            f"'dist/sla_calendar-VERSION-py3-none-any.whl[{extra}]' for a built wheel)"
        ) from None
