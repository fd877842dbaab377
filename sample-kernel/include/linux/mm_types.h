#ifndef _LINUX_MM_TYPES_H
#define _LINUX_MM_TYPES_H

#include <linux/types.h>

struct kmem_cache;

/*
 * One per physical page frame. A free page heads a buddy block of 2^private
 * pages; a slab page carries its cache and object free list.
 */
struct page {
	unsigned long		flags;
	atomic_t		_count;
	pgoff_t			index;
	unsigned long		private;
	struct list_head	lru;
	void			*virtual;
	struct kmem_cache	*slab_cache;
	void			*freelist;
	unsigned int		inuse;
};

#endif /* _LINUX_MM_TYPES_H */
