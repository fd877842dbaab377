#ifndef _LINUX_SMP_H
#define _LINUX_SMP_H

/*
 * The CPUs are simulated one after the other on the host thread; the
 * scheduler sets which one is "this" CPU before running its time slice.
 */
#ifdef CONFIG_SMP
#define NR_CPUS		CONFIG_NR_CPUS

extern int __this_cpu;

static inline int smp_processor_id(void)
{
	return __this_cpu;
}

static inline void set_smp_processor_id(int cpu)
{
	__this_cpu = cpu;
}
#else
#define NR_CPUS		1

static inline int smp_processor_id(void)
{
	return 0;
}

static inline void set_smp_processor_id(int cpu)
{
}
#endif

#define for_each_online_cpu(cpu)	for ((cpu) = 0; (cpu) < NR_CPUS; (cpu)++)

#endif /* _LINUX_SMP_H */
