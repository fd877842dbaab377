/*
 * kernel/static_key.c
 *
 * The two markups whose sites are code that arming changes (docs/modes.md):
 *
 * static-key: each site is a 5-byte nop, listed in __kmark_jump_table as
 *	{ nop, handlers, marker }. The first arm of a marker turns each of its
 *	nops into "jmp handlers"; the last disarm puts the nop back.
 * symbol: each site is its SDT probe's 5-byte nop at a global symbol.
 *	Arming makes it a jump to a trampoline where kernel/djprobe.c can
 *	(what an outside tracer does with a djprobe), else, the fallback, a
 *	trap: the site is listed in __kmark_probe_table as { nop, marker,
 *	trampoline, argument specs, argument ends }; arming writes a trapping
 *	byte over the nop's first byte; the signal handler reads the probe's
 *	arguments from the trapped thread's registers and memory, as the SDT
 *	note locates them, and calls the trampoline, which calls the site's
 *	handlers: what an external uprobe does with its int3.
 *
 * marker.c calls __marker_text_update() under marker_mutex when a site's
 * count leaves or reaches 0, so patches never run concurrently.
 *
 * Patching code that other threads are running (x86-64), the way the
 * kernel's text_poke_bp() does it, with hlt where the kernel has int3:
 *	1. make the page(s) writable (read, write and execute: a thread
 *	   running there goes on running);
 *	2. write a trapping byte over the first byte; sync every core;
 *	3. write the new bytes but the first; sync every core;
 *	4. write the new first byte; sync every core;
 *	5. make the page(s) read and execute again.
 * A thread reaching the site between 2 and 4 traps; the handler moves it
 * on as if it had run the site (to the jump's target when the marker is
 * armed, past the nop when not), so no thread ever decodes half an old and
 * half a new instruction.
 *
 * The trapping byte is hlt (0xf4), not the kernel's int3 (0xcc): in user
 * mode hlt is a one-byte instruction that always faults (#GP, SIGSEGV,
 * the thread's RIP at the hlt), and it leaves int3 and SIGTRAP to
 * debuggers and uprobes. gdb does not hand an int3's SIGTRAP to the
 * program, whatever "handle SIGTRAP pass" says, so an int3 scheme would
 * kill a program under gdb; with hlt, "handle SIGSEGV nostop noprint pass"
 * lets it run. "Sync every core" is
 * membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE): every thread of
 * the process runs a serializing instruction before the call returns, so
 * no core keeps instruction bytes it fetched before the write (Intel SDM
 * vol. 3, 8.1.3, cross-modifying code). Where the kernel has no such
 * command (before Linux 4.16), a full fence is all we do: a single-byte
 * write is atomic and x86 cores snoop stores to code they have fetched, so
 * steps 2 and 4 still take effect, only without the guarantee about bytes
 * already decoded; the trap table is built before any hlt is written.
 * A symbol site armed with a trap changes its first byte only: step 4 alone.
 *
 * Threads must not block SIGSEGV. A SIGSEGV that is not ours (no site at
 * the faulting address) goes to the handler installed before ours, or
 * kills the process as it would have.
 */
/* Not glibc's default: its <sys/types.h> clashes with <linux/types.h>. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <linux/membarrier.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/marker.h>

#if !defined(__x86_64__)
#error "kernel/static_key.c patches x86-64 code"
#endif

/*
 * The trapped thread's registers: the kernel's sigcontext order, which
 * glibc names REG_R8... only for _GNU_SOURCE (and calls the array __gregs
 * without it).
 */
enum {
	REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
	REG_RDI, REG_RSI, REG_RBP, REG_RBX, REG_RDX, REG_RAX, REG_RCX, REG_RSP,
	REG_RIP,
};
#define GREGS(uc)	((uc)->uc_mcontext.__gregs)

#ifndef SA_ONSTACK		/* XSI: the kernel's value */
#define SA_ONSTACK	0x08000000
#endif

#define TRAP		0xf4	/* hlt: #GP in user mode */
#define JMP32		0xe9
#define SITE_SIZE	5

static const unsigned char nop5[SITE_SIZE] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };

