"""Character ranges to read, as the normalizers' ``within=`` arguments take them."""

from __future__ import annotations

from collections.abc import Sequence


def merged(ranges: Sequence[tuple[int, int]] | None, n: int) -> list[tuple[int, int]]:
    """Ranges clipped to ``[0, n]``, sorted, with overlapping ones joined; ``None`` is
    the whole text.

    Example:
        >>> merged([(30, 50), (0, 10), (5, 20), (60, 99)], 70)
        [(0, 20), (30, 50), (60, 70)]
        >>> merged(None, 70)
        [(0, 70)]
    """
    if ranges is None:
        return [(0, n)]
    out: list[tuple[int, int]] = []
    # Sorted before clipping: clipping keeps the order of the starts, and ranges
    # with equal starts merge alike in either order.
    for lo, hi in sorted(ranges):
        if lo < 0:
            lo = 0
        if hi > n:
            hi = n
        if out and lo <= out[-1][1]:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        elif lo < hi:
            out.append((lo, hi))
    return out
