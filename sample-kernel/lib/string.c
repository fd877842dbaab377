/*
 * lib/string.c
 *
 * The string helpers the host C library lacks.
 */
#include <linux/errno.h>
#include <linux/string.h>

/*
 * Copy a NUL-terminated string into a buffer of @count bytes, always
 * terminating it. Returns the length copied, or -E2BIG when truncated.
 */
ssize_t strscpy(char *dest, const char *src, size_t count)
{
	size_t i;

	if (count == 0)
		return -E2BIG;
	for (i = 0; i < count - 1 && src[i]; i++)
		dest[i] = src[i];
	dest[i] = '\0';
	return src[i] ? -E2BIG : (ssize_t)i;
}
