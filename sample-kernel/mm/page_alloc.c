/*
 * mm/page_alloc.c
 *
 * The buddy allocator over a static arena of page frames, with a per-CPU
 * cache of single pages in front of it.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/linkage.h>
#include <linux/list.h>
#include <linux/marker.h>
#include <linux/mm.h>
#include <linux/smp.h>
#include <linux/string.h>

#define PCP_HIGH	8	/* single pages a CPU keeps before draining */
#define PCP_BATCH	4	/* and how many it moves at a time */

/* Then every page's buddy is inside mem_map. */
_Static_assert(NR_PAGES % (1 << (MAX_ORDER - 1)) == 0,
	       "CONFIG_NR_PAGES must be a multiple of the largest block");

struct free_area {
	struct list_head	free_list;
	unsigned long		nr_free;
};

struct per_cpu_pages {
	struct list_head	list;	/* hottest first */
	int			count;
};

struct zone {
	const char		*name;
	unsigned long		free_pages;	/* in the buddy lists */
	struct free_area	free_area[MAX_ORDER];
	struct per_cpu_pages	pcp[NR_CPUS];
	unsigned long		nr_alloc;
	unsigned long		nr_free;
	unsigned long		nr_fail;
};

static u8 memory[NR_PAGES * PAGE_SIZE] __page_aligned_bss;
u8 *mem_base = memory;
struct page mem_map[NR_PAGES];

static struct zone contig_zone = {
	.name	= "Normal",
};

static inline unsigned int page_order(const struct page *page)
{
	return page->private;
}

static inline void set_page_order(struct page *page, unsigned int order)
{
	page->private = order;
	__SetPageFlag(page, PG_buddy);
}

static inline void rmv_page_order(struct page *page)
{
	__ClearPageFlag(page, PG_buddy);
	page->private = 0;
}

static void __free_one_page(struct zone *zone, struct page *page,
			    unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);

	zone->free_pages += 1UL << order;
	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy = pfn_to_page(buddy_pfn);

		if (!PageBuddy(buddy) || page_order(buddy) != order)
			break;
		list_del_init(&buddy->lru);
		zone->free_area[order].nr_free--;
		rmv_page_order(buddy);
		pfn &= buddy_pfn;
		order++;
	}
	page = pfn_to_page(pfn);
	set_page_order(page, order);
	list_add(&page->lru, &zone->free_area[order].free_list);
	zone->free_area[order].nr_free++;
}

/* Split a block of 2^high pages, giving back all but the first 2^low. */
static void expand(struct page *page, unsigned int low, unsigned int high,
		   struct free_area *area)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		area--;
		high--;
		size >>= 1;
		set_page_order(&page[size], high);
		list_add(&page[size].lru, &area->free_list);
		area->nr_free++;
	}
}

static struct page *__rmqueue(struct zone *zone, unsigned int order)
{
	unsigned int current_order;

	for (current_order = order; current_order < MAX_ORDER; current_order++) {
		struct free_area *area = &zone->free_area[current_order];
		struct page *page;

		if (list_empty(&area->free_list))
			continue;
		page = list_first_entry(&area->free_list, struct page, lru);
		list_del_init(&page->lru);
		rmv_page_order(page);
		area->nr_free--;
		expand(page, order, current_order, area);
		zone->free_pages -= 1UL << order;
		return page;
	}
	return NULL;
}

static struct page *rmqueue(struct zone *zone, unsigned int order)
{
	struct per_cpu_pages *pcp = &zone->pcp[smp_processor_id()];
	struct page *page;

	if (order)
		return __rmqueue(zone, order);

	while (pcp->count < PCP_BATCH) {
		page = __rmqueue(zone, 0);
		if (!page)
			break;
		list_add_tail(&page->lru, &pcp->list);
		pcp->count++;
	}
	if (list_empty(&pcp->list))
		return NULL;
	page = list_first_entry(&pcp->list, struct page, lru);
	list_del_init(&page->lru);
	pcp->count--;
	return page;
}

