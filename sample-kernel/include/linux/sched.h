#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/marker.h>
#include <linux/smp.h>
#include <linux/types.h>

#define TASK_RUNNING		0
#define TASK_INTERRUPTIBLE	1
#define TASK_UNINTERRUPTIBLE	2
#define EXIT_ZOMBIE		16
#define EXIT_DEAD		32

#define PF_EXITING		0x00000004	/* getting shut down */
#define PF_KTHREAD		0x00200000	/* I am a kernel thread */

#define CLONE_VM		0x00000100	/* share the address space */
#define CLONE_FILES		0x00000400	/* share the file table */
#define CLONE_UNTRACED		0x00800000	/* no ptrace, ever */

#define TASK_COMM_LEN		16
#define MAX_PRIO		140
#define MAX_NICE		19
#define MIN_NICE		-20
#define DEFAULT_PRIO		120
#define NICE_TO_PRIO(nice)	(DEFAULT_PRIO + (nice))
#define PRIO_TO_NICE(prio)	((prio) - DEFAULT_PRIO)

struct files_struct;

/*
 * There is no register state: a task runs by having thread_fn called once
 * per time slice, and returns 0 when it is done (see kernel/sched.c).
 */
struct task_struct {
	volatile long		state;
	pid_t			pid;
	int			prio;
	int			static_prio;
	int			cpu;
	atomic_t		usage;
	unsigned int		flags;
	int			exit_code;
	unsigned long		nvcsw;		/* voluntary switches */
	unsigned long		nivcsw;		/* involuntary switches */
	struct task_struct	*parent;
	struct list_head	run_list;
	struct list_head	tasks;
	struct list_head	wait_entry;
	struct files_struct	*files;
	int			(*thread_fn)(void *data);
	void			*thread_data;
	char			comm[TASK_COMM_LEN];
};

extern struct task_struct *current_task;

static inline struct task_struct *get_current(void)
{
	return current_task;
}
#define current get_current()

static inline void set_task_state(struct task_struct *tsk, long state)
{
	evmarker(sched_task_state, MARKER_TRACE | MARKER_PROBE, 3,
		 pid_t, tsk->pid, long, tsk->state, long, state);
	tsk->state = state;
}
#define set_current_state(state)	set_task_state(current, (state))

static inline void get_task_struct(struct task_struct *t)
{
	atomic_inc(&t->usage);
	trace_mark(sched_task_get, "pid %d usage %d",
		   t->pid, atomic_read(&t->usage));
}

extern void __put_task_struct(struct task_struct *t);

static inline void put_task_struct(struct task_struct *t)
{
	if (atomic_dec_and_test(&t->usage))
		__put_task_struct(t);
}

/* The letter ps(1) shows for the state. */
static inline char task_state_to_char(const struct task_struct *tsk)
{
	switch (tsk->state) {
	case TASK_RUNNING:		return 'R';
	case TASK_INTERRUPTIBLE:	return 'S';
	case TASK_UNINTERRUPTIBLE:	return 'D';
	case EXIT_ZOMBIE:		return 'Z';
	case EXIT_DEAD:			return 'X';
	default:			return '?';
	}
}

/* kernel/sched.c */
extern void wake_up_new_task(struct task_struct *p);
extern int wake_up_process(struct task_struct *p);
asmlinkage void schedule(void);
extern void scheduler_tick(void);
extern void set_user_nice(struct task_struct *p, long nice);
extern bool sched_run_slice(int cpu);
extern struct task_struct *idle_task(int cpu);
extern void sched_show_stats(void);

/* kernel/fork.c */
extern long do_fork(unsigned long clone_flags, int (*fn)(void *), void *arg,
		    const char *name);
extern pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name,
			   unsigned long clone_flags);
extern void do_exit(long code);
extern int nr_threads;
extern void fork_show_stats(void);

#endif /* _LINUX_SCHED_H */
