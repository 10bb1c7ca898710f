# Filter design of the resampling kernel (included by _resample.pxi); its twin is
# lkfast.audio.reference.resample.design, operation for operation.

# --- filter design ---------------------------------------------------------------------------

cdef double _bessel_i0(double y) noexcept nogil:
    """Modified Bessel function I0 by its power series, to a relative 1e-17."""
    cdef double q = y * y / 4.0
    cdef double term = 1.0
    cdef double total = 1.0
    cdef int k
    for k in range(1, 500):
        term = term * (q / <double>(k * k))
        total = total + term
        if term < total * 1e-17:
            break
    return total


def design(int taps, int rows, int phases, double cutoff, double beta):
    """The polyphase table: ``rows`` x ``taps`` float32 coefficients.

    Row p, tap m is ``h(p / phases + taps / 2 - 1 - m)`` with ``h(t) = cutoff * sinc(cutoff *
    t) * kaiser(t / (taps / 2), beta)`` (t in input samples; 0 for ``|t| >= taps / 2``),
    computed in double and rounded once to float32.
    """
    if taps < 16 or taps % 16 or rows < 1 or phases < 1 or not 0.0 < cutoff <= 1.0:
        raise ValueError(f"bad filter size: taps={taps}, rows={rows}, phases={phases}, "
                         f"cutoff={cutoff}")
    table = np.empty((rows, taps), dtype=np.float32)
    cdef float[:, ::1] t = table
    cdef int half = taps // 2
    cdef int p, m
    cdef double x, pos, r, s, i0b = _bessel_i0(beta)
    with nogil:
        for p in range(rows):
            for m in range(taps):
                pos = <double>p / <double>phases + <double>(half - 1 - m)
                if fabs(pos) >= half:
                    t[p, m] = 0.0
                    continue
                x = cutoff * pos
                if x == 0.0:
                    s = 1.0
                elif fabs(x - floor(x + 0.5)) < 1e-9:
                    s = 0.0
                else:
                    s = sin(M_PI * x) / (M_PI * x)
                r = pos / half
                t[p, m] = <float>(cutoff * s * _bessel_i0(beta * sqrt(1.0 - r * r)) / i0b)
    return table
