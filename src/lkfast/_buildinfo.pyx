# How the compiled modules were built, read from the compiler's own predefined macros.
"""Compiler, flags and instruction sets this build of lkfast's kernels targets."""

cdef extern from *:
    """
    #ifndef LKFAST_CFLAGS
    #define LKFAST_CFLAGS ""
    #endif
    #if defined(__clang__)
    #define LKFAST_COMPILER "clang " __clang_version__
    #elif defined(__GNUC__)
    #define LKFAST_COMPILER "gcc " __VERSION__
    #elif defined(_MSC_VER)
    #define LKFAST_STR2(x) #x
    #define LKFAST_STR(x) LKFAST_STR2(x)
    #define LKFAST_COMPILER "msvc " LKFAST_STR(_MSC_VER)
    #else
    #define LKFAST_COMPILER "unknown"
    #endif
    static const char *lkfast_isa[] = {
    #if defined(__x86_64__) || defined(_M_X64)
        "x86-64",
    #endif
    #if defined(__aarch64__) || defined(_M_ARM64)
        "aarch64",
    #endif
    #if defined(__SSE2__) || defined(_M_X64)
        "sse2",
    #endif
    #ifdef __SSE4_1__
        "sse4.1",
    #endif
    #ifdef __AVX__
        "avx",
    #endif
    #ifdef __AVX2__
        "avx2",
    #endif
    #ifdef __FMA__
        "fma",
    #endif
    #ifdef __AVX512F__
        "avx512f",
    #endif
    #if defined(__ARM_NEON) || defined(__ARM_NEON__)
        "neon",
    #endif
        NULL
    };
    """
    const char *LKFAST_CFLAGS
    const char *LKFAST_COMPILER
    const char **lkfast_isa


def build_info():
    """Return ``{"compiler": str, "cflags": str, "isa": list[str]}`` for this build."""
    cdef list isa = []
    cdef int i = 0
    while lkfast_isa[i] != NULL:
        isa.append(lkfast_isa[i].decode("ascii"))
        i += 1
    return {
        "compiler": LKFAST_COMPILER.decode("utf-8", "replace"),
        "cflags": LKFAST_CFLAGS.decode("utf-8", "replace"),
        "isa": isa,
    }
