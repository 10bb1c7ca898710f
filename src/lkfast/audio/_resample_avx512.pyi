# The avx512 build of lkfast.audio._resample: the same API.
from lkfast.audio._resample import *  # noqa: F403 (a stub re-exports the whole API)
