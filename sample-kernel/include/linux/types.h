#ifndef _LINUX_TYPES_H
#define _LINUX_TYPES_H

#include <stddef.h>
#include <linux/compiler.h>

/* The kernel's own fixed-size types: u64 is unsigned long long everywhere. */
typedef signed char		s8;
typedef unsigned char		u8;
typedef signed short		s16;
typedef unsigned short		u16;
typedef signed int		s32;
typedef unsigned int		u32;
typedef signed long long	s64;
typedef unsigned long long	u64;

typedef u16 __bitwise		__be16;
typedef u32 __bitwise		__be32;

typedef _Bool			bool;
enum {
	false	= 0,
	true	= 1
};

typedef int			pid_t;
typedef long			ssize_t;
typedef long			off_t;
typedef long long		loff_t;
typedef unsigned short		umode_t;
typedef unsigned int		fmode_t;
typedef u32			dev_t;
typedef unsigned long		pgoff_t;
typedef u64			sector_t;
typedef unsigned int __bitwise	gfp_t;

typedef struct {
	int counter;
} atomic_t;

typedef struct {
	long counter;
} atomic_long_t;

struct list_head {
	struct list_head *next, *prev;
};

#endif /* _LINUX_TYPES_H */
