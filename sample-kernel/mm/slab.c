/*
 * mm/slab.c
 *
 * Object caches. A slab is one page cut into objects of the cache's size,
 * the free ones linked through their first word.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/marker.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#define L1_CACHE_BYTES		64
#define KMALLOC_SHIFT_LOW	5
#define KMALLOC_SHIFT_HIGH	11	/* KMALLOC_MAX_CACHE_SIZE */

struct kmem_cache {
	const char		*name;
	size_t			size;		/* object size with alignment */
	size_t			object_size;
	unsigned int		num;		/* objects per slab */
	unsigned long		flags;
	void			(*ctor)(void *);
	struct list_head	slabs_partial;
	struct list_head	slabs_full;
	struct list_head	list;
	unsigned long		active_objs;
};

static LIST_HEAD(cache_chain);

/* The cache the other caches come from. */
static struct kmem_cache kmem_cache_boot;

static struct kmem_cache *kmalloc_caches[KMALLOC_SHIFT_HIGH + 1];
static const char *const kmalloc_names[KMALLOC_SHIFT_HIGH + 1] = {
	[5] = "kmalloc-32",	[6] = "kmalloc-64",	[7] = "kmalloc-128",
	[8] = "kmalloc-256",	[9] = "kmalloc-512",	[10] = "kmalloc-1024",
	[11] = "kmalloc-2048",
};

static unsigned long total_allocs;
static unsigned long total_frees;
static unsigned long total_slabs;

static void cache_init(struct kmem_cache *cachep, const char *name,
		       size_t size, size_t align, unsigned long flags,
		       void (*ctor)(void *))
{
	if ((flags & SLAB_HWCACHE_ALIGN) && align < L1_CACHE_BYTES)
		align = L1_CACHE_BYTES;
	if (align < sizeof(void *))
		align = sizeof(void *);

	cachep->name = name;
	cachep->object_size = size;
	cachep->size = ALIGN(size, align);
	cachep->num = PAGE_SIZE / cachep->size;
	cachep->flags = flags;
	cachep->ctor = ctor;
	cachep->active_objs = 0;
	INIT_LIST_HEAD(&cachep->slabs_partial);
	INIT_LIST_HEAD(&cachep->slabs_full);
	list_add_tail(&cachep->list, &cache_chain);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned long flags,
				     void (*ctor)(void *))
{
	struct kmem_cache *cachep = NULL;

	if (size && size <= PAGE_SIZE / 2)
		cachep = kmem_cache_alloc(&kmem_cache_boot, GFP_KERNEL);
	if (!cachep) {
		if (flags & SLAB_PANIC)
			panic("kmem_cache_create: cannot create cache %s", name);
		return NULL;
	}
	cache_init(cachep, name, size, align, flags, ctor);
	return cachep;
}

/* Off the allocation fast path: keep it out of kmem_cache_alloc(). */
static noinline struct page *cache_grow(struct kmem_cache *cachep,
					gfp_t flags)
{
	struct page *page;
	u8 *addr;
	unsigned int i;

	page = alloc_pages(flags & ~__GFP_ZERO, 0);
	if (!page)
		return NULL;
	addr = page_address(page);
	page->slab_cache = cachep;
	page->inuse = 0;
	page->freelist = NULL;
	for (i = cachep->num; i-- > 0; ) {
		void *objp = addr + i * cachep->size;

		*(void **)objp = page->freelist;
		page->freelist = objp;
	}
	__SetPageFlag(page, PG_slab);
	list_add(&page->lru, &cachep->slabs_partial);
	total_slabs++;
	trace_mark(mm_cache_grow, "name %s num %u pfn %lu",
		   cachep->name, cachep->num, page_to_pfn(page));
	return page;
}

void *kmem_cache_alloc(struct kmem_cache *cachep, gfp_t flags)
{
	struct page *page;
	void *objp;

	if (list_empty(&cachep->slabs_partial) && !cache_grow(cachep, flags))
		return NULL;
	page = list_first_entry(&cachep->slabs_partial, struct page, lru);
	objp = page->freelist;
	page->freelist = *(void **)objp;
	if (++page->inuse == cachep->num)
		list_move(&page->lru, &cachep->slabs_full);
	cachep->active_objs++;
	total_allocs++;

	if (flags & __GFP_ZERO)
		memset(objp, 0, cachep->object_size);
	else if (cachep->ctor)
		cachep->ctor(objp);
	trace_mark(mm_kmem_cache_alloc, "name %s size %zu objp %p",
		   cachep->name, cachep->size, objp);
	return objp;
}

void kmem_cache_free(struct kmem_cache *cachep, void *objp)
{
	struct page *page = virt_to_page(objp);

	evmarker(mm_kmem_cache_free, MARKER_TRACE, 2,
		 const char *, cachep->name, void *, objp);
	BUG_ON(page->slab_cache != cachep);

	if (page->inuse-- == cachep->num)
		list_move(&page->lru, &cachep->slabs_partial);
	*(void **)objp = page->freelist;
	page->freelist = objp;
	cachep->active_objs--;
	total_frees++;

	/* Empty slabs go back to the page allocator at once. */
	if (!page->inuse) {
		list_del_init(&page->lru);
		__ClearPageFlag(page, PG_slab);
		page->slab_cache = NULL;
		__free_pages(page, 0);
	}
}

void *__kmalloc(size_t size, gfp_t flags)
{
	unsigned int shift = KMALLOC_SHIFT_LOW;

	if (!size)
		return NULL;
	while ((1UL << shift) < size)
		shift++;
	return kmem_cache_alloc(kmalloc_caches[shift], flags);
}

void *kmalloc_large(size_t size, gfp_t flags)
{
	unsigned int order = get_order(size);
	struct page *page = alloc_pages(flags, order);

	if (!page)
		return NULL;
	page->private = order;
	return page_address(page);
}

void kfree(const void *objp)
{
	struct page *page;

	if (!objp)
		return;
	page = virt_to_page(objp);
	if (PageSlab(page))
		kmem_cache_free(page->slab_cache, (void *)objp);
	else
		__free_pages(page, page->private);
}

void slab_show_stats(void)
{
	struct kmem_cache *cachep;
	unsigned long active = 0;

	list_for_each_entry(cachep, &cache_chain, list)
		active += cachep->active_objs;
	printk(KERN_INFO "slab: %lu objects allocated, %lu freed, %lu in use, %lu slabs grown\n",
	       total_allocs, total_frees, active, total_slabs);
}

static int __init kmem_cache_init(void)
{
	unsigned int shift;

	cache_init(&kmem_cache_boot, "kmem_cache", sizeof(struct kmem_cache),
		   0, SLAB_HWCACHE_ALIGN, NULL);
	for (shift = KMALLOC_SHIFT_LOW; shift <= KMALLOC_SHIFT_HIGH; shift++)
		kmalloc_caches[shift] = kmem_cache_create(kmalloc_names[shift],
							  1UL << shift, 0,
							  SLAB_PANIC, NULL);
	return 0;
}
postcore_initcall(kmem_cache_init);
