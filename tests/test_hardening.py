"""Unit tests for the hardening of the foundation modules (issue 9): each pins one limit or
one fix of a pathological case found by the hostile corpus or the fuzzer.

Timing assertions use bounds tens of times above the measured time of the fixed code and
far below the time of the quadratic (or exponential) code they replace, so they hold on a
loaded CI machine and still fail if the slow path comes back.
"""

from __future__ import annotations

import time

from betalint.liquid import OUTPUT, TAG, mask


def _timed(fn, *args):
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


# --- liquid.py ----------------------------------------------------------------------------


def test_mask_many_unterminated_outputs_is_linear():
    text = "{{ oups\n" * 100_000  # 800 kB: each opener used to search the rest of the file
    m, seconds = _timed(mask, text)
    assert len(m.text) == len(text)
    assert len(m.unterminated) == 100_000
    assert seconds < 5


def test_mask_many_tags_on_one_line_is_linear():
    text = "x {% if a %}y{% endif %}" * 50_000  # a minified one-line layout
    m, seconds = _timed(mask, text)
    assert len(m.text) == len(text) and TAG in m.text
    assert seconds < 5


def test_mask_tag_alone_on_a_crlf_line_is_blanked():
    m = mask("a\r\n{% if x %}\r\nb {{ y }}\r\n")
    assert m.text == "a\r\n" + " " * 10 + "\r\nb " + OUTPUT * 7 + "\r\n"
