/*
 * kernel/fork.c
 *
 * Creating kernel threads, and reaping them when they exit.
 */
#include <linux/errno.h>
#include <linux/fdtable.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

static struct kmem_cache *task_struct_cachep;
static LIST_HEAD(all_tasks);
static pid_t last_pid;
int nr_threads;

static unsigned long total_forks;
static unsigned long total_exits;
static unsigned long total_frees;

static struct task_struct *dup_task_struct(struct task_struct *orig)
{
	struct task_struct *tsk;

	tsk = kmem_cache_alloc(task_struct_cachep, GFP_KERNEL);
	if (!tsk)
		return NULL;
	*tsk = *orig;
	atomic_set(&tsk->usage, 1);
	evmarker(kernel_task_dup, MARKER_PROBE, 2,
		 struct task_struct *, orig, struct task_struct *, tsk);
	return tsk;
}

static int copy_files(unsigned long clone_flags, struct task_struct *tsk)
{
	struct files_struct *oldf = current->files;

	if ((clone_flags & CLONE_FILES) && oldf) {
		atomic_inc(&oldf->count);
		return 0;
	}
	tsk->files = alloc_files();
	return tsk->files ? 0 : -ENOMEM;
}

static struct task_struct *copy_process(unsigned long clone_flags,
					int (*fn)(void *), void *arg,
					const char *name)
{
	struct task_struct *parent = current;
	struct task_struct *p;

	p = dup_task_struct(parent);
	if (!p)
		return NULL;
	p->pid = ++last_pid;
	p->state = TASK_UNINTERRUPTIBLE;	/* until wake_up_new_task() */
	p->flags = PF_KTHREAD;
	p->exit_code = 0;
	p->nvcsw = p->nivcsw = 0;
	p->static_prio = p->prio = DEFAULT_PRIO;
	p->parent = parent;
	p->thread_fn = fn;
	p->thread_data = arg;
	INIT_LIST_HEAD(&p->run_list);
	INIT_LIST_HEAD(&p->wait_entry);
	strscpy(p->comm, name, sizeof(p->comm));

	if (copy_files(clone_flags, p)) {
		kmem_cache_free(task_struct_cachep, p);
		return NULL;
	}
	list_add_tail(&p->tasks, &all_tasks);
	get_task_struct(p);	/* the task list's reference */
	nr_threads++;
	return p;
}

long do_fork(unsigned long clone_flags, int (*fn)(void *), void *arg,
	     const char *name)
{
	struct task_struct *p;
	pid_t pid;

	p = copy_process(clone_flags, fn, arg, name);
	if (!p)
		return -ENOMEM;
	pid = p->pid;
	trace_mark(kernel_process_fork,
		   "parent_pid %d child_pid %d clone_flags %#lx comm %s",
		   p->parent->pid, pid, clone_flags, p->comm);
	total_forks++;
	wake_up_new_task(p);
	return pid;
}

pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name,
		    unsigned long clone_flags)
{
	return do_fork(clone_flags | CLONE_VM | CLONE_UNTRACED, fn, arg, name);
}

/* Kernel threads have nobody to wait() for them: they are reaped at once. */
static void release_task(struct task_struct *p)
{
	list_del_init(&p->tasks);
	nr_threads--;
	p->state = EXIT_DEAD;
	put_task_struct(p);	/* the task list's reference */
}

/*
 * Unlike the real one this returns, to sched_run_slice(), whose next
 * schedule() leaves the dead task for good.
 */
void do_exit(long code)
{
	struct task_struct *tsk = current;

	tsk->flags |= PF_EXITING;
	tsk->exit_code = code;
	if (tsk->files) {
		put_files_struct(tsk->files);
		tsk->files = NULL;
	}
	set_task_state(tsk, EXIT_ZOMBIE);
	trace_mark(kernel_process_exit, "pid %d code %ld state %c",
		   tsk->pid, code, task_state_to_char(tsk));
	total_exits++;
	release_task(tsk);
}

void __put_task_struct(struct task_struct *tsk)
{
	evmarker(kernel_process_free, MARKER_TRACE, 2,
		 pid_t, tsk->pid, const char *, tsk->comm);
	total_frees++;
	kmem_cache_free(task_struct_cachep, tsk);
}

void fork_show_stats(void)
{
	printk(KERN_INFO "fork: %lu threads created, %lu exited, %lu freed\n",
	       total_forks, total_exits, total_frees);
}

static int __init fork_init(void)
{
	task_struct_cachep = kmem_cache_create("task_struct",
					       sizeof(struct task_struct), 0,
					       SLAB_PANIC, NULL);
	return 0;
}
arch_initcall(fork_init);
