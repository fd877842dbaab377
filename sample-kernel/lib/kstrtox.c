/*
 * lib/kstrtox.c
 *
 * Strict string to integer conversion: the whole string must be a number.
 */
#include <linux/errno.h>
#include <linux/kernel.h>

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long acc = 0;
	unsigned int digit;

	if (base != 10 || !*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		digit = *s - '0';
		acc = acc * base + digit;
		if (acc > ~0U)
			return -ERANGE;
	}
	*res = acc;
	return 0;
}
