"""Characters betalint classifies with the standard library, and when it needs PyPI's
``regex``.

Unicode property classes (``\\p{L}``…) are not in ``re``. ``regex`` has them, but importing
it costs a small run 5–6 ms. Most of what a French site writes lies in two stretches of
Unicode: the Latin scripts (below U+0250) and general punctuation (U+2000–U+206F: ’ “ ” …
– — and the narrow no-break space). For text within them the callers classify characters
by their general category (:mod:`unicodedata`). Tests compare every character of both
stretches with ``regex``'s classes, so these quick answers are the ones ``regex`` gives.
"""

from __future__ import annotations

import re

#: The stretches of code points the quick paths know, as ``range`` bounds.
COMMON_RANGES = ((0x0000, 0x0250), (0x2000, 0x2070))
_LATIN_END = "\u0250"
_UNCOMMON = re.compile("[^\\x00-\\u024f\\u2000-\\u206f]")


def common(text: str) -> bool:
    """Whether every character of `text` lies in :data:`COMMON_RANGES`."""
    return not text or max(text) < _LATIN_END or _UNCOMMON.search(text) is None


def common_chars() -> list[str]:
    """Every character of :data:`COMMON_RANGES`."""
    return [chr(i) for low, high in COMMON_RANGES for i in range(low, high)]
