# The avx2 build of lkfast._scale: the same API.
from lkfast._scale import *  # noqa: F403 (a stub re-exports the whole API)
