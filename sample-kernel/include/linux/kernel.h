#ifndef _LINUX_KERNEL_H
#define _LINUX_KERNEL_H

#include <stdarg.h>
#include <linux/compiler.h>
#include <linux/linkage.h>
#include <linux/types.h>

#define KERN_EMERG	"<0>"	/* system is unusable */
#define KERN_ALERT	"<1>"	/* action must be taken immediately */
#define KERN_CRIT	"<2>"	/* critical conditions */
#define KERN_ERR	"<3>"	/* error conditions */
#define KERN_WARNING	"<4>"	/* warning conditions */
#define KERN_NOTICE	"<5>"	/* normal but significant condition */
#define KERN_INFO	"<6>"	/* informational */
#define KERN_DEBUG	"<7>"	/* debug-level messages */

#define DEFAULT_MESSAGE_LOGLEVEL	4
#define DEFAULT_CONSOLE_LOGLEVEL	7

#define ARRAY_SIZE(arr)		(sizeof(arr) / sizeof((arr)[0]))
#define ALIGN(x, a)		(((x) + (a) - 1) & ~((typeof(x))(a) - 1))

#define min_t(type, x, y) ({			\
	type __x = (x);				\
	type __y = (y);				\
	__x < __y ? __x : __y; })

#define container_of(ptr, type, member) ({			\
	const typeof(((type *)0)->member) *__mptr = (ptr);	\
	(type *)((char *)__mptr - offsetof(type, member)); })

#define BUG()		panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(cond)	do { if (unlikely(cond)) BUG(); } while (0)

extern int console_loglevel;

asmlinkage __printf(1, 2) int printk(const char *fmt, ...);
asmlinkage __printf(1, 0) int vprintk(const char *fmt, va_list args);
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);
__printf(3, 0) int vscnprintf(char *buf, size_t size, const char *fmt,
			      va_list args);
__printf(1, 2) void __noreturn __cold panic(const char *fmt, ...);

int __must_check kstrtouint(const char *s, unsigned int base,
			    unsigned int *res);

#endif /* _LINUX_KERNEL_H */
