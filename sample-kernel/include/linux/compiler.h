#ifndef _LINUX_COMPILER_H
#define _LINUX_COMPILER_H

/*
 * Annotations for the checker (sparse): they mean nothing to gcc.
 */
#define __user
#define __kernel
#define __iomem
#define __rcu
#define __force
#define __bitwise

/*
 * glibc's <sys/cdefs.h> defines __always_inline too; both headers #undef it
 * first, so either may be included first.
 */
#undef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#define noinline		__attribute__((__noinline__))
#define notrace			__attribute__((__no_instrument_function__))
#define __must_check		__attribute__((__warn_unused_result__))
#define __cold			__attribute__((__cold__))
#define __noreturn		__attribute__((__noreturn__))
#define __section(S)		__attribute__((__section__(S)))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __used			__attribute__((__used__))
#define __maybe_unused		__attribute__((__unused__))
#define __packed		__attribute__((__packed__))
#define __weak			__attribute__((__weak__))
#define __visible		__attribute__((__externally_visible__))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))

/* Marks a deliberate fall through to the next case label. */
#define fallthrough		__attribute__((__fallthrough__))

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#define barrier()		__asm__ __volatile__("" : : : "memory")

#endif /* _LINUX_COMPILER_H */
