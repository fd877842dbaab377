/*
 * The marker runtime (sample-kernel/kernel/marker.c) on hand-made sites:
 * descriptors placed in section "__markers" here, and site code written as
 * kmark generates it (docs/runtime.md). Prints one "key=value" line per
 * result, for test/runtime/runtime.test.ts to check, and writes the trace
 * dumps it names into the directory given as argv[1].
 *
 *	runtime-test DIR
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/marker.h>

#define SITE(var, name_, format_, id_, md5_, event_id_)			\
	static struct marker var						\
	__attribute__((__used__, __section__("__markers"), __aligned__(8))) = { \
		.name = name_,						\
		.format = format_,					\
		.id = id_,						\
		.md5 = md5_,						\
		.event_id = event_id_,					\
		.handlers = MARKER_TRACE | MARKER_PROBE,		\
	}

SITE(m_open, "t_open", "fd %d path %s", "t/fs.c:t_open:1",
     "00112233445566778899aabbccddeeff", 0x7766554433221100ULL);
/* One event at two sites, like mm_page_free. */
SITE(m_free_a, "t_free", "pfn %lu", "t/mm.c:t_free_one:1",
     "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf", 0xa7a6a5a4a3a2a1a0ULL);
SITE(m_free_b, "t_free", "pfn %lu", "t/mm.c:t_free_many:1",
     "b0b1b2b3b4b5b6b7b8b9babbbcbdbebf", 0xb7b6b5b4b3b2b1b0ULL);
/* A header's static inline, copied into two TUs: one id, two descriptors. */
SITE(m_inline_1, "t_inline", MARK_NOARGS, "t/inline.h:t_get:1",
     "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf", 0xc7c6c5c4c3c2c1c0ULL);
SITE(m_inline_2, "t_inline", MARK_NOARGS, "t/inline.h:t_get:1",
     "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf", 0xc7c6c5c4c3c2c1c0ULL);
SITE(m_tick, "t_tick", "cpu %d", "t/sched.c:t_tick:1",
     "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf", 0xd7d6d5d4d3d2d1d0ULL);
/* Two sites of one name that disagree: no format can be registered. */
SITE(m_split_1, "t_split", "x %d", "t/a.c:t_split:1",
     "e0e1e2e3e4e5e6e7e8e9eaebecedeeef", 0xe7e6e5e4e3e2e1e0ULL);
SITE(m_split_2, "t_split", "x %u", "t/b.c:t_split:1",
     "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", 0xf7f6f5f4f3f2f1f0ULL);

static void result(const char *key, long value)
{
	printf("%s=%ld\n", key, value);
}

static void result_str(const char *key, const char *value)
{
	printf("%s=%s\n", key, value);
}

/* --- sites, as the generated code has them ----------------------------- */

static void fire_open(int fd, const char *path)
{
	struct marker *const m = &m_open;
	const struct marker_probes *ps;
	unsigned int i;

	if (!__atomic_load_n(&m->armed, __ATOMIC_RELAXED))
		return;
	ps = __atomic_load_n(&m->probes, __ATOMIC_ACQUIRE);
	if (ps)
		for (i = 0; i < ps->count; i++)
			ps->entries[i].func(m, ps->entries[i].pdata, m->format,
					    fd, path);
}

static unsigned short strlen16(const char *s)
{
	size_t n = strlen(s);

	return n > 0xffff ? 0xffff : (unsigned short)n;
}

/* The trace handler of t_open: an int, then a string as u16 length + bytes. */
static void trace_open(int fd, const char *path)
{
	struct marker *const m = &m_open;
	unsigned short path_n = strlen16(path);
	unsigned char *r = __marker_trace_reserve(m, sizeof(fd) + 2 + path_n);

	if (r) {
		memcpy(r, &fd, sizeof(fd));
		r += sizeof(fd);
		memcpy(r, &path_n, 2);
		r += 2;
		memcpy(r, path, path_n);
		__marker_trace_commit(m);
	}
}

