#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include <linux/types.h>

/*
 * Every simulated CPU runs on the one host thread, so plain arithmetic is
 * atomic enough; the wrappers keep the kernel's vocabulary.
 */
static inline int atomic_read(const atomic_t *v)
{
	return v->counter;
}

static inline void atomic_set(atomic_t *v, int i)
{
	v->counter = i;
}

static inline void atomic_inc(atomic_t *v)
{
	v->counter++;
}

static inline bool atomic_dec_and_test(atomic_t *v)
{
	return --v->counter == 0;
}

static inline long atomic_long_read(const atomic_long_t *v)
{
	return v->counter;
}

static inline void atomic_long_set(atomic_long_t *v, long i)
{
	v->counter = i;
}

static inline void atomic_long_inc(atomic_long_t *v)
{
	v->counter++;
}

static inline bool atomic_long_dec_and_test(atomic_long_t *v)
{
	return --v->counter == 0;
}

#endif /* _LINUX_ATOMIC_H */
