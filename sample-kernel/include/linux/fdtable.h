#ifndef _LINUX_FDTABLE_H
#define _LINUX_FDTABLE_H

#include <linux/atomic.h>
#include <linux/types.h>

#define NR_OPEN_DEFAULT		16

struct file;

struct files_struct {
	atomic_t		count;
	unsigned int		next_fd;
	struct file		*fd_array[NR_OPEN_DEFAULT];
};

/* fs/open.c */
extern struct files_struct *alloc_files(void);
extern void put_files_struct(struct files_struct *files);

#endif /* _LINUX_FDTABLE_H */
