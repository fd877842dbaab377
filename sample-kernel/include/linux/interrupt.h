#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include <linux/linkage.h>
#include <linux/types.h>

enum {
	HI_SOFTIRQ = 0,
	NET_RX_SOFTIRQ,
	BLOCK_SOFTIRQ,
	NR_SOFTIRQS
};

struct softirq_action {
	void	(*action)(struct softirq_action *);
};

/* kernel/softirq.c */
extern void open_softirq(int nr, void (*action)(struct softirq_action *));
extern void raise_softirq(unsigned int nr);
extern void raise_softirq_on(int cpu, unsigned int nr);
extern bool local_softirq_pending(void);
asmlinkage void do_softirq(void);

#endif /* _LINUX_INTERRUPT_H */
