#ifndef _LINUX_SLAB_H
#define _LINUX_SLAB_H

#include <linux/gfp.h>
#include <linux/marker.h>
#include <linux/types.h>

#define SLAB_HWCACHE_ALIGN	0x00002000UL	/* align objects on cache lines */
#define SLAB_PANIC		0x00040000UL	/* panic if creation fails */

/* Larger requests go straight to the page allocator. */
#define KMALLOC_MAX_CACHE_SIZE	2048

struct kmem_cache;

/* mm/slab.c */
extern struct kmem_cache *kmem_cache_create(const char *name, size_t size,
					    size_t align, unsigned long flags,
					    void (*ctor)(void *));
extern void *kmem_cache_alloc(struct kmem_cache *cachep, gfp_t flags);
extern void kmem_cache_free(struct kmem_cache *cachep, void *objp);
extern void *__kmalloc(size_t size, gfp_t flags);
extern void *kmalloc_large(size_t size, gfp_t flags);
extern void kfree(const void *objp);
extern void slab_show_stats(void);

static __always_inline void *kmalloc(size_t size, gfp_t flags)
{
	trace_mark(mm_kmalloc, "bytes_req %zu gfp_flags %x", size, flags);
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, flags);
	return __kmalloc(size, flags);
}

static inline void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

#endif /* _LINUX_SLAB_H */