/* Written by the static-key markup's asm goto (src/gen/markup/static-key.ts). */
struct jump_entry {
	unsigned long code;		/* the 5-byte nop */
	unsigned long target;		/* the handlers' block */
	struct marker *m;
};

/* Written by the symbol markup (src/gen/markup/symbol.ts). */
struct probe_site {
	unsigned long pc;		/* the SDT probe's nop */
	struct marker *m;
	void (*trampoline)(const unsigned long long *args);
	const char *args;		/* "SIZE@OPERAND ...", the SDT note's own */
	const unsigned long *ends;	/* per argument: just past a mov of it */
};

#define MAX_PROBE_ARGS	12

extern struct jump_entry __start___kmark_jump_table[] __weak;
extern struct jump_entry __stop___kmark_jump_table[] __weak;
extern struct probe_site __start___kmark_probe_table[] __weak;
extern struct probe_site __stop___kmark_probe_table[] __weak;

void __marker_text_update(struct marker *m, bool armed);
int __marker_text_poke(unsigned long addr, const unsigned char *new, size_t len);

/* kernel/djprobe.c: the symbol sites it arms with a jump. Weak: the runtime links without it. */
void __marker_jump_update(struct marker *m, bool armed) __weak;
bool __marker_jump_owns(unsigned long pc) __weak;

static bool tables_ready;		/* read by the signal handler */

/* Threads that met a site being patched (its hlt): for tests and curious people. */
unsigned long __marker_text_traps;
static bool have_sync_core;
static struct sigaction old_trap;	/* SIGSEGV's handler before ours */
static long page_size;

/* --- the tables -------------------------------------------------------- */

static int jump_cmp(const void *a, const void *b)
{
	const struct jump_entry *x = a, *y = b;

	return (x->code > y->code) - (x->code < y->code);
}

static int probe_cmp(const void *a, const void *b)
{
	const struct probe_site *x = a, *y = b;

	return (x->pc > y->pc) - (x->pc < y->pc);
}

static size_t nr_jumps(void)
{
	return __start___kmark_jump_table ?
		(size_t)(__stop___kmark_jump_table - __start___kmark_jump_table) : 0;
}

static size_t nr_probes(void)
{
	return __start___kmark_probe_table ?
		(size_t)(__stop___kmark_probe_table - __start___kmark_probe_table) : 0;
}