static void trace_tick(int cpu)
{
	unsigned char *r = __marker_trace_reserve(&m_tick, sizeof(cpu));

	if (r) {
		memcpy(r, &cpu, sizeof(cpu));
		__marker_trace_commit(&m_tick);
	}
}

/* --- probes ------------------------------------------------------------ */

static char calls[256];
static int bad_calls;

/* Appends pdata (a name) to calls, and checks what the site passed. */
static void probe_log(const struct marker *m, void *pdata,
		      const char *format, ...)
{
	va_list args;
	int fd;
	const char *path;

	va_start(args, format);
	fd = va_arg(args, int);
	path = va_arg(args, const char *);
	va_end(args);
	if (m != &m_open || format != m_open.format || fd != 3 ||
	    strcmp(path, "/etc/hostname"))
		bad_calls++;
	if (calls[0])
		strcat(calls, " ");
	strcat(calls, pdata);
}

static void probe_other(const struct marker *m, void *pdata,
			const char *format, ...)
{
}

static const char *fire_and_log(void)
{
	calls[0] = '\0';
	fire_open(3, "/etc/hostname");
	return calls[0] ? calls : "-";
}

static void test_registration(void)
{
	result("sites_t_free", marker_sites("t_free"));
	result("sites_t_inline", marker_sites("t_inline"));
	result("sites_unknown", marker_sites("t_nope"));

	result("register_mismatch",
	       marker_probe_register("t_open", "fd %d path %p", probe_log, "x"));
	result("register_null_format",
	       marker_probe_register("t_open", NULL, probe_log, "x"));
	result("register_unknown",
	       marker_probe_register("t_nope", "fd %d path %s", probe_log, "x"));
	result("register_split_1",
	       marker_probe_register("t_split", "x %d", probe_other, NULL));
	result("register_split_2",
	       marker_probe_register("t_split", "x %u", probe_other, NULL));
	result("register_two_sites",
	       marker_probe_register("t_free", "pfn %lu", probe_other, NULL));
	result("two_sites_share_probes",
	       m_free_a.probes && m_free_a.probes == m_free_b.probes);
	result("two_sites_unregister",
	       marker_probe_unregister("t_free", probe_other, NULL));
	result("two_sites_probes_gone", !m_free_a.probes && !m_free_b.probes);

	/* Priorities: lower first, ties in registration order. */
	result("register_a", marker_probe_register_prio("t_open", "fd %d path %s",
							probe_log, "a", 10));
	result("register_b", marker_probe_register_prio("t_open", "fd %d path %s",
							probe_log, "b", -5));
	result("register_c", marker_probe_register_prio("t_open", "fd %d path %s",
							probe_log, "c", 10));
	result("register_d", marker_probe_register("t_open", "fd %d path %s",
						   probe_log, "d"));
	result("register_duplicate",
	       marker_probe_register_prio("t_open", "fd %d path %s", probe_log,
					  "a", 3));
	result_str("calls_disarmed", fire_and_log());
	result("arm_open", marker_arm("t_open"));
	result_str("calls_armed", fire_and_log());

	result("unregister_a", marker_probe_unregister("t_open", probe_log, "a"));
	result_str("calls_after_unregister", fire_and_log());
	result("unregister_again", marker_probe_unregister("t_open", probe_log, "a"));
	result("unregister_unknown_name",
	       marker_probe_unregister("t_nope", probe_log, "b"));
	result("unregister_b", marker_probe_unregister("t_open", probe_log, "b"));
	result("unregister_c", marker_probe_unregister("t_open", probe_log, "c"));
	result("unregister_d", marker_probe_unregister("t_open", probe_log, "d"));
	result("probes_null_when_none", m_open.probes == NULL);
	result_str("calls_none_left", fire_and_log());
	result("disarm_open", marker_disarm("t_open"));
	result("bad_calls", bad_calls);
}

