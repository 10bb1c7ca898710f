# The avx2 build of lkfast.video._planar: the same API.
from lkfast.video._planar import *  # noqa: F403 (a stub re-exports the whole API)
