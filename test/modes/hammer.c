/*
 * test/modes/hammer.c: one markup mode's sites, armed and disarmed, for
 * test/modes/patching.test.ts. Built with the sites kmark generates for
 * this file (the probe handler) and the runtime (kernel/marker.c,
 * kernel/static_key.c). Prints one "key=value" line per result.
 *
 * - the bytes of hammer_event's sites, dormant, armed, and disarmed again
 *   (the static-key and symbol modes' tables, walked here as the runtime
 *   walks them), and how the symbol mode's site is armed (kernel/djprobe.c:
 *   "jump", or the reason for the trap);
 * - events only while armed, with the site's argument, nesting included;
 * - one thread calling the site without a pause while another arms and
 *   disarms it: no crash, no event with a wrong argument, events while
 *   armed, none once disarmed, and the dormant bytes at the end.
 *
 *	hammer FLIPS
 */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/kernel.h>
#include <linux/marker.h>

struct jump_entry {
	unsigned long code, target;
	struct marker *m;
};

struct probe_site {
	unsigned long pc;
	struct marker *m;
	void (*trampoline)(const unsigned long long *args);
	const char *args;
	const unsigned long *ends;
};

extern struct jump_entry __start___kmark_jump_table[] __weak;
extern struct jump_entry __stop___kmark_jump_table[] __weak;
extern struct probe_site __start___kmark_probe_table[] __weak;
extern struct probe_site __stop___kmark_probe_table[] __weak;
extern unsigned long __marker_text_traps;
const char *__marker_jump_reason(unsigned long pc) __weak;

static unsigned long fired, bad_args, last_arg;
static int last_x;
static char last_s[16];
static volatile int stop, running;

__attribute__((__noinline__)) void hammer_site(unsigned long i)
{
	trace_mark(hammer_event, "i %lu", i);
}

/* Never armed: its sites must stay dormant whatever happens to the other. */
__attribute__((__noinline__)) void quiet_site(int x, const char *s)
{
	trace_mark(hammer_quiet, "x %d s %s", x, s);
}

/* A value from a global, which the symbol mode reads through %rip. */
unsigned long hammer_global = 4242;

__attribute__((__noinline__)) void global_site(int x, const char *s)
{
	trace_mark(hammer_global_event, "g %lu x %d s %s", hammer_global, x, s);
}

static void probe(const struct marker *m, void *pdata, const char *format, ...)
{
	unsigned long i;
	va_list args;

	(void)m;
	(void)pdata;
	(void)format;
	va_start(args, format);
	i = va_arg(args, unsigned long);
	va_end(args);
	/* One calling thread, counting up: each event's argument is above the last. */
	if (__atomic_load_n(&fired, __ATOMIC_RELAXED) && i <= last_arg)
		__atomic_add_fetch(&bad_args, 1, __ATOMIC_RELAXED);
	last_arg = i;
	__atomic_add_fetch(&fired, 1, __ATOMIC_RELAXED);
}

static void probe_global(const struct marker *m, void *pdata, const char *format, ...)
{
	unsigned long g;
	va_list args;

	(void)m;
	(void)pdata;
	(void)format;
	va_start(args, format);
	g = va_arg(args, unsigned long);
	last_x = va_arg(args, int);
	snprintf(last_s, sizeof(last_s), "%s", va_arg(args, const char *));
	va_end(args);
	last_arg = g;
}

/* The first byte of every site of @name, as hex pairs; "-" when the mode has no table. */
static void site_bytes(const char *key, const char *name)
{
	char out[512] = "";
	size_t n = 0;
	struct jump_entry *e;
	struct probe_site *p;

	for (e = __start___kmark_jump_table; e && e < __stop___kmark_jump_table; e++) {
		const unsigned char *c = (const unsigned char *)e->code;
		int k;

		if (strcmp(e->m->name, name))
			continue;
		for (k = 0; k < 5 && n + 3 < sizeof(out); k++)
			n += (size_t)snprintf(out + n, sizeof(out) - n, "%02x", c[k]);
		if (n + 2 < sizeof(out))
			out[n++] = ' ', out[n] = '\0';
	}
	for (p = __start___kmark_probe_table; p && p < __stop___kmark_probe_table; p++) {
		const unsigned char *c = (const unsigned char *)p->pc;
		int k;

		if (strcmp(p->m->name, name))
			continue;
		for (k = 0; k < 5 && n + 3 < sizeof(out); k++)
			n += (size_t)snprintf(out + n, sizeof(out) - n, "%02x", c[k]);
		if (n + 2 < sizeof(out))
			out[n++] = ' ', out[n] = '\0';
	}
	if (n)
		out[n - 1] = '\0';
	printf("%s=%s\n", key, n ? out : "-");
}

