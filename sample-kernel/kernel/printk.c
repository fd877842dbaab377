/*
 * kernel/printk.c
 *
 * The console is the host's standard output, and its standard error for
 * errors (KERN_ERR and more urgent), so that a caller piping the output
 * still sees them. A message starts with its log level, "<N>"; the ones
 * below console_loglevel are printed without it.
 */
#include <stdio.h>
#include <linux/kernel.h>

int console_loglevel = DEFAULT_CONSOLE_LOGLEVEL;

static int printk_get_level(const char **fmt)
{
	const char *s = *fmt;

	if (s[0] == '<' && s[1] >= '0' && s[1] <= '7' && s[2] == '>') {
		*fmt = s + 3;
		return s[1] - '0';
	}
	return DEFAULT_MESSAGE_LOGLEVEL;
}

asmlinkage int vprintk(const char *fmt, va_list args)
{
	int level = printk_get_level(&fmt);

	if (level >= console_loglevel)
		return 0;
	if (level <= 3) {	/* KERN_ERR */
		fflush(stdout);
		return vfprintf(stderr, fmt, args);
	}
	return vprintf(fmt, args);
}

asmlinkage int printk(const char *fmt, ...)
{
	va_list args;
	int r;

	va_start(args, fmt);
	r = vprintk(fmt, args);
	va_end(args);
	return r;
}

/* Like vsnprintf(), but returns what was written, not what was wanted. */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	int i;

	if (size == 0)
		return 0;
	i = vsnprintf(buf, size, fmt, args);
	if (i < 0)
		return 0;
	return (size_t)i < size ? i : (int)(size - 1);
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int i;

	va_start(args, fmt);
	i = vscnprintf(buf, size, fmt, args);
	va_end(args);
	return i;
}

void panic(const char *fmt, ...)
{
	va_list args;

	printf("Kernel panic - not syncing: ");
	va_start(args, fmt);
	vprintf(fmt, args);
	va_end(args);
	printf("\n");
	fflush(stdout);
	__builtin_trap();
}
