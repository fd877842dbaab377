#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/types.h>

struct page;

#define __GFP_HIGH	((__force gfp_t)0x20u)	/* may use emergency pools */
#define __GFP_IO	((__force gfp_t)0x40u)	/* may start physical I/O */
#define __GFP_FS	((__force gfp_t)0x80u)	/* may call into the fs */
#define __GFP_WAIT	((__force gfp_t)0x10u)	/* may sleep */
#define __GFP_NOWARN	((__force gfp_t)0x200u)	/* quiet on failure */
#define __GFP_ZERO	((__force gfp_t)0x8000u) /* return zeroed memory */

#define GFP_ATOMIC	(__GFP_HIGH)
#define GFP_NOIO	(__GFP_WAIT)
#define GFP_KERNEL	(__GFP_WAIT | __GFP_IO | __GFP_FS)

#define MAX_ORDER	5

/* mm/page_alloc.c */
extern struct page *alloc_pages(gfp_t gfp_mask, unsigned int order);
extern void __free_pages(struct page *page, unsigned int order);
extern void *get_zeroed_page(gfp_t gfp_mask);
extern void free_page(void *addr);

#define alloc_page(gfp_mask)	alloc_pages(gfp_mask, 0)

#endif /* _LINUX_GFP_H */
