#ifndef _LINUX_WAIT_H
#define _LINUX_WAIT_H

#include <linux/list.h>

/*
 * A task sleeps on at most one queue at a time, through the wait_entry in
 * its task_struct.
 */
struct wait_queue_head {
	struct list_head	task_list;
};
typedef struct wait_queue_head wait_queue_head_t;

static inline void init_waitqueue_head(wait_queue_head_t *q)
{
	INIT_LIST_HEAD(&q->task_list);
}

/* kernel/sched.c */
extern void prepare_to_wait(wait_queue_head_t *q, long state);
extern void wake_up(wait_queue_head_t *q);

#endif /* _LINUX_WAIT_H */