static void test_arming(void)
{
	const char *set_bad[] = { "t_tick", "t_nope", "t_open" };
	const char *set_good[] = { "t_tick", "t_open" };
	const char *disarm_bad[] = { "t_tick", "t_free" };

	result("arm_tick_1", marker_arm("t_tick"));
	result("arm_tick_2", marker_arm("t_tick"));
	result("tick_armed_2", m_tick.armed);
	result("disarm_tick_1", marker_disarm("t_tick"));
	result("tick_armed_1", m_tick.armed);
	result("disarm_tick_2", marker_disarm("t_tick"));
	result("tick_armed_0", m_tick.armed);
	result("disarm_tick_3", marker_disarm("t_tick"));
	result("arm_unknown", marker_arm("t_nope"));
	result("disarm_unknown", marker_disarm("t_nope"));

	/* By name, every site of the name. */
	result("arm_free", marker_arm("t_free"));
	result("free_armed_both", m_free_a.armed == 1 && m_free_b.armed == 1);

	/* By id, one site; by md5 (either case), the same. */
	result("arm_id_free_b", marker_arm_id("t/mm.c:t_free_many:1"));
	result("free_a_armed", m_free_a.armed);
	result("free_b_armed", m_free_b.armed);
	result("arm_md5_free_a", marker_arm_id("A0A1A2A3A4A5A6A7A8A9AAABACADAEAF"));
	result("free_a_armed_md5", m_free_a.armed);
	result("disarm_free", marker_disarm("t_free"));
	result("free_a_after_disarm", m_free_a.armed);
	result("free_b_after_disarm", m_free_b.armed);
	result("disarm_free_again", marker_disarm("t_free"));
	result("disarm_id_free_b", marker_disarm_id("t/mm.c:t_free_many:1"));
	result("disarm_id_free_b_again", marker_disarm_id("t/mm.c:t_free_many:1"));
	result("disarm_md5_free_a", marker_disarm_id("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"));
	result("free_disarmed", m_free_a.armed == 0 && m_free_b.armed == 0);
	result("arm_id_unknown", marker_arm_id("t/mm.c:t_free_many:2"));

	/* A header's inline site: its id names both copies. */
	result("arm_id_inline", marker_arm_id("t/inline.h:t_get:1"));
	result("inline_armed_both", m_inline_1.armed == 1 && m_inline_2.armed == 1);
	result("disarm_id_inline", marker_disarm_id("c0c1c2c3c4c5c6c7c8c9cacbcccdcecf"));
	result("inline_disarmed", m_inline_1.armed == 0 && m_inline_2.armed == 0);

	/* Sets: all or none. */
	result("arm_set_bad", marker_arm_set(set_bad, 3));
	result("arm_set_bad_nothing_armed", m_tick.armed == 0 && m_open.armed == 0);
	result("arm_set_good", marker_arm_set(set_good, 2));
	result("arm_set_good_armed", m_tick.armed == 1 && m_open.armed == 1);
	result("disarm_set_bad", marker_disarm_set(disarm_bad, 2));
	result("disarm_set_bad_still_armed", m_tick.armed);
	result("disarm_set_good", marker_disarm_set(set_good, 2));
	result("disarm_set_good_disarmed", m_tick.armed == 0 && m_open.armed == 0);
	result("arm_set_empty", marker_arm_set(NULL, 0));
}

/* --- probes changing under a firing site ------------------------------- */

static long stress_calls;
static int stress_stop;

static void probe_count(const struct marker *m, void *pdata,
			const char *format, ...)
{
	__atomic_add_fetch(&stress_calls, 1, __ATOMIC_RELAXED);
}

static void *stress_fire(void *arg)
{
	while (!__atomic_load_n(&stress_stop, __ATOMIC_RELAXED))
		fire_open(3, "/etc/hostname");
	return NULL;
}