/* Binary searches by address: async-signal-safe, the tables never change once sorted. */
static const struct jump_entry *jump_at(unsigned long code)
{
	size_t lo = 0, hi = nr_jumps();

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct jump_entry *e = &__start___kmark_jump_table[mid];

		if (e->code == code)
			return e;
		if (e->code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const struct probe_site *probe_at(unsigned long pc)
{
	size_t lo = 0, hi = nr_probes();

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct probe_site *p = &__start___kmark_probe_table[mid];

		if (p->pc == pc)
			return p;
		if (p->pc < pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* --- reading an SDT probe's arguments ---------------------------------- */

struct reg_name {
	const char *name;
	int reg;
	int shift;
};

#define REG4(r64, r32, r16, r8, greg) \
	{ r64, greg, 0 }, { r32, greg, 0 }, { r16, greg, 0 }, { r8, greg, 0 }

/* Every name gcc prints for a general register, by its greg. */
static const struct reg_name reg_names[] = {
	REG4("rax", "eax", "ax", "al", REG_RAX), { "ah", REG_RAX, 8 },
	REG4("rbx", "ebx", "bx", "bl", REG_RBX), { "bh", REG_RBX, 8 },
	REG4("rcx", "ecx", "cx", "cl", REG_RCX), { "ch", REG_RCX, 8 },
	REG4("rdx", "edx", "dx", "dl", REG_RDX), { "dh", REG_RDX, 8 },
	REG4("rsi", "esi", "si", "sil", REG_RSI),
	REG4("rdi", "edi", "di", "dil", REG_RDI),
	REG4("rbp", "ebp", "bp", "bpl", REG_RBP),
	REG4("rsp", "esp", "sp", "spl", REG_RSP),
	REG4("r8", "r8d", "r8w", "r8b", REG_R8),
	REG4("r9", "r9d", "r9w", "r9b", REG_R9),
	REG4("r10", "r10d", "r10w", "r10b", REG_R10),
	REG4("r11", "r11d", "r11w", "r11b", REG_R11),
	REG4("r12", "r12d", "r12w", "r12b", REG_R12),
	REG4("r13", "r13d", "r13w", "r13b", REG_R13),
	REG4("r14", "r14d", "r14w", "r14b", REG_R14),
	REG4("r15", "r15d", "r15w", "r15b", REG_R15),
};

/* "%rdi", "%r10d", ...: its greg (-1 if none) and the shift for %ah and kin. */
int __sdt_register(const char *s, size_t len, int *shift)
{
	size_t i;

	if (len < 2 || s[0] != '%')
		return -1;
	for (i = 0; i < sizeof(reg_names) / sizeof(reg_names[0]); i++) {
		const char *name = reg_names[i].name;

		if (strlen(name) == len - 1 && !memcmp(name, s + 1, len - 1)) {
			*shift = reg_names[i].shift;
			return reg_names[i].reg;
		}
	}
	return -1;
}

/* The register's 64 bits, moved down for %ah and kin. */
static bool reg_value(const char *s, size_t len, const ucontext_t *uc, u64 *out)
{
	int shift, reg = __sdt_register(s, len, &shift);

	if (reg < 0)
		return false;
	*out = (u64)GREGS(uc)[reg] >> shift;
	return true;
}

/* A decimal or 0x integer with an optional sign; *end past it. */
bool __sdt_parse_long(const char *s, const char *limit, long *out, const char **end)
{
	bool neg = false;
	unsigned long v = 0;
	int base = 10, digits = 0;

	if (s < limit && (*s == '-' || *s == '+'))
		neg = *s++ == '-';
	if (limit - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; s < limit; s++, digits++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		v = v * (unsigned long)base + (unsigned long)d;
	}
	*out = neg ? -(long)v : (long)v;
	*end = s;
	return digits > 0;
}

/*
 * One operand as gcc prints it in AT&T syntax: $imm, %reg, or memory
 * disp(%base,%index,scale); sym(%rip) is read through the displacement of
 * the mov assembled next to the table, which ends at @end.
 */
static bool operand_value(const char *s, const char *limit, unsigned long end,
			  unsigned int size, const ucontext_t *uc, u64 *out)
{
	const char *open, *p;
	unsigned long addr = 0;
	u64 base = 0, index = 0;
	long disp = 0, scale = 1;

	if (s >= limit)
		return false;
	if (*s == '$')
		return __sdt_parse_long(s + 1, limit, &disp, &p) && p == limit &&
		       ((*out = (u64)disp), true);
	if (*s == '%' && !memchr(s, '(', (size_t)(limit - s)))
		return reg_value(s, (size_t)(limit - s), uc, out);
	open = memchr(s, '(', (size_t)(limit - s));
	if (!open || limit[-1] != ')' || memchr(s, ':', (size_t)(limit - s)))
		return false;		/* no segment overrides (%fs: TLS) */
	if (limit - open == 6 && !memcmp(open, "(%rip)", 6)) {
		s32 rel;

		memcpy(&rel, (const void *)(end - 4), sizeof(rel));
		addr = end + (unsigned long)(long)rel;
	} else {
		const char *q = open + 1, *comma;

		if (open > s && (!__sdt_parse_long(s, open, &disp, &p) || p != open))
			return false;
		comma = memchr(q, ',', (size_t)(limit - 1 - q));
		if (q < (comma ? comma : limit - 1) &&
		    !reg_value(q, (size_t)((comma ? comma : limit - 1) - q), uc, &base))
			return false;
		if (comma) {
			const char *r = comma + 1, *comma2;

			comma2 = memchr(r, ',', (size_t)(limit - 1 - r));
			if (!reg_value(r, (size_t)((comma2 ? comma2 : limit - 1) - r), uc, &index))
				return false;
			if (comma2 && (!__sdt_parse_long(comma2 + 1, limit - 1, &scale, &p) || p != limit - 1))
				return false;
		}
		addr = (unsigned long)disp + base + index * (unsigned long)scale;
	}
	*out = 0;
	memcpy(out, (const void *)addr, size > 8 ? 8 : size);
	return true;
}

/* "-4@%edi 8@16(%rbx) ...": each value extended to 64 bits by its size and sign. */
static int probe_args(const struct probe_site *p, const ucontext_t *uc, u64 *values)
{
	const char *s = p->args;
	int n = 0;

	while (*s) {
		const char *at, *stop, *q;
		long raw, mag;
		unsigned int size;
		u64 v;

		if (n == MAX_PROBE_ARGS)
			return -1;
		stop = s + strlen(s);
		q = memchr(s, ' ', (size_t)(stop - s));
		if (q)
			stop = q;
		at = memchr(s, '@', (size_t)(stop - s));
		if (!at || !__sdt_parse_long(s, at, &raw, &q) || q != at)
			return -1;
		/* sys/sdt.h: raw = ±(size << 8 | type class), positive when signed. */
		mag = raw < 0 ? -raw : raw;
		size = (unsigned int)(mag >> 8);
		if (!operand_value(at + 1, stop, p->ends[n], size, uc, &v))
			return -1;
		if (size < 8) {
			u64 mask = (1ULL << (size * 8)) - 1;

			v &= mask;
			if (raw > 0 && (mag & 0xff) != 8 && (v >> (size * 8 - 1)))
				v |= ~mask;
		}
		values[n++] = v;
		s = *stop ? stop + 1 : stop;
	}
	return n;
}

/* --- the trap ---------------------------------------------------------- */

static void chain_trap(int sig, siginfo_t *info, void *ctx)
{
	if (old_trap.sa_flags & SA_SIGINFO) {
		if (old_trap.sa_sigaction)
			old_trap.sa_sigaction(sig, info, ctx);
		return;
	}
	if (old_trap.sa_handler == SIG_IGN)
		return;
	if (old_trap.sa_handler != SIG_DFL) {
		old_trap.sa_handler(sig);
		return;
	}
	/* Not ours and nobody else's: die of it, as without us. */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void trap_handler(int sig, siginfo_t *info, void *ctx)
{
	ucontext_t *uc = ctx;
	/* A fault: RIP is the hlt's own address. */
	unsigned long pc = (unsigned long)GREGS(uc)[REG_RIP];
	const struct jump_entry *e;
	const struct probe_site *p;
	int saved_errno = errno;

	if (!__atomic_load_n(&tables_ready, __ATOMIC_ACQUIRE)) {
		chain_trap(sig, info, ctx);
		return;
	}
	e = jump_at(pc);
	if (e) {
		/* A site being patched: run it as the new code would. */
		__atomic_add_fetch(&__marker_text_traps, 1, __ATOMIC_RELAXED);
		GREGS(uc)[REG_RIP] = (greg_t)
			(__atomic_load_n(&e->m->armed, __ATOMIC_RELAXED) ?
			 e->target : e->code + SITE_SIZE);
		errno = saved_errno;
		return;
	}
	p = probe_at(pc);
	if (p) {
		u64 values[MAX_PROBE_ARGS];

		/* A jump being patched in or out (kernel/djprobe.c), else the trap path's hlt. */
		if (__marker_jump_owns && __marker_jump_owns(pc))
			__atomic_add_fetch(&__marker_text_traps, 1, __ATOMIC_RELAXED);
		/* The hlt stands for the nop: go on right after it. */
		GREGS(uc)[REG_RIP] = (greg_t)(pc + SITE_SIZE);
		if (__atomic_load_n(&p->m->armed, __ATOMIC_RELAXED) &&
		    probe_args(p, uc, values) >= 0)
			p->trampoline(values);
		errno = saved_errno;
		return;
	}
	chain_trap(sig, info, ctx);
}

/* --- patching ---------------------------------------------------------- */

/* syscall(2) is not declared without _DEFAULT_SOURCE: the instruction itself. */
static long membarrier(int cmd)
{
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "0"((long)SYS_membarrier), "D"((long)cmd), "S"(0L), "d"(0L)
			     : "rcx", "r11", "memory");
	return ret;
}

static void sync_cores(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (have_sync_core)
		membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE);
}

static int text_protect(unsigned long addr, size_t len, int prot)
{
	unsigned long start = addr & ~(unsigned long)(page_size - 1);
	unsigned long stop = (addr + len + page_size - 1) & ~(unsigned long)(page_size - 1);

	return mprotect((void *)start, stop - start, prot) ? -errno : 0;
}

int __marker_text_poke(unsigned long addr, const unsigned char *new, size_t len)
{
	unsigned char *code = (unsigned char *)addr;
	int ret;

	if (!memcmp(code, new, len))
		return 0;
	ret = text_protect(addr, len, PROT_READ | PROT_WRITE | PROT_EXEC);
	if (ret)
		return ret;
	if (len > 1) {
		__atomic_store_n(&code[0], (unsigned char)TRAP, __ATOMIC_RELEASE);
		sync_cores();
		memcpy(code + 1, new + 1, len - 1);
		sync_cores();
	}
	__atomic_store_n(&code[0], new[0], __ATOMIC_RELEASE);
	sync_cores();
	return text_protect(addr, len, PROT_READ | PROT_EXEC);
}

/* Once, under marker_mutex, before the first patch. */
static int text_init(void)
{
	struct sigaction sa;

	if (tables_ready)
		return 0;
	page_size = sysconf(_SC_PAGESIZE);
	if (nr_jumps())
		qsort(__start___kmark_jump_table, nr_jumps(),
		      sizeof(struct jump_entry), jump_cmp);
	if (nr_probes())
		qsort(__start___kmark_probe_table, nr_probes(),
		      sizeof(struct probe_site), probe_cmp);
	if (membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE) == 0)
		have_sync_core = true;
	if (sigaction(SIGSEGV, NULL, &old_trap))
		return -errno;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = trap_handler;
	/* On the alternate stack if the handler before ours was (stack overflows). */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESTART | (old_trap.sa_flags & SA_ONSTACK);
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL))
		return -errno;
	__atomic_store_n(&tables_ready, true, __ATOMIC_RELEASE);
	return 0;
}

