"""Quick looks over a sheet's raw XML bytes, before any regular expression.

Each answers « could the bytes hold this at all? » with a few vectorised numpy
comparisons over the whole buffer; a false « yes » only costs a regex scan, a
« no » skips it.
"""

from __future__ import annotations

import numpy


def may_hold_formulas_or_errors(data: bytes) -> bool:
    """A formula tag (<f, <x:f) or an error value (<v>#…) anywhere."""
    buffer = numpy.frombuffer(data, numpy.uint8)
    f_positions = numpy.flatnonzero(buffer[1:] == ord("f")) + 1
    before_f = buffer[f_positions - 1]
    if numpy.any((before_f == ord("<")) | (before_f == ord(":"))):
        return True
    hashes = numpy.flatnonzero(buffer[2:] == ord("#")) + 2
    return bool(numpy.any((buffer[hashes - 1] == ord(">")) & (buffer[hashes - 2] == ord("v"))))


def may_hold_blank_inline_texts(data: bytes) -> bool:
    """``<t>`` followed by a space, a tab or a line break."""
    buffer = numpy.frombuffer(data, numpy.uint8)
    opening = numpy.flatnonzero(
        (buffer[:-3] == ord("<")) & (buffer[1:-2] == ord("t")) & (buffer[2:-1] == ord(">"))
    )
    following = buffer[opening + 3]
    return bool(numpy.any((following == 32) | (following == 9) | (following == 10) | (following == 13)))
