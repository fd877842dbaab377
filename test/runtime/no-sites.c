/*
 * The marker runtime linked into a program without a single marker site:
 * there is no "__markers" section, and the runtime's weak references to its
 * bounds are NULL. Everything is an unknown name; a dump has no buffer.
 *
 *	no-sites FILE
 */
#include <stdio.h>

#include <linux/kernel.h>
#include <linux/marker.h>

static void probe(const struct marker *m, void *pdata, const char *format, ...)
{
}

int main(int argc, char **argv)
{
	const char *names[] = { "anything" };

	if (argc != 2)
		return 2;
	printf("sites=%d\n", marker_sites("anything"));
	printf("arm=%d\n", marker_arm("anything"));
	printf("arm_id=%d\n", marker_arm_id("kernel/sched.c:schedule:1"));
	printf("arm_set=%d\n", marker_arm_set(names, 1));
	printf("register=%d\n", marker_probe_register("anything", MARK_NOARGS,
						      probe, NULL));
	printf("dump=%d\n", marker_trace_dump(argv[1]));
	return 0;
}
