/*
 * bench/modes-site.c: the marker sites that bench/modes measures, compiled
 * twice into each bench program: with markers on, in the markup mode under
 * test (the *_marked loops), and with markers off (the *_baseline loops,
 * and bench_dense_rdtsc, a timestamp read where each site is). The loops
 * are the same C; only the sites differ.
 *
 * dense: eight sites in a row per iteration and nothing else, so that the
 *	core's resources the sites use are the bottleneck: the cost of a site
 *	when nothing hides it (per site: the difference divided by 8).
 * slack: one site among four independent one-cycle operations, the kind
 *	of code a marker sits in: what is left of its cost once the core
 *	overlaps it with the work around it.
 *
 * Each site passes one value already in a register.
 */
#include <linux/kernel.h>
#include <linux/marker.h>

#ifdef BENCH_BASELINE
#define BENCH(name) bench_##name##_baseline
#else
#define BENCH(name) bench_##name##_marked
#endif

#define BENCH_LOOP __attribute__((__noinline__, __aligned__(64))) unsigned long

BENCH_LOOP BENCH(dense)(unsigned long n, unsigned long x)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		trace_mark(bench_event, "x %lu", i);
		trace_mark(bench_event, "x %lu", i);
		trace_mark(bench_event, "x %lu", i);
		trace_mark(bench_event, "x %lu", i);
		trace_mark(bench_event, "x %lu", i);
		trace_mark(bench_event, "x %lu", i);
		trace_mark(bench_event, "x %lu", i);
		trace_mark(bench_event, "x %lu", i);
		__asm__ __volatile__("" : : "r"(i));
	}
	return x + i;
}

BENCH_LOOP BENCH(slack)(unsigned long n, unsigned long x)
{
	unsigned long i, b = x, c = x, d = x;

	for (i = 0; i < n; i++) {
		x += i;
		b ^= i;
		c -= i;
		d += i ^ 1;
		trace_mark(bench_slack, "x %lu", x);
	}
	return x + b + c + d;
}

#ifdef BENCH_BASELINE
/* The reference for an armed record: a timestamp read, kept, where each site is. */
#define BENCH_RDTSC(t) do { (t) = __builtin_ia32_rdtsc(); __asm__ __volatile__("" : : "r"(t)); } while (0)

BENCH_LOOP bench_dense_rdtsc(unsigned long n, unsigned long x)
{
	unsigned long i;
	unsigned long long t;

	for (i = 0; i < n; i++) {
		BENCH_RDTSC(t); BENCH_RDTSC(t); BENCH_RDTSC(t); BENCH_RDTSC(t);
		BENCH_RDTSC(t); BENCH_RDTSC(t); BENCH_RDTSC(t); BENCH_RDTSC(t);
		__asm__ __volatile__("" : : "r"(i));
	}
	return x + i;
}
#endif
