#ifndef _LINUX_LINKAGE_H
#define _LINUX_LINKAGE_H

#include <linux/compiler.h>

#ifdef __cplusplus
#define CPP_ASMLINKAGE		extern "C"
#else
#define CPP_ASMLINKAGE
#endif

/*
 * i386 passes system call arguments on the stack (regparm(0)); x86-64, the
 * only target this kernel builds for, needs nothing beyond C linkage.
 */
#ifndef asmlinkage
#define asmlinkage		CPP_ASMLINKAGE
#endif

/* PAGE_SIZE comes from <linux/mm.h>, wherever this is used. */
#define __page_aligned_bss	__section(".bss..page_aligned") __aligned(PAGE_SIZE)

#endif /* _LINUX_LINKAGE_H */
