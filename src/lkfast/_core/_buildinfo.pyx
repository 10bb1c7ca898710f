# How the compiled modules were built, read from the compiler's own predefined macros, and
# which instruction sets the running CPU offers (this module is always a baseline build).
"""Compiler, flags and instruction sets of this build; the running CPU's features."""

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


cdef extern from *:
    """
    /* Features of the running CPU, as a bit set (LKFAST_CPU_* order below). The OS must also
       save the AVX / AVX-512 registers, which __builtin_cpu_supports and the XGETBV test
       check; non-x86 CPUs and unknown compilers report none. */
    #if defined(__x86_64__) || defined(__i386__) || defined(_M_X64) || defined(_M_IX86)
    #if defined(__GNUC__) || defined(__clang__)
    static int lkfast_cpu_features(void) {
        int f = 0;
        __builtin_cpu_init();
        f |= __builtin_cpu_supports("sse2") ? 1 : 0;
        f |= __builtin_cpu_supports("ssse3") ? 2 : 0;
        f |= __builtin_cpu_supports("sse4.1") ? 4 : 0;
        f |= __builtin_cpu_supports("avx") ? 8 : 0;
        f |= __builtin_cpu_supports("avx2") ? 16 : 0;
        f |= __builtin_cpu_supports("fma") ? 32 : 0;
        f |= __builtin_cpu_supports("avx512f") ? 64 : 0;
        f |= __builtin_cpu_supports("avx512bw") ? 128 : 0;
        f |= __builtin_cpu_supports("avx512dq") ? 256 : 0;
        f |= __builtin_cpu_supports("avx512vl") ? 512 : 0;
        f |= __builtin_cpu_supports("avx512vbmi") ? 1024 : 0;
        return f;
    }
    #elif defined(_MSC_VER)
    #include <intrin.h>
    static int lkfast_cpu_features(void) {
        int r[4], f = 0, max_leaf;
        unsigned long long xcr0 = 0;
        __cpuid(r, 0);
        max_leaf = r[0];
        if (max_leaf < 1) return 0;
        __cpuid(r, 1);
        int ecx1 = r[2], edx1 = r[3];
        if (edx1 & (1 << 26)) f |= 1;
        if (ecx1 & (1 << 9)) f |= 2;
        if (ecx1 & (1 << 19)) f |= 4;
        if (ecx1 & (1 << 27)) xcr0 = _xgetbv(0); /* OSXSAVE: the OS manages XSAVE state */
        int ymm = (xcr0 & 6) == 6, zmm = ymm && (xcr0 & 0xe0) == 0xe0;
        if (ymm && (ecx1 & (1 << 28))) f |= 8;
        if (ymm && (ecx1 & (1 << 12))) f |= 32;
        if (max_leaf >= 7) {
            __cpuidex(r, 7, 0);
            if (ymm && (r[1] & (1 << 5))) f |= 16;
            if (zmm && (r[1] & (1 << 16))) f |= 64;
            if (zmm && (r[1] & (1 << 30))) f |= 128;
            if (zmm && (r[1] & (1 << 17))) f |= 256;
            if (zmm && (r[1] & (1u << 31))) f |= 512;
            if (zmm && (r[2] & (1 << 1))) f |= 1024;
        }
        return f;
    }
    #else
    static int lkfast_cpu_features(void) { return 0; }
    #endif
    #else
    static int lkfast_cpu_features(void) { return 0; }
    #endif
    """
    int lkfast_cpu_features() nogil


_CPU_FEATURE_NAMES = ("sse2", "ssse3", "sse4.1", "avx", "avx2", "fma", "avx512f", "avx512bw",
                      "avx512dq", "avx512vl", "avx512vbmi")


def cpu_features():
    """Instruction sets the running CPU (and OS) support, e.g. ``["sse2", ..., "avx2"]``.

    Only the x86 features lkfast's builds choose between; empty on other CPUs.
    """
    cdef int bits = lkfast_cpu_features()
    return [name for i, name in enumerate(_CPU_FEATURE_NAMES) if bits & (1 << i)]