static void test_concurrent_registration(void)
{
	static int keys[4];
	pthread_t t;
	long rounds;
	int k, errors = 0;

	marker_arm("t_open");
	pthread_create(&t, NULL, stress_fire, NULL);
	/* Until the site has run probes many times, within bounds. */
	for (rounds = 0; rounds < 1000 ||
	     (__atomic_load_n(&stress_calls, __ATOMIC_RELAXED) < 10000 &&
	      rounds < 10000000); rounds++) {
		for (k = 0; k < 4; k++)
			errors += !!marker_probe_register_prio("t_open", "fd %d path %s",
							       probe_count, &keys[k], k);
		for (k = 0; k < 4; k++)
			errors += !!marker_probe_unregister("t_open", probe_count,
							    &keys[k]);
	}
	__atomic_store_n(&stress_stop, 1, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	marker_disarm("t_open");
	result("stress_errors", errors);
	result("stress_probes_left", m_open.probes != NULL);
	result("stress_fired", stress_calls >= 10000);
}

/* --- the trace handler ------------------------------------------------- */

#define RECORDS 1000

struct writer {
	const char *path;	/* its t_open records' string */
	int base;		/* its t_tick values: base + i */
};

static pthread_barrier_t writers_ready;

static void *writer(void *arg)
{
	struct writer *w = arg;
	int i;

	pthread_barrier_wait(&writers_ready);
	for (i = 0; i < RECORDS; i++) {
		if (i % 2)
			trace_tick(w->base + i);
		else
			trace_open(i, w->path);
	}
	return NULL;
}

/* A buffer of 256 bytes: what fits is kept, the rest counted as lost. */
static void *small_writer(void *arg)
{
	unsigned char *r;
	unsigned long long v;
	int i;

	result("reserve_too_large", __marker_trace_reserve(&m_tick, 0xffffffffUL) == NULL);
	/* Reserved, never committed: replaced by the next record. */
	r = __marker_trace_reserve(&m_tick, 4);
	if (r)
		memset(r, 0xee, 4);
	for (i = 0; i < 20; i++) {
		r = __marker_trace_reserve(&m_free_a, sizeof(v));
		if (!r)
			continue;
		v = i;
		memcpy(r, &v, sizeof(v));
		__marker_trace_commit(&m_free_a);
	}
	return NULL;
}

static void test_trace(const char *dir)
{
	struct writer w[2] = { { "/writer/zero", 0 }, { "/writer/one", 100000 } };
	char path[512], tmp[520];
	pthread_t t[2];
	FILE *f;
	int i;

	pthread_barrier_init(&writers_ready, NULL, 2);
	for (i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, writer, &w[i]);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);

	snprintf(path, sizeof(path), "%s/two-threads.kmtrace", dir);
	result("dump_two_threads", marker_trace_dump(path));
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "rb");
	result("dump_tmp_left", f != NULL);
	if (f)
		fclose(f);

	result("buffer_size_too_small", marker_trace_set_buffer_size(8));
	result("buffer_size_256", marker_trace_set_buffer_size(256));
	pthread_create(&t[0], NULL, small_writer, NULL);
	pthread_join(t[0], NULL);
	fflush(stdout);
	snprintf(path, sizeof(path), "%s/full.kmtrace", dir);
	result("dump_full", marker_trace_dump(path));

	result("dump_bad_dir", marker_trace_dump("/nonexistent-kmark-dir/x.kmtrace"));

	snprintf(path, sizeof(path), "%s/at-exit.kmtrace", dir);
	result("trace_close_unopened", marker_trace_close());
	result("trace_open", marker_trace_open(path));
	result("trace_open_again", marker_trace_open(path));
	trace_tick(7);	/* the main thread's first record: a fourth buffer */
	result("trace_close", marker_trace_close());
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_registration();
	test_arming();
	test_concurrent_registration();
	test_trace(argv[1]);
	result_str("done", "yes");
	return 0;
}
