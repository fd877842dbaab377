/*
 * kernel/sched.c
 *
 * Round-robin scheduling by priority over per-CPU run queues.
 *
 * There is no register state to switch: sched_run_slice() picks the next
 * task of a CPU and calls its thread function once. A task that wants to
 * sleep sets its state before returning; a system call that would block
 * puts its caller on a wait queue and returns -ERESTARTSYS, and the task
 * issues the call again once woken.
 */
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/syscalls.h>
#include <linux/wait.h>

struct rq {
	int			cpu;
	unsigned long		nr_running;	/* queued, not counting curr */
	unsigned long		nr_switches;
	unsigned long		nr_wakeups;
	unsigned long		nr_yields;
	unsigned long		nr_ticks;
	struct task_struct	*curr;
	struct task_struct	*idle;
	struct list_head	queue;
};

static struct rq runqueues[NR_CPUS];
static struct task_struct idle_tasks[NR_CPUS];

struct task_struct *current_task;
#ifdef CONFIG_SMP
int __this_cpu;
#endif

static inline struct rq *cpu_rq(int cpu)
{
	return &runqueues[cpu];
}

static inline struct rq *this_rq(void)
{
	return cpu_rq(smp_processor_id());
}

struct task_struct *idle_task(int cpu)
{
	return cpu_rq(cpu)->idle;
}

static void enqueue_task(struct rq *rq, struct task_struct *p)
{
	evmarker(sched_enqueue, MARKER_TRACE, 3,
		 pid_t, p->pid, int, p->prio, int, rq->cpu);
	list_add_tail(&p->run_list, &rq->queue);
	rq->nr_running++;
}

/* The first queued task of the best priority, else the idle task. */
static struct task_struct *pick_next_task(struct rq *rq)
{
	struct task_struct *p, *next = NULL;

	list_for_each_entry(p, &rq->queue, run_list)
		if (!next || p->prio < next->prio)
			next = p;
	if (!next)
		return rq->idle;
	list_del_init(&next->run_list);
	rq->nr_running--;
	return next;
}

static void context_switch(struct rq *rq, struct task_struct *prev,
			   struct task_struct *next)
{
	rq->curr = next;
	current_task = next;
	/* Nothing runs on a reaped task any more: drop the CPU's reference. */
	if (prev->state == EXIT_DEAD)
		put_task_struct(prev);
}

#ifdef CONFIG_SMP
/* A new task goes to the CPU with the fewest queued tasks. */
static int select_task_rq(struct task_struct *p)
{
	int cpu, best = p->cpu;

	for_each_online_cpu(cpu)
		if (cpu_rq(cpu)->nr_running < cpu_rq(best)->nr_running)
			best = cpu;
	return best;
}
#endif

void wake_up_new_task(struct task_struct *p)
{
#ifdef CONFIG_SMP
	int cpu = select_task_rq(p);

	trace_mark(sched_migrate_task, "pid %d orig_cpu %d dest_cpu %d",
		   p->pid, p->cpu, cpu);
	p->cpu = cpu;
#else
	evmarker(sched_wakeup_new, MARKER_PRINTK, 2,
		 pid_t, p->pid, const char *, p->comm);
#endif
	p->state = TASK_RUNNING;
	enqueue_task(cpu_rq(p->cpu), p);
}

int wake_up_process(struct task_struct *p)
{
	struct rq *rq = cpu_rq(p->cpu);

	if (p->state == TASK_RUNNING)
		return 0;
	trace_mark(sched_wakeup,
		   "pid %d prio %d comm %s target_cpu %d",
		   p->pid, p->prio, p->comm, p->cpu);
	p->state = TASK_RUNNING;
	rq->nr_wakeups++;
	/* Still the CPU's current task: schedule() will requeue it. */
	if (rq->curr != p)
		enqueue_task(rq, p);
	return 1;
}

asmlinkage __visible void schedule(void)
{
	struct rq *rq = this_rq();
	struct task_struct *prev = rq->curr;
	struct task_struct *next;

	trace_mark(sched_schedule, "cpu %d prev_pid %d nr_running %lu",
		   rq->cpu, prev->pid, rq->nr_running);

	if (prev->state != TASK_RUNNING) {
		evmarker(sched_block, MARKER_TRACE | MARKER_PROBE, 2,
			 pid_t, prev->pid, long, prev->state);
		prev->nvcsw++;
	} else if (prev != rq->idle) {
		enqueue_task(rq, prev);
		prev->nivcsw++;
	}

	next = pick_next_task(rq);
	if (likely(prev != next)) {
		rq->nr_switches++;
		trace_mark(sched_switch,
			   "prev_pid %d next_pid %d prev_state %ld",
			   prev->pid, next->pid, prev->state);
		context_switch(rq, prev, next);
	}
}

