# The blocked path of the resampling kernel (included at the end of _resample.pxi): setting up
# a Kernel's block tables and computing its outputs 16 at a time (lkr_block in
# _resample_dot.pxi; the layout is resample_quality.blocks).


cdef int _setup_blocks(Kernel self, coeffs, rows, counts) except -1:
    cdef const float[:, :, ::1] g = coeffs
    cdef const int[:, ::1] r = rows
    cdef const int[::1] n = counts
    cdef int t, i
    if self.interp or g.shape[2] != 16 or g.shape[1] < self.taps or r.shape[0] != g.shape[0] \
            or r.shape[1] != g.shape[1] or n.shape[0] != g.shape[0]:
        raise ValueError("bad block tables")
    for t in range(g.shape[0]):
        if not 0 <= n[t] <= g.shape[1]:
            raise ValueError("bad block tables")
        for i in range(n[t]):
            if not 0 <= r[t, i] < g.shape[1] or (i and r[t, i] <= r[t, i - 1]):
                raise ValueError("bad block tables")
    self.kinds, self.width = <int>g.shape[0], <int>g.shape[1]
    self.bcoef = <float *>malloc(g.shape[0] * g.shape[1] * 16 * sizeof(float))
    self.brows = <int *>malloc(g.shape[0] * g.shape[1] * sizeof(int))
    self.bcount = <int *>malloc(g.shape[0] * sizeof(int))
    if self.bcoef == NULL or self.brows == NULL or self.bcount == NULL:
        raise MemoryError()
    # each kind's rows that are not all zero, one after another; its rows list, or none
    # (bdense) when they are 0, 1, 2, ...
    self.bdense = <bint *>malloc(g.shape[0] * sizeof(bint))
    if self.bdense == NULL:
        raise MemoryError()
    for t in range(g.shape[0]):
        self.bdense[t] = True
        for i in range(n[t]):
            memcpy(self.bcoef + (t * g.shape[1] + i) * 16, &g[t, r[t, i], 0],
                   16 * sizeof(float))
            self.bdense[t] = self.bdense[t] and r[t, i] == i
    memcpy(self.brows, &r[0, 0], g.shape[0] * g.shape[1] * sizeof(int))
    memcpy(self.bcount, &n[0], g.shape[0] * sizeof(int))
    self.blocked = True
    return 0


cdef inline void _put(Kernel self, char *dst, Py_ssize_t first, const float *y, int lo,
                      int hi) noexcept nogil:
    """Lanes lo..hi-1 of a block to ``dst`` elements first, first + channels, ..."""
    cdef int16_t t[16]
    cdef int j, ch = self.channels
    cdef int16_t *d16 = <int16_t *>dst + first
    cdef float *d32 = <float *>dst + first
    if self.int16:
        lkr_to_i16(y, t)
        for j in range(lo, hi):
            d16[(j - lo) * ch] = t[j]
    else:
        for j in range(lo, hi):
            d32[(j - lo) * ch] = y[j]

cdef void _run_blocks(Kernel self, char *dst, Py_ssize_t count) noexcept nogil:
    """``count`` outputs, 16 at a time; a block that is not complete yet is computed from
    the rows whose input has come (the others are 0 for its outputs so far) and computed
    again on the next call."""
    cdef int ch = self.channels, c, lo, hi, j, nr, k
    cdef Py_ssize_t o = 0
    cdef float y[16]
    cdef float z[16]
    cdef const float *x
    cdef const float *g
    cdef const int *r
    while o < count:
        if ch == 1 and self.done == 0 and count - o >= 32 * self.kinds:
            o = _mono_pairs(self, dst, o)
            continue
        lo = self.done
        hi = 16 if count - o >= 16 - lo else lo + <int>(count - o)
        k = self.bt
        g = self.bcoef + <Py_ssize_t>k * self.width * 16
        r = self.brows + <Py_ssize_t>k * self.width
        nr = self.bcount[k]
        while nr and self.s + r[nr - 1] >= self.n:
            nr -= 1
        if self.bdense[k]:
            r = NULL
        c = 0
        while c < ch:
            x = self.buf + c * self.cap + self.s
            if c + 1 < ch:
                lkr_block2(x, x + self.cap, g, r, nr, y, z)
                _put(self, dst, o * ch + c, y, lo, hi)
                _put(self, dst, o * ch + c + 1, z, lo, hi)
                c += 2
            else:
                lkr_block(x, g, r, nr, y)
                _put(self, dst, o * ch + c, y, lo, hi)
                c += 1
        o += hi - lo
        if hi == 16:
            _next_block(self)
        else:
            self.done = hi


cdef inline void _next_block(Kernel self) noexcept nogil:
    self.done = 0
    self.p += 16 * self.down
    self.s += self.p // self.up
    self.p %= self.up
    self.bt = (self.bt + 1) % self.kinds


cdef Py_ssize_t _mono_pairs(Kernel self, char *dst, Py_ssize_t o) noexcept nogil:
    """The next 2 * kinds blocks of a mono stream (all complete), block i with block i + kinds
    (the same kind, ``gap`` inputs later) in one pass over their table: the same sums."""
    cdef Py_ssize_t gap = <Py_ssize_t>(self.kinds * 16 * self.down // self.up)
    cdef int i, k
    cdef float y[16]
    cdef float z[16]
    cdef const float *x
    cdef const int *r
    for i in range(self.kinds):
        k = self.bt
        r = NULL if self.bdense[k] else self.brows + <Py_ssize_t>k * self.width
        x = self.buf + self.s
        lkr_block2(x, x + gap, self.bcoef + <Py_ssize_t>k * self.width * 16, r,
                   self.bcount[k], y, z)
        _put(self, dst, o + 16 * i, y, 0, 16)
        _put(self, dst, o + 16 * (i + self.kinds), z, 0, 16)
        _next_block(self)
    self.s += gap  # kinds more blocks: the phase and kind come round again
    return o + 32 * self.kinds
