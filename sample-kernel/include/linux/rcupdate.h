#ifndef _LINUX_RCUPDATE_H
#define _LINUX_RCUPDATE_H

#include <linux/compiler.h>

/*
 * Readers are never preempted by a writer on the one host thread: the read
 * side is free and a writer only has to publish after initialising.
 */
static inline void rcu_read_lock(void)
{
}

static inline void rcu_read_unlock(void)
{
}

#define rcu_dereference(p)		(p)
#define rcu_assign_pointer(p, v)	do { barrier(); (p) = (v); } while (0)

#endif /* _LINUX_RCUPDATE_H */
