/*
 * init/main.c
 *
 * The host program: boot (the initcalls), run the workload as many times
 * as asked, print each subsystem's counters, shut down (the exitcalls).
 *
 *	vmlinux [--iterations N]
 */
#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

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
	printk(KERN_ERR "usage: %s [--iterations N]\n", prog);
	return 2;
}

int main(int argc, char **argv)
{
	unsigned int iterations = 1;
	unsigned int i;
	int failures;

	for (i = 1; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "--iterations") && i + 1 < (unsigned int)argc) {
			if (kstrtouint(argv[++i], 10, &iterations))
				return usage(argv[0]);
		} else {
			return usage(argv[0]);
		}
	}

	start_kernel();
	for (i = 1; i <= iterations; i++)
		run_workload(i);

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
	return failures ? 1 : 0;
}