void notrace scheduler_tick(void)
{
	trace_mark(kernel_tick, MARK_NOARGS);
	this_rq()->nr_ticks++;
}

/*
 * One time slice of @cpu: pending softirqs, then one call of the thread
 * function of the task picked. Returns false when the CPU had nothing to do.
 */
bool sched_run_slice(int cpu)
{
	struct rq *rq = cpu_rq(cpu);
	struct task_struct *p;
	bool busy = false;

	set_smp_processor_id(cpu);
	current_task = rq->curr;

	if (local_softirq_pending()) {
		do_softirq();
		busy = true;
	}

	schedule();
	p = rq->curr;
	if (p == rq->idle)
		return busy;

	if (!p->thread_fn(p->thread_data))
		do_exit(0);
	scheduler_tick();
	/* The slice is over: a task that went to sleep or died leaves here. */
	schedule();
	return true;
}

void set_user_nice(struct task_struct *p, long nice)
{
	if (nice < MIN_NICE)
		nice = MIN_NICE;
	else if (nice > MAX_NICE)
		nice = MAX_NICE;
	evmarker(sched_set_nice, MARKER_PRINTK | MARKER_TRACE, 3,
		 pid_t, p->pid, int, p->static_prio, long, nice);
	p->static_prio = NICE_TO_PRIO(nice);
	p->prio = p->static_prio;
}

/* The caller gives up the CPU when its slice ends, right after the call. */
SYSCALL_DEFINE0(sched_yield)
{
	trace_mark(sched_yield, MARK_NOARGS);
	this_rq()->nr_yields++;
	return 0;
}

void prepare_to_wait(wait_queue_head_t *q, long state)
{
	struct task_struct *tsk = current;

	if (list_empty(&tsk->wait_entry))
		list_add_tail(&tsk->wait_entry, &q->task_list);
	set_task_state(tsk, state);
}

void wake_up(wait_queue_head_t *q)
{
	struct task_struct *p, *n;

	list_for_each_entry_safe(p, n, &q->task_list, wait_entry) {
		list_del_init(&p->wait_entry);
		wake_up_process(p);
	}
}

void sched_show_stats(void)
{
	unsigned long switches = 0, wakeups = 0, yields = 0, ticks = 0;
	int cpu;

	for_each_online_cpu(cpu) {
		struct rq *rq = cpu_rq(cpu);

		switches += rq->nr_switches;
		wakeups += rq->nr_wakeups;
		yields += rq->nr_yields;
		ticks += rq->nr_ticks;
	}
	printk(KERN_INFO "sched: %lu switches, %lu wakeups, %lu yields, %lu ticks\n",
	       switches, wakeups, yields, ticks);
}

static int __init sched_init(void)
{
	int cpu;

	for_each_online_cpu(cpu) {
		struct rq *rq = cpu_rq(cpu);
		struct task_struct *idle = &idle_tasks[cpu];

		rq->cpu = cpu;
		INIT_LIST_HEAD(&rq->queue);

		idle->state = TASK_RUNNING;
		idle->prio = idle->static_prio = MAX_PRIO;
		idle->cpu = cpu;
		atomic_set(&idle->usage, 1);
		INIT_LIST_HEAD(&idle->run_list);
		INIT_LIST_HEAD(&idle->tasks);
		INIT_LIST_HEAD(&idle->wait_entry);
		scnprintf(idle->comm, sizeof(idle->comm), "swapper/%d", cpu);
		rq->idle = rq->curr = idle;
		trace_mark(sched_cpu_init, "cpu %d idle_comm %s", cpu, idle->comm);
	}
	current_task = cpu_rq(0)->idle;
	printk(KERN_INFO "sched: %d CPU%s, round-robin by priority\n",
	       NR_CPUS, NR_CPUS > 1 ? "s" : "");
	return 0;
}
arch_initcall(sched_init);
