"""Sorted bounds searched in constant time, when they lie on a coarse grid (numpy).

A calendar's working intervals open and close on whole hours (or half hours, in a few
zones) of the UTC line, and their running totals of working time are whole hours too.
For bounds that are all ``origin + m * step`` for integers ``m``, the count of bounds at
or before ``x`` depends only on the grid cell ``(x - origin) // step``, so a table of
that count per cell answers ``numpy.searchsorted`` with one integer division (by a
constant, which numpy does without a hardware divide) and one lookup, instead of a
binary search whose unpredictable branches cost tens of nanoseconds per query. Bounds
on a fine grid (a table would be large) keep ``searchsorted``; both give the same
integers, and ``tests/test_search.py`` compares them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

__all__ = ["GridSearch"]

TABLE_LIMIT: Final = 1 << 20
"""The most grid cells a table may have (8 MB); bounds on a finer grid are bisected."""


@dataclass(frozen=True, slots=True, eq=False)
class GridSearch:
    """``numpy.searchsorted`` over fixed sorted ``int64`` bounds, by a grid table when the
    bounds lie on a coarse enough grid.

    >>> import numpy as np
    >>> search = GridSearch.over(np.array([10, 30, 30, 70], dtype=np.int64))
    >>> search.step, search.right(np.array([9, 10, 29, 30, 69, 70, 99])).tolist()
    (20, [0, 1, 1, 3, 3, 4, 4])
    >>> search.left(np.array([9, 10, 11, 30, 31, 70, 71])).tolist()
    [0, 0, 1, 1, 3, 3, 4]
    """

    bounds: Any
    origin: int
    step: int
    table: Any  # bounds at or before origin + k * step, for each cell k; None: bisect

    @classmethod
    def over(cls, bounds: Any, limit: int = TABLE_LIMIT) -> GridSearch:
        """A search over ``bounds`` (sorted, one-dimensional ``int64``; not copied)."""
        import numpy as np

        if len(bounds) < 2:
            return cls(bounds, 0, 1, None)
        first, last = int(bounds[0]), int(bounds[-1])
        step = int(np.gcd.reduce(bounds - first))
        if step == 0 or (last - first) // step + 2 > limit or last + 2 * step >= 1 << 63:
            return cls(bounds, 0, 1, None)
        origin = first - step  # every bound is origin + m * step with m >= 1
        cells = (last - origin) // step + 1  # the last cell starts at the last bound
        corners = origin + np.arange(cells, dtype=np.int64) * step
        table = np.searchsorted(bounds, corners, side="right").astype(np.int64)
        table.flags.writeable = False
        return cls(bounds, origin, step, table)

    def right(self, values: Any) -> Any:
        """``numpy.searchsorted(bounds, values, side="right")``: bounds at or before each."""
        import numpy as np

        if self.table is None:
            return np.searchsorted(self.bounds, values, side="right")
        cell = self._clipped(np, values, 0) - self.origin
        cell //= self.step
        return self.table[cell]

    def left(self, values: Any) -> Any:
        """``numpy.searchsorted(bounds, values, side="left")``: bounds before each."""
        import numpy as np

        if self.table is None:
            return np.searchsorted(self.bounds, values, side="left")
        # Bounds before x are those at or before the last corner before x: the corner of
        # cell ceil((x - origin) / step) - 1.
        cell = self.origin - self._clipped(np, values, 1)
        cell //= self.step
        np.negative(cell, out=cell)
        cell -= 1
        np.maximum(cell, 0, out=cell)
        return self.table[cell]

    def _clipped(self, np: Any, values: Any, beyond: int) -> Any:
        """The values moved into ``[origin, last corner + beyond steps]``, where the
        counts are the same as outside it: a difference from the origin then cannot
        overflow."""
        high = self.origin + (len(self.table) - 1 + beyond) * self.step
        return np.clip(values, self.origin, high)
