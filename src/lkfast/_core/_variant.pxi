# Included by every kernel module that setup.py builds in ISA variants (``_x.pyx`` and
# ``_x_avx2.pyx`` both holding ``include "_x.pxi"``): names the variant this build targets.

cdef extern from *:
    """
    #if defined(__AVX512VBMI__) || (defined(_MSC_VER) && defined(__AVX512F__))
    #define LKFAST_VARIANT "avx512"
    #elif defined(__AVX2__)
    #define LKFAST_VARIANT "avx2"
    #elif defined(__SSSE3__) || defined(LKFAST_SSSE3)
    #define LKFAST_VARIANT "ssse3"
    #else
    #define LKFAST_VARIANT "baseline"
    #endif
    """
    const char *LKFAST_VARIANT

#: The instruction-set variant this module was compiled for: "baseline", "ssse3", "avx2" or
#: "avx512".
VARIANT = LKFAST_VARIANT.decode("ascii")
