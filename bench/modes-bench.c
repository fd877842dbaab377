/*
 * bench/modes-bench.c: the harness of bench/modes (bench/README.md). One
 * program per markup mode, linked with the marker runtime and the loops of
 * bench/modes-site.c; it prints one JSON object, every cost per site:
 *
 *   dormant: the dense loop minus its baseline, the marker disarmed;
 *   slack:   the same for the slack loop's one site;
 *   armed:   the dense loop with bench_event armed, each site writing a
 *            trace record, minus the baseline (in a fresh thread per
 *            repetition, so that each gets an empty trace buffer, whose
 *            memory was touched beforehand: no page faults timed);
 *   rdtsc:   a timestamp read where each site is, minus the baseline: the
 *            floor under a trace record.
 *
 * Each cost is in ns and in core cycles. The core's clock drifts here (a
 * shared virtual machine, boost): around every repetition, a chain of
 * dependent adds (one cycle each) timed with the TSC gives the core's rate,
 * and a repetition's cycles are its ns times that rate. "ns"/"cycles": the
 * best run of the loop minus the best run of its baseline (interference
 * only ever makes a run slower); "median*": the median of the
 * per-repetition differences. The loops of a repetition alternate their
 * order.
 *
 *   modes-bench MODE [ITERATIONS [REPS [ARMED_ITERATIONS [ARMED_REPS]]]]
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The runtime's API (docs/runtime.md), declared here: <linux/types.h> and glibc's clash. */
int marker_arm(const char *name);
int marker_disarm(const char *name);
int marker_trace_set_buffer_size(size_t bytes);

unsigned long bench_dense_baseline(unsigned long n, unsigned long x);
unsigned long bench_dense_marked(unsigned long n, unsigned long x);
unsigned long bench_dense_rdtsc(unsigned long n, unsigned long x);
unsigned long bench_slack_baseline(unsigned long n, unsigned long x);
unsigned long bench_slack_marked(unsigned long n, unsigned long x);

#define SITES		8	/* per iteration of the dense loops */
#define RECORD_BYTES	32	/* a 24-byte header and the site's unsigned long */
#define MAX_REPS	201

typedef unsigned long (*loop_fn)(unsigned long, unsigned long);

static volatile unsigned long sink;

