/*
 * init/main.c
 *
 * The host program: boot (the initcalls), run the workload as many times
 * as asked, print each subsystem's counters, shut down (the exitcalls).
 *
 *	vmlinux [--iterations N] [--arm NAME[,NAME...]] [--arm @PROFILE]
 *		[--arm-id ID|MD5] [--trace FILE] [--trace-mode discard|overwrite]
 *		[--trace-buffer BYTES] [--live] [--ctl SOCKET]
 *
 * --arm arms the markers named (every --arm together, all or none),
 * --arm @PROFILE those of a profile file, --arm-id one site by its id
 * (PATH:FUNCTION:ORDINAL) or md5, before boot; --trace FILE dumps the trace
 * handler's records there at exit; with --trace-mode overwrite a full buffer
 * overwrites its oldest records (the flight recorder) instead of dropping new
 * ones; --trace-buffer sets the size of each thread's buffer (1 MiB by
 * default). --live runs the workload until SIGINT or SIGTERM, --ctl SOCKET
 * serves the control channel there (docs/live.md).
 */
#include <linux/blkdev.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "workload.h"

#define DECLARE_INITCALL_LEVEL(n)				\
	extern initcall_t __start_initcall##n[] __weak;		\
	extern initcall_t __stop_initcall##n[] __weak

/* Weak: a level nobody uses has no section, and both ends are NULL. */
DECLARE_INITCALL_LEVEL(1);
DECLARE_INITCALL_LEVEL(2);
DECLARE_INITCALL_LEVEL(3);
DECLARE_INITCALL_LEVEL(4);
DECLARE_INITCALL_LEVEL(5);
DECLARE_INITCALL_LEVEL(6);
DECLARE_INITCALL_LEVEL(7);

extern exitcall_t __start_exitcall[] __weak;
extern exitcall_t __stop_exitcall[] __weak;

static initcall_t *initcall_levels[][2] __initdata = {
	{ __start_initcall1, __stop_initcall1 },	/* core */
	{ __start_initcall2, __stop_initcall2 },	/* postcore */
	{ __start_initcall3, __stop_initcall3 },	/* arch */
	{ __start_initcall4, __stop_initcall4 },	/* subsys */
	{ __start_initcall5, __stop_initcall5 },	/* fs */
	{ __start_initcall6, __stop_initcall6 },	/* device */
	{ __start_initcall7, __stop_initcall7 },	/* late */
};

static void __init do_initcalls(void)
{
	initcall_t *fn;
	unsigned int level;
	int ret;

	for (level = 0; level < ARRAY_SIZE(initcall_levels); level++) {
		for (fn = initcall_levels[level][0];
		     fn < initcall_levels[level][1]; fn++) {
			ret = (*fn)();
			if (ret)
				panic("initcall at level %u failed: %d",
				      level + 1, ret);
		}
	}
}

asmlinkage __visible void __init start_kernel(void)
{
#ifdef CONFIG_MARKERS
	printk(KERN_NOTICE "kmark sample kernel, markers on\n");
#else
	printk(KERN_NOTICE "kmark sample kernel, markers off\n");
#endif
	do_initcalls();
}

static void kernel_power_off(void)
{
	exitcall_t *fn;

	for (fn = __start_exitcall; fn < __stop_exitcall; fn++)
		(*fn)();
	printk(KERN_NOTICE "reboot: Power down\n");
}

static int usage(const char *prog)
{
	printk(KERN_ERR "usage: %s [--iterations N] [--arm NAME[,NAME...]|@PROFILE] "
	       "[--arm-id ID|MD5] [--trace FILE] [--trace-mode discard|overwrite] "
	       "[--trace-buffer BYTES] [--live] [--ctl SOCKET]\n", prog);
	return 2;
}

/*
 * The marker runtime, kernel/marker.o, is only linked when markers are on:
 * weak, its functions are NULL in a build without it.
 */
#pragma weak marker_arm_set
#pragma weak marker_arm_id
#pragma weak marker_sites
#pragma weak marker_trace_open
#pragma weak marker_trace_close
#pragma weak marker_trace_set_mode
#pragma weak marker_trace_set_buffer_size
#pragma weak marker_arm_profile
#pragma weak marker_ctl_start
#pragma weak marker_ctl_stop

static bool markers_linked(const char *option)
{
	if (marker_arm_set)
		return true;
	printk(KERN_ERR "vmlinux: %s: markers are off in this build\n", option);
	return false;
}

/* The names of every --arm, split at commas (in place), armed as one set. */
static int arm_markers(char **values, unsigned int count)
{
	unsigned int n = count, i;
	char *s;
	int ret;

	for (i = 0; i < count; i++)
		for (s = values[i]; *s; s++)
			n += *s == ',';
	if (!n)
		return 0;
	{
		const char *names[n];

		n = 0;
		for (i = 0; i < count; i++) {
			for (names[n++] = s = values[i]; *s; s++) {
				if (*s == ',') {
					*s = '\0';
					names[n++] = s + 1;
				}
			}
		}
		ret = marker_arm_set(names, n);
		if (ret == -ENOENT) {
			for (i = 0; i < n; i++)
				if (marker_sites(names[i]) <= 0)
					printk(KERN_ERR "vmlinux: --arm: no marker named '%s'\n",
					       names[i]);
		} else if (ret) {
			printk(KERN_ERR "vmlinux: --arm: cannot arm: error %d\n", ret);
		}
	}
	return ret;
}

