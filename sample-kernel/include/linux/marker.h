#ifndef _LINUX_MARKER_H
#define _LINUX_MARKER_H

/*
 * Static instrumentation markers.
 *
 *   trace_mark(subsystem_event, "field1 %d field2 %s", arg1, arg2);
 *   evmarker(subsystem_event, MARKER_TRACE | MARKER_PROBE, 2,
 *            pid_t, p->pid, long, p->state);
 *
 * A marker site is known by PATH:FUNCTION:ORDINAL, e.g.
 * "kernel/sched.c:schedule:1"; kmark finds the sites and generates what the
 * configured mode needs.
 *
 * Per file, before any #include:
 *   #define ENABLE_LOCAL_MARKERS	this file's markers are on even when
 *					CONFIG_MARKERS is off;
 *   #define LOCAL_MARKERS_HANDLER fn	this file's markers call
 *		static void fn(const char *name, const char *fmt, ...)
 *	instead of the configured handlers (fmt is the printk format, derived
 *	from the declared types for an evmarker), defined in that file.
 *
 * The runtime (kernel/marker.c) and its API: docs/runtime.md.
 */

#include <linux/compiler.h>
#include <linux/types.h>

/* The handlers an evmarker may ever be dispatched to. */
#define MARKER_PRINTK	1
#define MARKER_TRACE	2
#define MARKER_PROBE	4

/* trace_mark() format of a marker without arguments. */
#define MARK_NOARGS	" "

/*
 * The runtime (kernel/marker.c, docs/runtime.md). Declared whatever the
 * mode, so that the runtime, a tracer or a test always sees them.
 */
struct marker;

/* Called as probe(m, pdata, m->format, the site's arguments...). */
typedef void marker_probe_func(const struct marker *mdata, void *pdata,
			       const char *format, ...);

struct marker_probe {
	marker_probe_func *func;
	void *pdata;
	int priority;			/* lower runs first; ties in registration order */
};

struct marker_probes {			/* an immutable snapshot, replaced as a whole */
	unsigned int count;
	struct marker_probe entries[];
};

/*
 * One per site, in section "__markers", walked as an array from
 * __start___markers to __stop___markers: the alignment makes its size a
 * multiple of 8 on every ABI, so that the descriptors of consecutive sites
 * (each placed 8-aligned) sit exactly one sizeof apart.
 */
struct marker {
	const char *name;
	const char *format;		/* what probes must register with */
	const char *id;			/* "kernel/sched.c:schedule:1" */
	const char *md5;		/* 32 lower-case hex digits */
	unsigned long long event_id;	/* the first 8 bytes of the md5 */
	unsigned int handlers;		/* MARKER_PRINTK | MARKER_TRACE | MARKER_PROBE */
	int armed;			/* nesting count: the dormant site tests it */
	struct marker_probes *probes;	/* NULL when none */
} __aligned(8);

/* Probes: 0 or -EINVAL (format), -ENOENT (name), -EEXIST, -ENOMEM. */
int marker_probe_register(const char *name, const char *format,
			  marker_probe_func *probe, void *pdata);
int marker_probe_register_prio(const char *name, const char *format,
			       marker_probe_func *probe, void *pdata,
			       int priority);
int marker_probe_unregister(const char *name, marker_probe_func *probe,
			    void *pdata);

/* Arming nests: armed twice, disarmed twice. */
int marker_arm(const char *name);
int marker_disarm(const char *name);
int marker_arm_id(const char *id_or_md5);
int marker_disarm_id(const char *id_or_md5);
int marker_arm_set(const char *const *names, unsigned int count);
int marker_disarm_set(const char *const *names, unsigned int count);
/* A set whose keys are names, ids or md5s (docs/live.md). */
int marker_arm_keys(const char *const *keys, unsigned int count);
int marker_disarm_keys(const char *const *keys, unsigned int count);

/* How many sites are named @name: 0 for an unknown name. */
int marker_sites(const char *name);

/* The trace handler: per-thread buffers, dumped to a file. */
void *__marker_trace_reserve(const struct marker *m, size_t payload);
void __marker_trace_commit(const struct marker *m);
int marker_trace_set_buffer_size(size_t bytes);
/* What a full trace buffer does (docs/runtime.md): drop new records, or overwrite the oldest. */
enum marker_trace_mode { MARKER_TRACE_DISCARD, MARKER_TRACE_OVERWRITE };
int marker_trace_set_mode(enum marker_trace_mode mode);
int marker_trace_dump(const char *path);
int marker_trace_open(const char *path);
int marker_trace_close(void);

/* Live control (kernel/marker_ctl.c, docs/live.md). */
int marker_ctl_start(const char *socket_path);
void marker_ctl_stop(void);
bool marker_key_known(const char *key);
int marker_arm_profile(const char *path);

/*
 * Checks a trace_mark() format against its arguments (-Wformat) at no
 * run-time cost, in either mode.
 */
static inline void __printf(1, 2) __mark_check_format(const char *fmt, ...)
{
}

#if !defined(CONFIG_MARKERS) && !defined(ENABLE_LOCAL_MARKERS)

/*
 * Markers off: nothing runs and no generated file is needed, but gcc still
 * checks each trace_mark() format against its arguments.
 */
#define trace_mark(name, format, args...)				\
	do {								\
		if (0)							\
			__mark_check_format(format, ## args);		\
	} while (0)

/* Its arguments are types as much as values: nothing to check them with. */
#define evmarker(tag, handlers, nr, ...)	do { } while (0)

#else /* markers on, for the whole kernel or for this file */

/*
 * The generated front header defines trace_mark() and evmarker(); the
 * build names this file's generated header (its sites' descriptors and
 * fire functions) with -DKMARK_TU_HEADER='"path/to/tu.kmark.h"'.
 */
#include <generated/kmark-front.h>
#ifdef LOCAL_MARKERS_HANDLER
/* The file's own handler, defined further down it: its sites call it. */
static void LOCAL_MARKERS_HANDLER(const char *name, const char *fmt, ...);
#endif
#ifdef KMARK_TU_HEADER
#include KMARK_TU_HEADER
#endif

#endif

#endif /* _LINUX_MARKER_H */
