#ifndef _LINUX_STRING_H
#define _LINUX_STRING_H

#include <linux/types.h>

/* The out-of-line versions come from the host C library. */
extern void *memcpy(void *dest, const void *src, size_t n);
extern void *memset(void *s, int c, size_t n);
extern int memcmp(const void *s1, const void *s2, size_t n);
extern size_t strlen(const char *s);
extern int strcmp(const char *s1, const char *s2);

/* lib/string.c */
extern ssize_t strscpy(char *dest, const char *src, size_t count);

#endif /* _LINUX_STRING_H */
