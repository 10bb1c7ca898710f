# The avx512 build of lkfast._pixels: the same API.
from lkfast._pixels import *  # noqa: F403 (a stub re-exports the whole API)
