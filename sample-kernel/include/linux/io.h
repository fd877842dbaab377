#ifndef _LINUX_IO_H
#define _LINUX_IO_H

#include <linux/types.h>

static inline u8 ioread8(const volatile void __iomem *addr)
{
	return *(const volatile u8 __force *)addr;
}

static inline void iowrite8(u8 value, volatile void __iomem *addr)
{
	*(volatile u8 __force *)addr = value;
}

#endif /* _LINUX_IO_H */
