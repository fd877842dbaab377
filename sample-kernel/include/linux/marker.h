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
 *		void fn(const char *name, const char *fmt, ...)
 *	instead of the configured handlers (fmt is the printk format, derived
 *	from the declared types for an evmarker).
 */

#include <linux/compiler.h>

/* The handlers an evmarker may ever be dispatched to. */
#define MARKER_PRINTK	1
#define MARKER_TRACE	2
#define MARKER_PROBE	4

/* trace_mark() format of a marker without arguments. */
#define MARK_NOARGS	" "

#if !defined(CONFIG_MARKERS) && !defined(ENABLE_LOCAL_MARKERS)

/*
 * Markers off: nothing runs and no generated file is needed, but gcc still
 * checks each trace_mark() format against its arguments (-Wformat).
 */
static inline void __printf(1, 2) __mark_check_format(const char *fmt, ...)
{
}

#define trace_mark(name, format, args...)				\
	do {								\
		if (0)							\
			__mark_check_format(format, ## args);		\
	} while (0)

/* Its arguments are types as much as values: nothing to check them with. */
#define evmarker(tag, handlers, nr, ...)	do { } while (0)

#else /* markers on, for the whole kernel or for this file */

#error "markers on: the kmark-generated marker header is not implemented yet"

#endif

#endif /* _LINUX_MARKER_H */
