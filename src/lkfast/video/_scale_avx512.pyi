# The avx512 build of lkfast.video._scale: the same API.
from lkfast.video._scale import *  # noqa: F403 (a stub re-exports the whole API)
