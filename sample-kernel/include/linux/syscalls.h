#ifndef _LINUX_SYSCALLS_H
#define _LINUX_SYSCALLS_H

#include <linux/linkage.h>
#include <linux/types.h>

/*
 * SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)
 * defines
 *	asmlinkage long sys_read(unsigned int fd, char __user * buf, size_t count)
 * The argument list is TYPE, NAME pairs so that the types stay visible to a
 * macro: the real kernel uses them to sign-extend 32-bit arguments.
 */
#define __MAP0(m, ...)
#define __MAP1(m, t, a)		m(t, a)
#define __MAP2(m, t, a, ...)	m(t, a), __MAP1(m, __VA_ARGS__)
#define __MAP3(m, t, a, ...)	m(t, a), __MAP2(m, __VA_ARGS__)
#define __MAP4(m, t, a, ...)	m(t, a), __MAP3(m, __VA_ARGS__)
#define __MAP(n, ...)		__MAP##n(__VA_ARGS__)

#define __SC_DECL(t, a)		t a

#define SYSCALL_DEFINE0(name)	asmlinkage long sys_##name(void)
#define SYSCALL_DEFINE1(name, ...)	SYSCALL_DEFINEx(1, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE2(name, ...)	SYSCALL_DEFINEx(2, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE3(name, ...)	SYSCALL_DEFINEx(3, _##name, __VA_ARGS__)
#define SYSCALL_DEFINE4(name, ...)	SYSCALL_DEFINEx(4, _##name, __VA_ARGS__)

#define SYSCALL_DEFINEx(x, sname, ...) \
	asmlinkage long sys##sname(__MAP(x, __SC_DECL, __VA_ARGS__))

/* kernel/sys.c, kernel/sched.c */
asmlinkage long sys_getpid(void);
asmlinkage long sys_nice(int increment);
asmlinkage long sys_sched_yield(void);

/* fs/open.c, fs/read_write.c */
asmlinkage long sys_open(const char __user *filename, int flags, umode_t mode);
asmlinkage long sys_close(unsigned int fd);
asmlinkage long sys_read(unsigned int fd, char __user *buf, size_t count);
asmlinkage long sys_write(unsigned int fd, const char __user *buf,
			  size_t count);
asmlinkage long sys_lseek(unsigned int fd, off_t offset, unsigned int whence);

/* net/socket.c */
asmlinkage long sys_socket(int family, int type, int protocol);
asmlinkage long sys_send(int fd, void __user *buff, size_t len,
			 unsigned int flags);
asmlinkage long sys_recv(int fd, void __user *ubuf, size_t size,
			 unsigned int flags);

#endif /* _LINUX_SYSCALLS_H */