static void report(const char *what, unsigned long addr, const struct marker *m,
		   const char *why)
{
	printk(KERN_ERR "marker: %s: cannot patch %s at %#lx: %s\n",
	       m->name, what, addr, why);
}

void __marker_text_update(struct marker *m, bool armed)
{
	const struct jump_entry *e, *e_end;
	const struct probe_site *p, *p_end;
	int ret;

	if (!nr_jumps() && !nr_probes())
		return;
	ret = text_init();
	if (ret) {
		report("its sites", 0, m, strerror(-ret));
		return;
	}
	for (e = __start___kmark_jump_table, e_end = e + nr_jumps(); e < e_end; e++) {
		unsigned char jmp[SITE_SIZE];
		long rel = (long)(e->target - (e->code + SITE_SIZE));
		s32 rel32 = (s32)rel;

		if (e->m != m)
			continue;
		jmp[0] = JMP32;
		memcpy(&jmp[1], &rel32, sizeof(rel32));
		if (rel != rel32) {
			report("a static key", e->code, m, "its target is out of reach");
			continue;
		}
		if (memcmp((void *)e->code, nop5, SITE_SIZE) &&
		    memcmp((void *)e->code, jmp, SITE_SIZE)) {
			/* Not ours to change: a debugger's breakpoint, say. */
			report("a static key", e->code, m, "its bytes are not ours");
			continue;
		}
		ret = __marker_text_poke(e->code, armed ? jmp : nop5, SITE_SIZE);
		if (ret)
			report("a static key", e->code, m, strerror(-ret));
	}
	if (nr_probes() && __marker_jump_update)
		__marker_jump_update(m, armed);
	for (p = __start___kmark_probe_table, p_end = p + nr_probes(); p < p_end; p++) {
		unsigned char *code = (unsigned char *)p->pc;
		unsigned char byte = armed ? TRAP : nop5[0];

		if (p->m != m || (__marker_jump_owns && __marker_jump_owns(p->pc)))
			continue;
		if ((code[0] != TRAP && code[0] != nop5[0]) || memcmp(code + 1, nop5 + 1, SITE_SIZE - 1)) {
			report("a symbol probe", p->pc, m, "its bytes are not ours");
			continue;
		}
		ret = __marker_text_poke(p->pc, &byte, 1);
		if (ret)
			report("a symbol probe", p->pc, m, strerror(-ret));
	}
}