static void prep_new_page(struct page *page, unsigned int order,
			  gfp_t gfp_flags)
{
	set_page_count(page, 1);
	page->index = 0;
	evmarker(mm_page_prep, MARKER_PROBE, 4,
		 struct page *, page, unsigned long, page->flags,
		 pgoff_t, page->index, int, page_count(page));
	if (gfp_flags & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
}

struct page *alloc_pages(gfp_t gfp_mask, unsigned int order)
{
	struct zone *zone = &contig_zone;
	struct page *page = NULL;

	if (order < MAX_ORDER)
		page = rmqueue(zone, order);
	if (unlikely(!page)) {
		zone->nr_fail++;
		evmarker(mm_page_alloc_fail, MARKER_PRINTK, 2,
			 unsigned int, order, gfp_t, gfp_mask);
		if (!(gfp_mask & __GFP_NOWARN))
			printk(KERN_WARNING "page allocation failure: order:%u, mode:%#x\n",
			       order, gfp_mask);
		return NULL;
	}
	zone->nr_alloc += 1UL << order;
	prep_new_page(page, order, gfp_mask);
	trace_mark(mm_page_alloc, "pfn %lu order %u gfp_flags %x",
		   page_to_pfn(page), order, gfp_mask);
	return page;
}

/* Give @count of the coldest cached pages back to the buddy lists. */
static void free_pcppages_bulk(struct zone *zone, int count,
			       struct per_cpu_pages *pcp)
{
	while (count-- && !list_empty(&pcp->list)) {
		struct page *page = list_last_entry(&pcp->list, struct page, lru);

		list_del_init(&page->lru);
		pcp->count--;
		__free_one_page(zone, page, 0);
	}
}

static void free_hot_cold_page(struct page *page)
{
	struct zone *zone = &contig_zone;
	struct per_cpu_pages *pcp = &zone->pcp[smp_processor_id()];

	trace_mark(mm_page_free, "pfn %lu order %u", page_to_pfn(page), 0U);
	list_add(&page->lru, &pcp->list);
	pcp->count++;
	if (pcp->count >= PCP_HIGH)
		free_pcppages_bulk(zone, PCP_BATCH, pcp);
}

void __free_pages(struct page *page, unsigned int order)
{
	struct zone *zone = &contig_zone;

	if (!atomic_dec_and_test(&page->_count))
		return;
	zone->nr_free += 1UL << order;
	if (order == 0) {
		free_hot_cold_page(page);
		return;
	}
	trace_mark(mm_page_free, "pfn %lu order %u", page_to_pfn(page), order);
	__free_one_page(zone, page, order);
}

void *get_zeroed_page(gfp_t gfp_mask)
{
	struct page *page = alloc_pages(gfp_mask | __GFP_ZERO, 0);

	return page ? page_address(page) : NULL;
}

void free_page(void *addr)
{
	if (addr)
		__free_pages(virt_to_page(addr), 0);
}

void mm_show_stats(void)
{
	struct zone *zone = &contig_zone;
	unsigned long cached = 0;
	int cpu;

	for_each_online_cpu(cpu)
		cached += zone->pcp[cpu].count;
	printk(KERN_INFO "mm: %lu pages allocated, %lu freed, %lu failures, %lu free\n",
	       zone->nr_alloc, zone->nr_free, zone->nr_fail,
	       zone->free_pages + cached);
}

static int __init page_alloc_init(void)
{
	struct zone *zone = &contig_zone;
	unsigned long pfn;
	unsigned int order;
	int cpu;

	for (order = 0; order < MAX_ORDER; order++)
		INIT_LIST_HEAD(&zone->free_area[order].free_list);
	for_each_online_cpu(cpu)
		INIT_LIST_HEAD(&zone->pcp[cpu].list);
	for (pfn = 0; pfn < NR_PAGES; pfn++) {
		struct page *page = pfn_to_page(pfn);

		page->virtual = mem_base + pfn * PAGE_SIZE;
		INIT_LIST_HEAD(&page->lru);
	}
	/* The arena goes to the allocator in blocks of the largest order. */
	for (pfn = 0; pfn < NR_PAGES; pfn += 1UL << (MAX_ORDER - 1))
		__free_one_page(zone, pfn_to_page(pfn), MAX_ORDER - 1);

	printk(KERN_INFO "Memory: %luK available in zone %s (%d pages)\n",
	       (NR_PAGES * PAGE_SIZE) >> 10, zone->name, NR_PAGES);
	return 0;
}
core_initcall(page_alloc_init);