static int arm_profiles(char **values, unsigned int count)
{
	unsigned int i;
	int ret;

	for (i = 0; i < count; i++) {
		ret = marker_arm_profile(values[i] + 1);
		if (ret)
			return ret;
	}
	return 0;
}

static int arm_sites(char **ids, unsigned int count)
{
	unsigned int i;
	int ret;

	for (i = 0; i < count; i++) {
		ret = marker_arm_id(ids[i]);
		if (ret == -ENOENT)
			printk(KERN_ERR "vmlinux: --arm-id: no marker site with id or md5 '%s'\n",
			       ids[i]);
		else if (ret)
			printk(KERN_ERR "vmlinux: --arm-id %s: error %d\n", ids[i], ret);
		if (ret)
			return ret;
	}
	return 0;
}

static volatile sig_atomic_t stopping;

static void stop(int sig)
{
	stopping = 1;
}

/* --live: an iteration every 100 ms until SIGINT or SIGTERM. */
static unsigned int run_live(void)
{
	const struct timespec pause = { .tv_nsec = 100 * 1000 * 1000 };
	struct sigaction sa = { .sa_handler = stop };
	unsigned int i;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	for (i = 1; !stopping; i++) {
		run_workload(i);
		nanosleep(&pause, NULL);
	}
	return i - 1;
}

int main(int argc, char **argv)
{
	char *arm[argc], *arm_id[argc], *profiles[argc];
	unsigned int nr_arm = 0, nr_arm_id = 0, nr_profiles = 0;
	unsigned int iterations = 1;
	const char *trace = NULL, *ctl = NULL;
	enum marker_trace_mode mode = MARKER_TRACE_DISCARD;
	unsigned int buffer_size = 0;
	bool live = false;
	unsigned int i;
	int failures, ret;

	for (i = 1; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "--iterations") && i + 1 < (unsigned int)argc) {
			if (kstrtouint(argv[++i], 10, &iterations))
				return usage(argv[0]);
		} else if (!strcmp(argv[i], "--arm") && i + 1 < (unsigned int)argc) {
			if (!markers_linked(argv[i]))
				return 2;
			if (argv[++i][0] == '@')
				profiles[nr_profiles++] = argv[i];
			else
				arm[nr_arm++] = argv[i];
		} else if (!strcmp(argv[i], "--arm-id") && i + 1 < (unsigned int)argc) {
			if (!markers_linked(argv[i]))
				return 2;
			arm_id[nr_arm_id++] = argv[++i];
		} else if (!strcmp(argv[i], "--trace") && i + 1 < (unsigned int)argc) {
			if (!markers_linked(argv[i]))
				return 2;
			trace = argv[++i];
		} else if (!strcmp(argv[i], "--trace-mode") && i + 1 < (unsigned int)argc) {
			if (!markers_linked(argv[i]))
				return 2;
			if (!strcmp(argv[++i], "overwrite"))
				mode = MARKER_TRACE_OVERWRITE;
			else if (strcmp(argv[i], "discard"))
				return usage(argv[0]);
		} else if (!strcmp(argv[i], "--trace-buffer") && i + 1 < (unsigned int)argc) {
			if (!markers_linked(argv[i]))
				return 2;
			if (kstrtouint(argv[++i], 10, &buffer_size) ||
			    marker_trace_set_buffer_size(buffer_size))
				return usage(argv[0]);
		} else if (!strcmp(argv[i], "--ctl") && i + 1 < (unsigned int)argc) {
			if (!markers_linked(argv[i]))
				return 2;
			ctl = argv[++i];
		} else if (!strcmp(argv[i], "--live")) {
			live = true;
		} else {
			return usage(argv[0]);
		}
	}

	/* Before boot, so that the markers on the boot path fire too. */
	if (arm_markers(arm, nr_arm) || arm_profiles(profiles, nr_profiles) ||
	    arm_sites(arm_id, nr_arm_id))
		return 2;
	/* Whoever watches a long-lived kernel reads its console as it goes. */
	if (live || ctl)
		setvbuf(stdout, NULL, _IOLBF, 0);
	if (ctl) {
		ret = marker_ctl_start(ctl);
		if (ret) {
			printk(KERN_ERR "vmlinux: --ctl %s: cannot listen there: error %d\n",
			       ctl, ret);
			return 2;
		}
		printk(KERN_NOTICE "marker: control channel on %s\n", ctl);
	}
	if (trace) {
		marker_trace_set_mode(mode);
		ret = marker_trace_open(trace);
		if (ret) {
			printk(KERN_ERR "vmlinux: --trace %s: cannot create it: error %d\n",
			       trace, ret);
			return 2;
		}
	}

	start_kernel();
	if (live)
		iterations = run_live();
	else
		for (i = 1; i <= iterations; i++)
			run_workload(i);
	if (ctl)
		marker_ctl_stop();

	sched_show_stats();
	fork_show_stats();
	mm_show_stats();
	slab_show_stats();
	fs_show_stats();
	blk_show_stats();
	net_show_stats();

	failures = workload_failures();
	if (failures)
		printk(KERN_ERR "workload: %d checks failed\n", failures);
	kernel_power_off();
	if (trace) {
		ret = marker_trace_close();
		if (ret) {
			printk(KERN_ERR "vmlinux: --trace %s: cannot write it: error %d\n",
			       trace, ret);
			return 1;
		}
	}
	return failures ? 1 : 0;
}