static inline unsigned long long ticks(void)
{
	unsigned int lo, hi;

	__asm__ __volatile__("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) : : "memory");
	return ((unsigned long long)hi << 32) | lo;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* TSC ticks per ns, over 100 ms. */
static double tsc_rate(void)
{
	double t0 = now_ns(), t1;
	unsigned long long c0 = ticks(), c1;

	do
		t1 = now_ns();
	while (t1 - t0 < 100e6);
	c1 = ticks();
	return (double)(c1 - c0) / (t1 - t0);
}

/* Core cycles per ns: 8 dependent adds per turn, one cycle each. */
static double core_rate(double tsc_per_ns)
{
	const unsigned long turns = 100000;
	unsigned long n = turns, x = 0;
	unsigned long long c0 = ticks(), c1;

	__asm__ __volatile__(
		"1:\n\t"
		"add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
		"add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
		"dec %1\n\tjnz 1b"
		: "+r"(x), "+r"(n));
	c1 = ticks();
	sink = x;
	return 8.0 * turns / ((double)(c1 - c0) / tsc_per_ns);
}

/* ns per iteration. */
static double run_ns(loop_fn f, unsigned long n, double tsc_per_ns)
{
	unsigned long long c0 = ticks();

	sink = f(n, sink);
	return (double)(ticks() - c0) / tsc_per_ns / (double)n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
	double s[MAX_REPS];

	memcpy(s, v, (size_t)n * sizeof(*v));
	qsort(s, (size_t)n, sizeof(*s), cmp_double);
	return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/* The index of the smallest. */
static int best(const double *v, int n)
{
	int i, at = 0;

	for (i = 1; i < n; i++)
		if (v[i] < v[at])
			at = i;
	return at;
}

/* One loop over the repetitions: its ns and cycles per iteration. */
struct series {
	double ns[MAX_REPS];
	double cycles[MAX_REPS];
};

static void take(struct series *s, int i, double ns, double ghz)
{
	s->ns[i] = ns;
	s->cycles[i] = ns * ghz;
}

/*
 * A cost: the loop minus its baseline, per site (divided by @per). "ns":
 * the fastest run of each, what interference (other processes, a lower
 * clock) cannot make faster, and "cycles" those two runs' ns times the core
 * rate measured around each; "median*": the medians of the per-repetition
 * differences.
 */
static void print_cost(const char *name, const struct series *m, const struct series *b,
		       int reps, double per, const char *sep)
{
	double d[MAX_REPS], dc[MAX_REPS];
	int i, bm = best(m->ns, reps), bb = best(b->ns, reps);

	for (i = 0; i < reps; i++) {
		d[i] = (m->ns[i] - b->ns[i]) / per;
		dc[i] = (m->cycles[i] - b->cycles[i]) / per;
	}
	printf("\"%s\": {\"ns\": %.4f, \"cycles\": %.3f, \"medianNs\": %.4f, \"medianCycles\": %.3f}%s",
	       name, (m->ns[bm] - b->ns[bb]) / per, (m->cycles[bm] - b->cycles[bb]) / per,
	       median(d, reps), median(dc, reps), sep);
}

struct armed_run {
	unsigned long iterations;
	double tsc_per_ns;
	double base, armed;
};

/* A fresh thread: its own trace buffer, from memory touched beforehand. */
static void *armed_thread(void *arg)
{
	struct armed_run *r = arg;

	bench_dense_marked(1, 1);	/* the buffer's allocation, untimed */
	r->base = run_ns(bench_dense_baseline, r->iterations, r->tsc_per_ns);
	r->armed = run_ns(bench_dense_marked, r->iterations, r->tsc_per_ns);
	return NULL;
}

static struct series dense_b, dense_m, dense_r, slack_b, slack_m, armed_b, armed_m;

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "?";
	unsigned long iterations = argc > 2 ? strtoul(argv[2], NULL, 0) : 1000000;
	int reps = argc > 3 ? atoi(argv[3]) : 101;
	unsigned long armed_iterations = argc > 4 ? strtoul(argv[4], NULL, 0) : 5000;
	int armed_reps = argc > 5 ? atoi(argv[5]) : 31;
	double ghz[MAX_REPS], tsc_per_ns, ghz_min = 1e9, ghz_max = 0;
	size_t buffer = (armed_iterations + 2) * SITES * RECORD_BYTES;
	void *touch[MAX_REPS];
	int i;

	if (reps < 1 || reps > MAX_REPS || armed_reps < 1 || armed_reps > MAX_REPS - 2 || !iterations || !armed_iterations) {
		fprintf(stderr, "usage: modes-bench MODE [ITERATIONS [REPS [ARMED_ITERATIONS [ARMED_REPS]]]]\n");
		return 2;
	}
	/*
	 * Every trace buffer from the main heap, already faulted in: one
	 * arena, no mmap for blocks of a buffer's size, nothing given back;
	 * as many blocks as there will be buffers, touched and freed.
	 */
	mallopt(M_ARENA_MAX, 1);
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
	if (buffer < 30 * 1024 * 1024) {
		for (i = 0; i < armed_reps + 2; i++) {
			touch[i] = malloc(buffer);
			if (touch[i])
				memset(touch[i], 1, buffer);
		}
		while (i--)
			free(touch[i]);
	}
	if (marker_trace_set_buffer_size(buffer)) {
		fprintf(stderr, "modes-bench: cannot size the trace buffers\n");
		return 2;
	}

	tsc_per_ns = tsc_rate();
	for (i = 0; i < 3; i++) {	/* warm up */
		run_ns(bench_dense_baseline, iterations / 10, tsc_per_ns);
		run_ns(bench_dense_marked, iterations / 10, tsc_per_ns);
	}

	for (i = 0; i < reps; i++) {
		double f0 = core_rate(tsc_per_ns), f1, b, m, r, sb, sm;

		if (i % 2) {
			sm = run_ns(bench_slack_marked, iterations, tsc_per_ns);
			m = run_ns(bench_dense_marked, iterations, tsc_per_ns);
			r = run_ns(bench_dense_rdtsc, iterations / 16, tsc_per_ns);
			b = run_ns(bench_dense_baseline, iterations, tsc_per_ns);
			sb = run_ns(bench_slack_baseline, iterations, tsc_per_ns);
		} else {
			sb = run_ns(bench_slack_baseline, iterations, tsc_per_ns);
			b = run_ns(bench_dense_baseline, iterations, tsc_per_ns);
			r = run_ns(bench_dense_rdtsc, iterations / 16, tsc_per_ns);
			m = run_ns(bench_dense_marked, iterations, tsc_per_ns);
			sm = run_ns(bench_slack_marked, iterations, tsc_per_ns);
		}
		f1 = core_rate(tsc_per_ns);
		ghz[i] = (f0 + f1) / 2;
		ghz_min = ghz[i] < ghz_min ? ghz[i] : ghz_min;
		ghz_max = ghz[i] > ghz_max ? ghz[i] : ghz_max;
		take(&dense_b, i, b, ghz[i]);
		take(&dense_m, i, m, ghz[i]);
		take(&dense_r, i, r, ghz[i]);
		take(&slack_b, i, sb, ghz[i]);
		take(&slack_m, i, sm, ghz[i]);
	}

	if (marker_arm("bench_event")) {
		fprintf(stderr, "modes-bench: cannot arm bench_event\n");
		return 2;
	}
	for (i = 0; i < armed_reps; i++) {
		struct armed_run r = { armed_iterations, tsc_per_ns, 0, 0 };
		pthread_t t;
		double f0 = core_rate(tsc_per_ns), f1;

		if (pthread_create(&t, NULL, armed_thread, &r) || pthread_join(t, NULL)) {
			fprintf(stderr, "modes-bench: cannot start a thread\n");
			return 2;
		}
		f1 = core_rate(tsc_per_ns);
		take(&armed_b, i, r.base, (f0 + f1) / 2);
		take(&armed_m, i, r.armed, (f0 + f1) / 2);
	}
	if (marker_disarm("bench_event")) {
		fprintf(stderr, "modes-bench: cannot disarm bench_event\n");
		return 2;
	}

	printf("{\"mode\": \"%s\", \"iterations\": %lu, \"repetitions\": %d, "
	       "\"armedIterations\": %lu, \"armedRepetitions\": %d, \"sitesPerIteration\": %d, "
	       "\"tscGHz\": %.4f, \"coreGHz\": %.4f, \"coreGHzMin\": %.4f, \"coreGHzMax\": %.4f, "
	       "\"baselineNs\": %.4f, ",
	       mode, iterations, reps, armed_iterations, armed_reps, SITES, tsc_per_ns,
	       median(ghz, reps), ghz_min, ghz_max, dense_b.ns[best(dense_b.ns, reps)] / SITES);
	print_cost("dormant", &dense_m, &dense_b, reps, SITES, ", ");
	print_cost("slack", &slack_m, &slack_b, reps, 1, ", ");
	print_cost("rdtsc", &dense_r, &dense_b, reps, SITES, ", ");
	print_cost("armed", &armed_m, &armed_b, armed_reps, SITES, "}\n");
	return 0;
}
