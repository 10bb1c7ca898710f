# A native thread pool for the row kernels: a frame's rows split into bands, run by the caller
# and by worker threads that never touch Python (no GIL hand-offs, which cost about 60 us per
# call on the 2-vCPU development machine against about 20 us for a bare thread wake-up).
#
# Each kernel module that cimports this gets its own pool (static state), started lazily by
# its first call with threads > 1. One call uses the pool at a time: a call that finds it busy
# (another Python thread converting) runs all its rows itself. After fork() the child starts
# afresh. Windows builds have no native pool (LK_NATIVE_POOL 0): lkfast._core.bands uses Python
# threads there.
from libc.stdint cimport uint8_t

cdef extern from *:
    """
    #include <stddef.h>
    #include <stdint.h>
    typedef void (*lk_band_fn)(void *ctx, Py_ssize_t begin, Py_ssize_t end);

    /* Band k of `bands` over rows [begin, end): edges on multiples of `align` rows (absolute
       row numbers), the last band ending at `end`. */
    static inline Py_ssize_t lk_band_edge(Py_ssize_t begin, Py_ssize_t end, int bands, int k,
                                          int align) {
        Py_ssize_t edge;
        if (k >= bands) return end;
        edge = begin + (end - begin) * k / bands;
        edge -= edge % align;
        return edge < begin ? begin : edge;
    }

    #if defined(_WIN32) || !(defined(__GNUC__) || defined(__clang__))
    #define LK_NATIVE_POOL 0
    static int lk_parallel_rows(lk_band_fn fn, void *ctx, Py_ssize_t begin, Py_ssize_t end,
                                int threads, int align) {
        (void)threads; (void)align;
        if (end > begin) fn(ctx, begin, end);
        return 1;
    }
    #else
    #define LK_NATIVE_POOL 1
    #include <pthread.h>
    #include <signal.h>
    #include <time.h>
    #include <unistd.h>
    #define LK_POOL_MAX 64

    static struct {
        pthread_mutex_t busy;    /* held by the call using the pool */
        pthread_mutex_t lock;    /* guards the job fields and the generation */
        pthread_cond_t wake;     /* workers wait here for a new generation */
        pthread_cond_t done;     /* the caller waits here for the last band */
        pid_t pid;               /* the process that started the workers */
        int workers;
        uint32_t generation;
        lk_band_fn fn;
        void *ctx;
        Py_ssize_t begin, end;
        int bands, align;
        uint64_t ticket;         /* generation << 32 | next band to claim */
        int remaining;           /* bands of the current job not finished */
    } lk_pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
                 PTHREAD_COND_INITIALIZER, 0, 0, 0, NULL, NULL, 0, 0, 0, 1, 0, 0};

    typedef struct {
        uint32_t generation;
        lk_band_fn fn;
        void *ctx;
        Py_ssize_t begin, end;
        int bands, align;
    } lk_job;

    /* Claim and run bands of `job` while its generation is current and bands are left. A
       band is claimed by advancing the ticket, so a worker that wakes late, after the job
       ended, claims nothing: the job's memory is only used while the caller waits. */
    static void lk_run_bands(const lk_job *job) {
        for (;;) {
            uint64_t t = __atomic_load_n(&lk_pool.ticket, __ATOMIC_SEQ_CST);
            int k = (int)(t & 0xffffffffu);
            if ((uint32_t)(t >> 32) != job->generation || k >= job->bands) return;
            if (!__atomic_compare_exchange_n(&lk_pool.ticket, &t, t + 1, 0, __ATOMIC_SEQ_CST,
                                             __ATOMIC_SEQ_CST))
                continue;
            Py_ssize_t b = lk_band_edge(job->begin, job->end, job->bands, k, job->align);
            Py_ssize_t e = lk_band_edge(job->begin, job->end, job->bands, k + 1, job->align);
            if (e > b) job->fn(job->ctx, b, e);
            if (__atomic_sub_fetch(&lk_pool.remaining, 1, __ATOMIC_SEQ_CST) == 0) {
                pthread_mutex_lock(&lk_pool.lock);
                pthread_cond_signal(&lk_pool.done);
                pthread_mutex_unlock(&lk_pool.lock);
            }
        }
    }

    static void *lk_worker(void *arg) {
        lk_job job;
        uint32_t seen = (uint32_t)(uintptr_t)arg;
        pthread_mutex_lock(&lk_pool.lock);
        for (;;) {
            while (lk_pool.generation == seen) pthread_cond_wait(&lk_pool.wake, &lk_pool.lock);
            seen = lk_pool.generation;
            job.generation = seen;
            job.fn = lk_pool.fn;
            job.ctx = lk_pool.ctx;
            job.begin = lk_pool.begin;
            job.end = lk_pool.end;
            job.bands = lk_pool.bands;
            job.align = lk_pool.align;
            pthread_mutex_unlock(&lk_pool.lock);
            lk_run_bands(&job);
            pthread_mutex_lock(&lk_pool.lock);
        }
        return NULL;
    }

    /* Start workers until there are `wanted` (fewer if the system refuses); caller holds busy.
       Workers block every signal: Python handles them in its main thread. */
    static void lk_start_workers(int wanted) {
        sigset_t all, old;
        pthread_attr_t attr;
        pthread_t thread;
        if (lk_pool.pid != getpid()) {  /* a forked child: the parent's workers are not here */
            pthread_mutex_init(&lk_pool.lock, NULL);
            pthread_cond_init(&lk_pool.wake, NULL);
            pthread_cond_init(&lk_pool.done, NULL);
            lk_pool.workers = 0;
            lk_pool.pid = getpid();
        }
        if (wanted > LK_POOL_MAX) wanted = LK_POOL_MAX;
        if (lk_pool.workers >= wanted) return;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        pthread_mutex_lock(&lk_pool.lock);
        while (lk_pool.workers < wanted) {
            if (pthread_create(&thread, &attr, lk_worker,
                               (void *)(uintptr_t)lk_pool.generation) != 0) break;
            lk_pool.workers++;
        }
        pthread_mutex_unlock(&lk_pool.lock);
        pthread_attr_destroy(&attr);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }

    static double lk_now_us(void) {
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
    }

    /* Run fn over rows [begin, end) in `threads` bands, the caller taking part; returns the
       number of bands (1: run by the caller alone, as when the pool is busy). */
    static int lk_parallel_rows(lk_band_fn fn, void *ctx, Py_ssize_t begin, Py_ssize_t end,
                                int threads, int align) {
        lk_job job;
        Py_ssize_t units = (end - begin + align - 1) / align;
        int spins;
        double deadline;
        if (threads > LK_POOL_MAX + 1) threads = LK_POOL_MAX + 1;
        if (threads > units) threads = (int)units;
        if (threads <= 1 || pthread_mutex_trylock(&lk_pool.busy) != 0) {
            if (end > begin) fn(ctx, begin, end);
            return 1;
        }
        lk_start_workers(threads - 1);
        if (lk_pool.workers == 0) {
            pthread_mutex_unlock(&lk_pool.busy);
            fn(ctx, begin, end);
            return 1;
        }
        pthread_mutex_lock(&lk_pool.lock);
        job.generation = ++lk_pool.generation;
        job.fn = lk_pool.fn = fn;
        job.ctx = lk_pool.ctx = ctx;
        job.begin = lk_pool.begin = begin;
        job.end = lk_pool.end = end;
        job.bands = lk_pool.bands = threads;
        job.align = lk_pool.align = align;
        __atomic_store_n(&lk_pool.remaining, threads, __ATOMIC_SEQ_CST);
        __atomic_store_n(&lk_pool.ticket, (uint64_t)job.generation << 32, __ATOMIC_SEQ_CST);
        pthread_cond_broadcast(&lk_pool.wake);
        pthread_mutex_unlock(&lk_pool.lock);
        lk_run_bands(&job);
        /* The other bands are about as long as ours: spin briefly, then sleep. */
        deadline = lk_now_us() + 50.0;
        for (spins = 0; __atomic_load_n(&lk_pool.remaining, __ATOMIC_SEQ_CST) != 0; spins++) {
            if ((spins & 63) == 63 && lk_now_us() > deadline) {
                pthread_mutex_lock(&lk_pool.lock);
                while (__atomic_load_n(&lk_pool.remaining, __ATOMIC_SEQ_CST) != 0)
                    pthread_cond_wait(&lk_pool.done, &lk_pool.lock);
                pthread_mutex_unlock(&lk_pool.lock);
                break;
            }
            #if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
            #endif
        }
        pthread_mutex_unlock(&lk_pool.busy);
        return threads;
    }
    #endif
    """
    ctypedef void (*lk_band_fn)(void *ctx, Py_ssize_t begin, Py_ssize_t end) noexcept nogil
    const bint LK_NATIVE_POOL
    int lk_parallel_rows(lk_band_fn fn, void *ctx, Py_ssize_t begin, Py_ssize_t end,
                         int threads, int align) noexcept nogil
