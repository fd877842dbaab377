#ifndef _INIT_WORKLOAD_H
#define _INIT_WORKLOAD_H

/* init/workload.c */
extern void run_workload(unsigned int iteration);
extern int workload_failures(void);

#endif /* _INIT_WORKLOAD_H */
