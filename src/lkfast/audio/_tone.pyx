# Tone synthesis into int16 PCM.
# Directives (boundscheck/wraparound off, cdivision on) come from setup.py, so that
# LKFAST_DEBUG=1 can turn the checks back on.
"""Compiled sine generator: see :class:`lkfast.SineGenerator`."""

from cpython.buffer cimport PyBuffer_Release
from libc.math cimport M_PI, cos, floor, fma, sin
from libc.stdint cimport int16_t, uint64_t
from libc.stdlib cimport free, malloc

from lkfast._core._buffer cimport acquire_int16
from lkfast.audio._samples cimport lk_i16u
from lkfast._core.checks import check_sine_params, check_sample_index
from lkfast.audio.sine_frames import next_frame, sine_repr

cdef extern from *:
    """
    /* Samples per block: the per-generator cos/sin tables cover one block; the start phase
       of every block is recomputed exactly from the integer sample counter. */
    #define LKFAST_TONE_BLOCK 1024
    /* Adding then subtracting 1.5 * 2**52 rounds a double to the nearest integer, ties to
       even (as Python's round()), in a form the compiler vectorises. */
    #define LKFAST_ROUND_MAGIC 6755399441055744.0
    """
    const Py_ssize_t BLOCK "LKFAST_TONE_BLOCK"
    const double ROUND_MAGIC "LKFAST_ROUND_MAGIC"


cdef inline double _cycles_frac(double cycles_per_sample, uint64_t k) noexcept nogil:
    """Fractional part of cycles_per_sample * k, with the product's rounding error kept."""
    cdef double kd = <double>k  # exact for k < 2**53
    cdef double p = cycles_per_sample * kd
    cdef double err = fma(cycles_per_sample, kd, -p)
    cdef double f = (p - floor(p)) + err
    return f - floor(f)


cdef void _sine_block(lk_i16u *out, Py_ssize_t n, int nch, const double *ctab,
                      const double *stab, double phase) noexcept nogil:
    """out[i*nch + c] = round(s0*ctab[i] + c0*stab[i]) for i < n <= BLOCK (angle-sum form)."""
    cdef double s0 = sin(phase)
    cdef double c0 = cos(phase)
    cdef Py_ssize_t i
    cdef int c
    cdef int16_t v
    if nch == 1:
        for i in range(n):
            out[i] = <int16_t>((s0 * ctab[i] + c0 * stab[i] + ROUND_MAGIC) - ROUND_MAGIC)
    elif nch == 2:
        for i in range(n):
            v = <int16_t>((s0 * ctab[i] + c0 * stab[i] + ROUND_MAGIC) - ROUND_MAGIC)
            out[2 * i] = v
            out[2 * i + 1] = v
    else:
        for i in range(n):
            v = <int16_t>((s0 * ctab[i] + c0 * stab[i] + ROUND_MAGIC) - ROUND_MAGIC)
            for c in range(nch):
                out[i * nch + c] = v


cdef class SineGenerator:
    """Sine tone as int16 PCM, interleaved, the same sample in every channel.

    Sample ``k`` (per channel) is ``round(amplitude * 32767 * sin(2*pi*frequency*k/sample_rate))``
    within 1 LSB for any ``k`` below 2**53: the phase is derived from an integer sample
    counter, never accumulated, so it does not drift over hours.

    Args:
        sample_rate: Hz, 8000 to 192000.
        num_channels: 1 to 8.
        frequency: Hz, ``0 < frequency < sample_rate / 2``.
        amplitude: fraction of int16 full scale, 0 to 1 (1.0 = 32767).

    Raises:
        TypeError, ValueError: a parameter is of the wrong type or out of range.
    """

    cdef readonly int sample_rate
    cdef readonly int num_channels
    cdef readonly double frequency
    cdef readonly double amplitude
    cdef uint64_t _position
    cdef double _cycles_per_sample
    cdef double *_ctab
    cdef double *_stab

    def __cinit__(self, *args, **kwargs):
        self._ctab = NULL
        self._stab = NULL

    def __init__(self, sample_rate=48000, num_channels=1, frequency=440.0, amplitude=0.5):
        sample_rate, num_channels, frequency, amplitude = check_sine_params(
            sample_rate, num_channels, frequency, amplitude)
        self.sample_rate = sample_rate
        self.num_channels = num_channels
        self.frequency = frequency
        self.amplitude = amplitude
        self._position = 0
        self._cycles_per_sample = frequency / sample_rate
        cdef double *ctab = <double *>malloc(BLOCK * sizeof(double))
        cdef double *stab = <double *>malloc(BLOCK * sizeof(double))
        if ctab == NULL or stab == NULL:
            free(ctab)
            free(stab)
            raise MemoryError()
        free(self._ctab)
        free(self._stab)
        self._ctab = ctab
        self._stab = stab
        # sin(p + i*w) = sin(p)*cos(i*w) + cos(p)*sin(i*w); the tables carry the scale.
        cdef double scale = amplitude * 32767.0
        cdef double w = 2.0 * M_PI * self._cycles_per_sample
        cdef Py_ssize_t i
        for i in range(BLOCK):
            ctab[i] = scale * cos(i * w)
            stab[i] = scale * sin(i * w)

    def __dealloc__(self):
        free(self._ctab)
        free(self._stab)

    @property
    def position(self):
        """Index (samples per channel) of the next sample to be generated."""
        return self._position

    def seek(self, sample_index):
        """Make ``sample_index`` (samples per channel from the start) the next sample."""
        self._position = check_sample_index(sample_index)

    def fill(self, out):
        """Write the next ``len(out) // num_channels`` samples per channel into ``out``.

        Args:
            out: writable C-contiguous int16 buffer (numpy int16 array, ``rtc.AudioFrame.data``,
                ``array('h')``) or a bytearray of an even length; its length in samples must
                be a multiple of ``num_channels``.

        Returns:
            Samples per channel written.
        """
        cdef Py_buffer view
        acquire_int16(out, &view, "out", True)
        cdef Py_ssize_t total = view.len // 2
        cdef int nch = self.num_channels
        if total % nch:
            PyBuffer_Release(&view)
            raise ValueError(
                f"out holds {total} int16 samples, not a multiple of num_channels={nch}")
        cdef Py_ssize_t frames = total // nch
        cdef lk_i16u *dst = <lk_i16u *>view.buf
        cdef uint64_t k = self._position
        cdef double cps = self._cycles_per_sample
        cdef Py_ssize_t done = 0, n, offset
        cdef uint64_t pos
        with nogil:
            # Blocks are aligned to multiples of BLOCK in absolute sample index, so sample k
            # has the same value however the stream is cut into calls.
            while done < frames:
                pos = k + <uint64_t>done
                offset = <Py_ssize_t>(pos % <uint64_t>BLOCK)
                n = BLOCK - offset
                if n > frames - done:
                    n = frames - done
                _sine_block(dst + done * nch, n, nch, self._ctab + offset, self._stab + offset,
                            2.0 * M_PI * _cycles_frac(cps, pos - <uint64_t>offset))
                done += n
        PyBuffer_Release(&view)
        self._position = k + <uint64_t>frames
        return frames

    def next_frame(self, samples_per_channel=None):
        """Return a new ``rtc.AudioFrame`` holding the next samples (default 10 ms)."""
        return next_frame(self, samples_per_channel)

    def __repr__(self):
        return sine_repr(self)
