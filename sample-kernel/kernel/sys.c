/*
 * kernel/sys.c
 *
 * Process attribute system calls.
 */
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/sched.h>
#include <linux/syscalls.h>

asmlinkage long sys_getpid(void)
{
	struct task_struct *tsk = current;

	trace_mark(kernel_getpid, "pid %d comm %s", tsk->pid, tsk->comm);
	return tsk->pid;
}

SYSCALL_DEFINE1(nice, int, increment)
{
	struct task_struct *tsk = current;

	set_user_nice(tsk, PRIO_TO_NICE(tsk->static_prio) + increment);
	return 0;
}
