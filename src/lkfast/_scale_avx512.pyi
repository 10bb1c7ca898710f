# The avx512 build of lkfast._scale: the same API.
from lkfast._scale import *
