#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H

#include <linux/compiler.h>

/*
 * Boot-only code and data. Nothing frees .init.* in this kernel, but keeping
 * the sections apart shows in the link map what runs once.
 */
#define __init		__section(".init.text") __cold notrace
#define __initdata	__section(".init.data")
#define __exit		__section(".exit.text") __cold notrace

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

/*
 * An initcall is a pointer in section "initcallN"; the linker provides
 * __start_initcallN and __stop_initcallN around it, and do_initcalls() runs
 * the levels in order, each in link order.
 */
#define __define_initcall(fn, level) \
	static initcall_t __initcall_##fn##level __used \
	__section("initcall" #level) = fn

#define core_initcall(fn)	__define_initcall(fn, 1)
#define postcore_initcall(fn)	__define_initcall(fn, 2)
#define arch_initcall(fn)	__define_initcall(fn, 3)
#define subsys_initcall(fn)	__define_initcall(fn, 4)
#define fs_initcall(fn)		__define_initcall(fn, 5)
#define device_initcall(fn)	__define_initcall(fn, 6)
#define late_initcall(fn)	__define_initcall(fn, 7)

#define module_init(fn)		device_initcall(fn)
#define module_exit(fn) \
	static exitcall_t __exitcall_##fn __used __section("exitcall") = fn

#endif /* _LINUX_INIT_H */
