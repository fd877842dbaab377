/*
 * kernel/softirq.c
 *
 * Deferred work raised by "interrupts" (block completions, received
 * packets) and run on the raising CPU at the start of its next time slice.
 */
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/marker.h>
#include <linux/smp.h>

static struct softirq_action softirq_vec[NR_SOFTIRQS];
static unsigned long softirq_pending[NR_CPUS];

void open_softirq(int nr, void (*action)(struct softirq_action *))
{
	softirq_vec[nr].action = action;
}

void raise_softirq_on(int cpu, unsigned int nr)
{
	trace_mark(irq_softirq_raise, "vec %u cpu %d", nr, cpu);
	softirq_pending[cpu] |= 1UL << nr;
}

void raise_softirq(unsigned int nr)
{
	raise_softirq_on(smp_processor_id(), nr);
}

bool local_softirq_pending(void)
{
	return softirq_pending[smp_processor_id()] != 0;
}

/*
 * Handlers may raise softirqs again; those wait for the next slice, so that
 * a busy network cannot starve the tasks.
 */
asmlinkage void do_softirq(void)
{
	unsigned long pending = softirq_pending[smp_processor_id()];
	unsigned int vec_nr;

	softirq_pending[smp_processor_id()] = 0;
	for (vec_nr = 0; pending; vec_nr++, pending >>= 1) {
		struct softirq_action *h = &softirq_vec[vec_nr];

		if (!(pending & 1))
			continue;
		evmarker(irq_softirq_entry, MARKER_TRACE | MARKER_PROBE, 1,
			 unsigned int, vec_nr);
		h->action(h);
	}
}