/* How the symbol mode armed @name's sites: "jump" or the trap's reason; "-" in other modes. */
static bool arming(const char *name)
{
	struct probe_site *p;

	for (p = __start___kmark_probe_table; p && p < __stop___kmark_probe_table; p++) {
		const char *reason = __marker_jump_reason ? __marker_jump_reason(p->pc) : "no kernel/djprobe.c";

		if (!strcmp(p->m->name, name)) {
			printf("arming=%s\n", reason ? reason : "jump");
			return !reason;
		}
	}
	printf("arming=-\n");
	return false;
}

static void result(const char *key, long value)
{
	printf("%s=%ld\n", key, value);
}

static unsigned long calls;

static void *hammer(void *arg)
{
	unsigned long i = 1000000;

	(void)arg;
	while (!__atomic_load_n(&stop, __ATOMIC_RELAXED)) {
		hammer_site(++i);
		quiet_site((int)i, "quiet");
		__atomic_store_n(&running, 1, __ATOMIC_RELAXED);
	}
	calls = i - 1000000;
	return NULL;
}

int main(int argc, char **argv)
{
	long flips = argc > 1 ? atol(argv[1]) : 2000;
	unsigned long i, before;
	pthread_t t;
	long k, errors = 0;
	bool jumps;

	setvbuf(stdout, NULL, _IONBF, 0);
	result("sites", marker_sites("hammer_event"));
	result("register", marker_probe_register("hammer_event", "i %lu", probe, NULL));
	result("register_global", marker_probe_register("hammer_global_event", "g %lu x %d s %s", probe_global, NULL));
	site_bytes("bytes_dormant", "hammer_event");

	for (i = 0; i < 100; i++)
		hammer_site(i);
	result("fired_disarmed", (long)fired);

	result("arm", marker_arm("hammer_event"));
	site_bytes("bytes_armed", "hammer_event");
	/* A patch of 5 bytes has a moment when threads trap (its hlt). */
	jumps = __start___kmark_jump_table || arming("hammer_event");
	site_bytes("bytes_quiet", "hammer_quiet");
	for (i = 1; i <= 100; i++)
		hammer_site(i);
	result("fired_armed", (long)fired);
	result("last_arg", (long)last_arg);

	/* Nesting: armed twice, one disarm leaves it armed. */
	result("arm_again", marker_arm("hammer_event"));
	result("disarm_once", marker_disarm("hammer_event"));
	site_bytes("bytes_nested", "hammer_event");
	hammer_site(1000);
	result("fired_nested", (long)fired);
	result("disarm", marker_disarm("hammer_event"));
	site_bytes("bytes_disarmed", "hammer_event");
	before = fired;
	for (i = 0; i < 100; i++)
		hammer_site(2000 + i);
	result("fired_after_disarm", (long)(fired - before));

	/* Arguments of several kinds, one of them a global. */
	result("arm_global", marker_arm("hammer_global_event"));
	global_site(-7, "seven");
	result("global_g", (long)last_arg);
	result("global_x", last_x);
	printf("global_s=%s\n", last_s);
	result("disarm_global", marker_disarm("hammer_global_event"));

	/* The hammer: one thread runs the site, this one arms and disarms it. */
	fired = 0;
	last_arg = 0;
	if (pthread_create(&t, NULL, hammer, NULL))
		return 2;
	while (!__atomic_load_n(&running, __ATOMIC_RELAXED))
		;
	/*
	 * FLIPS flips, and more while no thread has met a site being patched
	 * (the two threads on one CPU for a while), up to 40 times as many.
	 */
	for (k = 0; k < flips || (k < 40 * flips && jumps &&
				  !__atomic_load_n(&__marker_text_traps, __ATOMIC_RELAXED)); k++) {
		errors += marker_arm("hammer_event") != 0;
		errors += marker_disarm("hammer_event") != 0;
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	result("flips", k);
	result("flip_errors", errors);
	result("hammer_calls", (long)calls);
	result("hammer_fired", (long)fired);
	result("hammer_bad_args", (long)bad_args);
	result("hammer_patch_traps", (long)__marker_text_traps);
	site_bytes("bytes_end", "hammer_event");
	site_bytes("bytes_quiet_end", "hammer_quiet");
	before = fired;
	for (i = 0; i < 100; i++)
		hammer_site(5000000 + i);
	result("fired_end", (long)(fired - before));
	printf("done=yes\n");
	return 0;
}
