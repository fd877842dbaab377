#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H

#include <linux/string.h>
#include <linux/types.h>

/*
 * User and kernel share one address space here, so a copy cannot fault;
 * callers still check the result as they would on real hardware.
 */
static inline unsigned long __must_check
copy_to_user(void __user *to, const void *from, unsigned long n)
{
	memcpy((void __force *)to, from, n);
	return 0;
}

static inline unsigned long __must_check
copy_from_user(void *to, const void __user *from, unsigned long n)
{
	memcpy(to, (const void __force *)from, n);
	return 0;
}

static inline unsigned long __must_check
clear_user(void __user *to, unsigned long n)
{
	memset((void __force *)to, 0, n);
	return 0;
}

/*
 * Copy a NUL-terminated string of at most @count bytes; returns its length,
 * or @count when it did not fit.
 */
static inline long __must_check
strncpy_from_user(char *dst, const char __user *src, long count)
{
	ssize_t len = strscpy(dst, (const char __force *)src, count);

	return len < 0 ? count : len;
}

#endif /* _LINUX_UACCESS_H */
