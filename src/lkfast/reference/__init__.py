"""Pure-Python references of every lkfast kernel: same signatures, no numpy.

They are the oracle in the tests and the "pure Python" column in the benchmarks.
"""

from lkfast.reference.tone import SineGenerator

__all__ = ["SineGenerator"]
