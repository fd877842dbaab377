#ifndef _LINUX_MM_H
#define _LINUX_MM_H

#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/mm_types.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

/* Physical memory: a static arena of CONFIG_NR_PAGES page frames. */
#define NR_PAGES	CONFIG_NR_PAGES

enum pageflags {
	PG_locked,
	PG_reserved,
	PG_buddy,
	PG_slab,
};

extern struct page mem_map[];
extern u8 *mem_base;

static inline unsigned long page_to_pfn(const struct page *page)
{
	return (unsigned long)(page - mem_map);
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return &mem_map[pfn];
}

static inline void *page_address(const struct page *page)
{
	return page->virtual;
}

static inline struct page *virt_to_page(const void *addr)
{
	unsigned long offset = (const u8 *)addr - mem_base;

	return pfn_to_page(offset >> PAGE_SHIFT);
}

static inline int page_count(const struct page *page)
{
	return atomic_read(&page->_count);
}

static inline void set_page_count(struct page *page, int v)
{
	atomic_set(&page->_count, v);
}

static inline bool PageSlab(const struct page *page)
{
	return page->flags & (1UL << PG_slab);
}

static inline bool PageBuddy(const struct page *page)
{
	return page->flags & (1UL << PG_buddy);
}

static inline void __SetPageFlag(struct page *page, enum pageflags flag)
{
	page->flags |= 1UL << flag;
}

static inline void __ClearPageFlag(struct page *page, enum pageflags flag)
{
	page->flags &= ~(1UL << flag);
}

/* The order of the smallest block of pages holding @size bytes. */
static inline unsigned int get_order(unsigned long size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

/* mm/page_alloc.c */
extern void mm_show_stats(void);

#endif /* _LINUX_MM_H */
