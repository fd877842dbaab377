/*
 * kernel/djprobe.c
 *
 * The symbol markup's sites armed with a jump (docs/modes.md, "Arming a
 * symbol site with a jump"): what an outside tracer would do with a
 * djprobe, done in the process, from what any outside tool has:
 *
 *	the symbol table	every site's symbol __mark_KEY__TU_N, and the
 *				entry points __kmark_handler_KEY__TU (the site's
 *				handlers, given the arguments as 64-bit values)
 *				and __kmark_marker_KEY__TU (its descriptor);
 *	the SDT notes		kmark:NAME at the same address, and where its
 *				arguments are ("-4@%edi 8@jiffies(%rip)");
 *	the catalog		the descriptors (name, armed count): a note's
 *				name must be its marker's.
 *
 * It never reads the static-key jump table, nor the symbol markup's own
 * trap table (kernel/static_key.c's). Both ELF tables are read from
 * /proc/self/exe once, at the first arm of a symbol site.
 *
 * Each site gets a trampoline, in one block of memory within a jmp rel32
 * of the program's code, written once and then made read and execute:
 *
 *	lea -128(%rsp),%rsp	past the red zone the site's code may use
 *	pushfq; push the 15 general registers (and room for rsp, rip)
 *	save xmm0-15 (ymm0-15 with AVX): every vector register is the
 *		caller's to save in the C ABI, and the site is no call
 *	call djprobe_hit(site, registers)
 *	load the vector registers; pop; popfq; lea 128(%rsp),%rsp
 *	jmp *site+5
 *
 * Not saved: the x87 stack (the C ABI leaves it empty at a call, and
 * kernel code has no floating point), AVX-512's extra state (zmm16-31,
 * the mask registers): code compiled for AVX-512 would need an xsave
 * there, at several times the cost (docs/modes.md).
 *
 * djprobe_hit() reads the arguments from the saved registers and memory
 * as the note says (each operand parsed once, when the site is set up)
 * and calls the handler entry point. Arming a site's marker patches its
 * 5-byte nop into "jmp trampoline", disarming patches the nop back, with
 * kernel/static_key.c's cross-modifying-code sequence (a thread meeting
 * the site mid-patch traps there and is run by the trap path).
 *
 * A site whose jump cannot be placed (no symbol table, an operand it
 * cannot read, no executable memory within reach, KMARK_DJPROBE=0 in the
 * environment, ...) is left to the trap path, and the reason is recorded
 * (__marker_jump_reason()) and printed at its first arm.
 */
/* Not glibc's default: its <sys/types.h> clashes with <linux/types.h>. */
#define _POSIX_C_SOURCE 200809L

#include <cpuid.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/marker.h>

/* Only the symbol markup has its sites: other builds link an empty object. */
#ifdef CONFIG_MARK_SYMBOL

#if !defined(__x86_64__)
#error "kernel/djprobe.c patches x86-64 code"
#endif

#ifndef MAP_ANONYMOUS		/* not declared for _POSIX_C_SOURCE: Linux's values */
#define MAP_ANONYMOUS		0x20
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif

#define SITE_SIZE	5
#define JMP32		0xe9
#define MAX_ARGS	12
#define REASON_SIZE	120

/* kernel/static_key.c */
int __marker_text_poke(unsigned long addr, const unsigned char *new, size_t len);
int __sdt_register(const char *s, size_t len, int *shift);
bool __sdt_parse_long(const char *s, const char *limit, long *out, const char **end);

/* The saved registers, in the kernel's sigcontext order as static_key.c reads them. */
enum { REG_RSP = 15, REG_RIP = 16, NR_FRAME = 18 };	/* 17: the flags */
#define RED_ZONE	128

static const unsigned char nop5[SITE_SIZE] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };

/* One SDT operand, parsed: its value is disp (+ base) (+ index * scale), or read there. */
struct dj_arg {
	unsigned char size;	/* 1, 2, 4 or 8 bytes */
	bool sign;		/* extended by its sign ("-4@") */
	bool memory;		/* read at the address, else the value itself */
	signed char base, index;	/* registers, or -1 */
	unsigned char shift;	/* %ah and kin */
	unsigned char scale;
	long disp;		/* $imm, the displacement, or the %rip operand's address */
};

struct dj_site {
	unsigned long pc;
	struct marker *m;
	void (*handler)(const unsigned long long *values);
	unsigned int nr_args;
	struct dj_arg args[MAX_ARGS];
	unsigned char *trampoline;	/* NULL: the trap path's */
	bool reported;
	char reason[REASON_SIZE];	/* why not a jump, or "" */
};

static struct dj_site *sites;		/* sorted by pc */
static size_t nr_sites;
static bool agent_tried;		/* under marker_mutex */
static bool agent_ready;		/* the sites are there: read by the trap handler */
static char agent_reason[REASON_SIZE];	/* why no site can jump, or "" */

/* --- the trampoline ---------------------------------------------------- */

/* Called with the state saved, from a site's trampoline. */
static void djprobe_hit(struct dj_site *s, u64 *regs) __used;

/*
 * The template, copied per site, in two variants: the vector registers
 * saved as xmm (SSE) or, when the kernel enables AVX, as ymm (glibc's
 * functions that the handlers call end with vzeroupper). Its three
 * constants are patched at the labels: the site and djprobe_hit (movabs),
 * and the address to go back to (the indirect jmp's).
 */
#define DJ_VECTORS(op, reg, width) \
	"	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n" \
	"	" op " " reg "\n" \
	"	.endr\n"

#define DJ_TEMPLATE(name, save, load, width) \
	"	.pushsection .rodata, \"a\"\n" \
	name ":\n" \
	"	lea -128(%rsp), %rsp\n" \
	"	pushfq\n" \
	"	sub $16, %rsp\n"		/* rsp, rip: filled by djprobe_hit */ \
	"	push %rcx\n	push %rax\n	push %rdx\n	push %rbx\n" \
	"	push %rbp\n	push %rsi\n	push %rdi\n" \
	"	push %r15\n	push %r14\n	push %r13\n	push %r12\n" \
	"	push %r11\n	push %r10\n	push %r9\n	push %r8\n" \
	"	mov %rsp, %rbx\n" \
	"	sub $16*" #width ", %rsp\n" \
	"	and $-32, %rsp\n" \
	DJ_VECTORS(save, "\\n*" #width "(%rsp)", width) \
	"	mov %rbx, %rsi\n" \
	name "_site:\n" \
	"	movabs $0x1000000000, %rdi\n" \
	name "_call:\n" \
	"	movabs $0x1000000000, %rax\n" \
	"	call *%rax\n" \
	DJ_VECTORS(load, "", width) \
	"	mov %rbx, %rsp\n" \
	"	pop %r8\n	pop %r9\n	pop %r10\n	pop %r11\n" \
	"	pop %r12\n	pop %r13\n	pop %r14\n	pop %r15\n" \
	"	pop %rdi\n	pop %rsi\n	pop %rbp\n	pop %rbx\n" \
	"	pop %rdx\n	pop %rax\n	pop %rcx\n" \
	"	add $16, %rsp\n" \
	"	popfq\n" \
	"	lea 128(%rsp), %rsp\n" \
	"	jmp *" name "_back(%rip)\n" \
	name "_back:\n" \
	"	.quad 0\n" \
	name "_end:\n" \
	"	.popsection\n"

__asm__(DJ_TEMPLATE("djprobe_sse", "movaps %xmm\\n,", "movaps \\n*16(%rsp), %xmm\\n", 16)
	DJ_TEMPLATE("djprobe_avx", "vmovaps %ymm\\n,", "vmovaps \\n*32(%rsp), %ymm\\n", 32));

struct dj_template {
	const unsigned char *start, *site, *call, *back, *end;
};

#define DJ_LABELS(name) \
	extern const unsigned char name[], name##_site[], name##_call[], name##_back[], name##_end[]
DJ_LABELS(djprobe_sse);
DJ_LABELS(djprobe_avx);

static const struct dj_template templates[] = {
	{ djprobe_sse, djprobe_sse_site, djprobe_sse_call, djprobe_sse_back, djprobe_sse_end },
	{ djprobe_avx, djprobe_avx_site, djprobe_avx_call, djprobe_avx_back, djprobe_avx_end },
};

static const struct dj_template *template;	/* the CPU's */

#define TRAMPOLINE_SIZE	((size_t)(template->end - template->start + 63) & ~(size_t)63)

static u64 arg_value(const struct dj_arg *a, const u64 *regs)
{
	u64 v = (u64)a->disp;

	if (a->base >= 0)
		v = a->memory ? v + regs[a->base] : regs[a->base] >> a->shift;
	if (a->index >= 0)
		v += regs[a->index] * a->scale;
	if (a->memory) {
		const void *at = (const void *)(unsigned long)v;

		v = 0;
		memcpy(&v, at, a->size);
	}
	if (a->size < 8) {
		u64 mask = (1ULL << (a->size * 8)) - 1;

		v &= mask;
		if (a->sign && (v >> (a->size * 8 - 1)))
			v |= ~mask;
	}
	return v;
}

static void djprobe_hit(struct dj_site *s, u64 *regs)
{
	unsigned long long values[MAX_ARGS];
	int *err = &errno, saved_errno;	/* the site's code does not expect it to change */
	unsigned int i;

	regs[REG_RSP] = (u64)(unsigned long)(regs + NR_FRAME) + RED_ZONE;
	regs[REG_RIP] = s->pc;
	/* Disarmed while on its way here: like a site that saw the change late, it may fire once more. */
	if (!__atomic_load_n(&s->m->armed, __ATOMIC_RELAXED))
		return;
	for (i = 0; i < s->nr_args; i++)
		values[i] = arg_value(&s->args[i], regs);
	saved_errno = *err;
	s->handler(values);
	*err = saved_errno;
}

/* The template for the vector registers the kernel lets the program use: ymm if AVX. */
static void template_setup(void)
{
	unsigned int a, b, c, d;
	u32 xcr0 = 0, high;

	if (__get_cpuid(1, &a, &b, &c, &d) && (c & bit_OSXSAVE))
		__asm__ __volatile__("xgetbv" : "=a"(xcr0), "=d"(high) : "c"(0));
	template = &templates[(xcr0 & 6) == 6 && (c & bit_AVX)];
}

/* --- the ELF file: symbols and notes ------------------------------------ */

struct image {
	const unsigned char *data;
	size_t size;
	unsigned long bias;		/* load address minus link address */
	const Elf64_Sym *syms;
	size_t nr_syms;
	const char *strs;
	size_t strs_size;
};

static const char *sym_name(const struct image *img, const Elf64_Sym *s)
{
	return s->st_name < img->strs_size ? img->strs + s->st_name : "";
}

static bool in_file(const struct image *img, const void *p, size_t len)
{
	const unsigned char *c = p;

	return c >= img->data && len <= img->size && (size_t)(c - img->data) <= img->size - len;
}

static const char *image_open(struct image *img)
{
	const Elf64_Ehdr *eh;
	const Elf64_Shdr *sh;
	off_t size;
	void *map;
	int fd, i;

	fd = open("/proc/self/exe", O_RDONLY);
	if (fd < 0)
		return "cannot open /proc/self/exe";
	size = lseek(fd, 0, SEEK_END);
	if (size < (off_t)sizeof(*eh)) {
		close(fd);
		return "cannot read /proc/self/exe";
	}
	map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return "cannot map /proc/self/exe";
	img->data = map;
	img->size = (size_t)size;
	eh = map;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_shentsize != sizeof(*sh) || !in_file(img, img->data + eh->e_shoff, eh->e_shnum * sizeof(*sh)))
		return "the program is not a 64-bit ELF file";
	img->bias = getauxval(AT_ENTRY) - eh->e_entry;
	sh = (const Elf64_Shdr *)(img->data + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++) {
		const Elf64_Shdr *str = &sh[sh[i].sh_link < eh->e_shnum ? sh[i].sh_link : 0];

		if (sh[i].sh_type != SHT_SYMTAB || !in_file(img, img->data + sh[i].sh_offset, sh[i].sh_size) ||
		    !in_file(img, img->data + str->sh_offset, str->sh_size))
			continue;
		img->syms = (const Elf64_Sym *)(img->data + sh[i].sh_offset);
		img->nr_syms = sh[i].sh_size / sizeof(Elf64_Sym);
		img->strs = (const char *)img->data + str->sh_offset;
		img->strs_size = str->sh_size;
	}
	if (!img->syms)
		return "the program has no symbol table (stripped)";
	return NULL;
}

/* A defined symbol's run-time address by name, 0 if none. */
static unsigned long sym_address(const struct image *img, const char *name, size_t len,
				 size_t first, size_t last)
{
	size_t i;

	for (i = first; i < last; i++) {
		const Elf64_Sym *s = &img->syms[i];
		const char *n = sym_name(img, s);

		if (s->st_shndx != SHN_UNDEF && !strncmp(n, name, len) && n[len] == '\0')
			return s->st_value + img->bias;
	}
	return 0;
}

/*
 * The symbols of the object file that defines the local symbol at @addr
 * whose name starts with @prefix: from its STT_FILE symbol to the next, as
 * ld lays the table out. A static variable is looked up there first, as
 * gdb does.
 */
static void file_scope(const struct image *img, unsigned long addr, const char *prefix,
		       size_t *first, size_t *last)
{
	size_t i, file = 0;

	*first = *last = 0;
	for (i = 0; i < img->nr_syms; i++) {
		const Elf64_Sym *s = &img->syms[i];

		if (ELF64_ST_TYPE(s->st_info) == STT_FILE) {
			if (*first) {
				*last = i;
				return;
			}
			file = i;
		} else if (!*first && ELF64_ST_BIND(s->st_info) == STB_LOCAL &&
			   s->st_value + img->bias == addr &&
			   !strncmp(sym_name(img, s), prefix, strlen(prefix))) {
			*first = file;
		}
	}
	if (*first)
		*last = i;
}

/* --- the notes' operands ------------------------------------------------ */

static bool parse_register(const char *s, const char *limit, signed char *reg, unsigned char *shift)
{
	int sh = 0, r = __sdt_register(s, (size_t)(limit - s), &sh);

	if (r < 0 || r == REG_RSP + 1)
		return false;
	*reg = (signed char)r;
	if (shift)
		*shift = (unsigned char)sh;
	else if (sh)
		return false;			/* %ah as an address */
	return true;
}

/*
 * "SIZE@OPERAND", as sys/sdt.h writes it: [-]SIZE[f]@ and $imm, %reg,
 * disp(%base,%index,scale) or sym[+-off](%rip), resolved in the symbol
 * table (the site's own object's first).
 */
static bool parse_arg(const struct image *img, const char *s, const char *limit,
		      size_t first, size_t last, struct dj_arg *a)
{
	const char *p, *open;
	long size;

	memset(a, 0, sizeof(*a));
	a->base = a->index = -1;
	a->scale = 1;
	a->sign = *s == '-';
	if (!__sdt_parse_long(s + a->sign, limit, &size, &p) ||
	    (size != 1 && size != 2 && size != 4 && size != 8))
		return false;
	if (p < limit && *p == 'f') {
		a->sign = false;
		p++;
	}
	if (p >= limit || *p++ != '@' || p >= limit)
		return false;
	a->size = (unsigned char)size;
	if (*p == '$')
		return __sdt_parse_long(p + 1, limit, &a->disp, &s) && s == limit;
	if (*p == '%')
		return parse_register(p, limit, &a->base, &a->shift);
	a->memory = true;
	open = memchr(p, '(', (size_t)(limit - p));
	if (!open || limit[-1] != ')' || memchr(p, ':', (size_t)(limit - p)))
		return false;			/* no segment overrides (%fs: TLS) */
	if (limit - open == 6 && !memcmp(open, "(%rip)", 6)) {
		const char *sign = p;
		long off = 0;
		unsigned long at;

		while (sign < open && *sign != '+' && (*sign != '-' || sign == p))
			sign++;
		if (sign < open && (!__sdt_parse_long(sign, open, &off, &s) || s != open))
			return false;
		at = sym_address(img, p, (size_t)(sign - p), first, last);
		if (!at)
			at = sym_address(img, p, (size_t)(sign - p), 0, img->nr_syms);
		a->disp = (long)at + off;
		return at != 0;
	}
	if (open > p && (!__sdt_parse_long(p, open, &a->disp, &s) || s != open))
		return false;
	p = open + 1;
	limit--;
	open = memchr(p, ',', (size_t)(limit - p));
	if (p < (open ? open : limit) && !parse_register(p, open ? open : limit, &a->base, NULL))
		return false;
	if (open) {
		const char *comma = memchr(open + 1, ',', (size_t)(limit - open - 1));
		long scale = 1;

		if (!parse_register(open + 1, comma ? comma : limit, &a->index, NULL))
			return false;
		if (comma && (!__sdt_parse_long(comma + 1, limit, &scale, &s) || s != limit ||
			      (scale != 1 && scale != 2 && scale != 4 && scale != 8)))
			return false;
		a->scale = (unsigned char)scale;
	}
	return true;
}

static void set_reason(char *reason, const char *fmt, const char *what, size_t len)
{
	snprintf(reason, REASON_SIZE, fmt, (int)len, what);
}

/* "-4@%edi 8@16(%rbx)": each parsed, or the site's reason. */
static void site_args(const struct image *img, struct dj_site *s, const char *args)
{
	size_t first, last;

	file_scope(img, (unsigned long)s->handler, "__kmark_tramp_", &first, &last);
	while (*args) {
		const char *stop = strchr(args, ' ');

		if (!stop)
			stop = args + strlen(args);
		if (s->nr_args == MAX_ARGS) {
			set_reason(s->reason, "more than 12 arguments%.*s", "", 0);
			return;
		}
		if (!parse_arg(img, args, stop, first, last, &s->args[s->nr_args])) {
			set_reason(s->reason, "its argument %.*s cannot be read from the saved registers",
				   args, (size_t)(stop - args));
			return;
		}
		s->nr_args++;
		args = *stop ? stop + 1 : stop;
	}
}

/* --- the sites ---------------------------------------------------------- */

/* __mark_KEY__TU_N: "KEY__TU", the name of its handler and marker symbols, without _N. */
static bool site_stem(const char *name, const char **stem, size_t *len)
{
	const char *end = name + strlen(name);

	if (strncmp(name, "__mark_", 7))
		return false;
	while (end > name + 7 && end[-1] >= '0' && end[-1] <= '9')
		end--;
	if (end == name + strlen(name) || end[-1] != '_')
		return false;
	*stem = name + 7;
	*len = (size_t)(end - 1 - *stem);
	return true;
}

static unsigned long entry_point(const struct image *img, const char *prefix, const char *stem, size_t len)
{
	char name[512];

	if (strlen(prefix) + len >= sizeof(name))
		return 0;
	snprintf(name, sizeof(name), "%s%.*s", prefix, (int)len, stem);
	return sym_address(img, name, strlen(name), 0, img->nr_syms);
}

/* The site's symbol at @pc, or NULL. */
static const char *site_symbol(const struct image *img, unsigned long pc)
{
	size_t i;

	for (i = 0; i < img->nr_syms; i++) {
		const Elf64_Sym *s = &img->syms[i];

		if (s->st_shndx != SHN_UNDEF && s->st_value + img->bias == pc &&
		    !strncmp(sym_name(img, s), "__mark_", 7))
			return sym_name(img, s);
	}
	return NULL;
}

/* One kmark note: a site when its symbol and entry points are there. */
static void note_site(const struct image *img, unsigned long pc, const char *name, const char *args)
{
	const char *sym = site_symbol(img, pc), *stem;
	struct dj_site *s = &sites[nr_sites];
	size_t len;

	if (!sym || !site_stem(sym, &stem, &len))
		return;			/* a probe of another markup, or none of kmark's */
	memset(s, 0, sizeof(*s));
	s->pc = pc;
	s->m = (struct marker *)entry_point(img, "__kmark_marker_", stem, len);
	s->handler = (void (*)(const unsigned long long *))entry_point(img, "__kmark_handler_", stem, len);
	if (!s->m || !s->handler)
		return;
	if (!s->m->name || strcmp(s->m->name, name))
		return;			/* not the catalog's marker of that name */
	site_args(img, s, args);
	nr_sites++;
}

/* The stapsdt notes (type 3): pc, base, semaphore, then "provider\0name\0args\0". */
static void read_notes(const struct image *img, size_t max)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img->data;
	const Elf64_Shdr *sh = (const Elf64_Shdr *)(img->data + eh->e_shoff);
	const char *shstr = (const char *)img->data + sh[eh->e_shstrndx].sh_offset;
	unsigned long base_addr = 0;
	int i;

	for (i = 0; i < eh->e_shnum; i++)
		if (!strcmp(shstr + sh[i].sh_name, ".stapsdt.base"))
			base_addr = sh[i].sh_addr;
	for (i = 0; i < eh->e_shnum; i++) {
		const unsigned char *p, *end;

		if (sh[i].sh_type != SHT_NOTE || strcmp(shstr + sh[i].sh_name, ".note.stapsdt") ||
		    !in_file(img, img->data + sh[i].sh_offset, sh[i].sh_size))
			continue;
		p = img->data + sh[i].sh_offset;
		end = p + sh[i].sh_size;
		while (p + sizeof(Elf64_Nhdr) <= end && nr_sites < max) {
			const Elf64_Nhdr *nh = (const Elf64_Nhdr *)p;
			const unsigned char *desc = p + sizeof(*nh) + ((nh->n_namesz + 3) & ~3u);
			const char *provider = (const char *)desc + 24, *name, *args;
			u64 pc, base;

			p = desc + ((nh->n_descsz + 3) & ~3u);
			if (p > end || nh->n_type != 3 || nh->n_descsz < 27 ||
			    desc[nh->n_descsz - 1] != '\0')
				continue;
			memcpy(&pc, desc, 8);
			memcpy(&base, desc + 8, 8);
			name = provider + strlen(provider) + 1;
			args = name + strlen(name) + 1;
			if ((const unsigned char *)args >= desc + nh->n_descsz || strcmp(provider, "kmark"))
				continue;
			if (base_addr)
				pc += base_addr - base;
			note_site(img, (unsigned long)(pc + img->bias), name, args);
		}
	}
}

static size_t count_site_symbols(const struct image *img)
{
	size_t i, n = 0;

	for (i = 0; i < img->nr_syms; i++)
		n += !strncmp(sym_name(img, &img->syms[i]), "__mark_", 7);
	return n;
}

static int site_cmp(const void *a, const void *b)
{
	const struct dj_site *x = a, *y = b;

	return (x->pc > y->pc) - (x->pc < y->pc);
}

/* The program's code: its lowest and highest executable addresses. */
static void code_range(unsigned long *lo, unsigned long *hi)
{
	const Elf64_Phdr *ph = (const Elf64_Phdr *)getauxval(AT_PHDR);
	unsigned long n = getauxval(AT_PHNUM), bias = 0, i;

	*lo = ~0UL;
	*hi = 0;
	for (i = 0; i < n; i++)
		if (ph[i].p_type == PT_PHDR)
			bias = (unsigned long)ph - ph[i].p_vaddr;
	for (i = 0; i < n; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (ph[i].p_vaddr + bias < *lo)
			*lo = ph[i].p_vaddr + bias;
		if (ph[i].p_vaddr + ph[i].p_memsz + bias > *hi)
			*hi = ph[i].p_vaddr + ph[i].p_memsz + bias;
	}
}

static bool reachable(unsigned long from, unsigned long to)
{
	long rel = (long)(to - (from + SITE_SIZE));

	return rel == (long)(s32)rel;
}

/* Memory for @bytes of trampolines within a jmp rel32 of every site, or NULL. */
static unsigned char *trampoline_memory(size_t bytes)
{
	long page = sysconf(_SC_PAGESIZE);
	unsigned long lo, hi, step = 1UL << 20;
	int k;

	code_range(&lo, &hi);
	if (lo >= hi)
		return NULL;
	for (k = 0; k < 512; k++) {
		/* Above the program, then below it: as close as the mappings around allow. */
		unsigned long at = k % 2 ? lo - bytes - (unsigned long)(k / 2 + 1) * step
				   : ((hi + (unsigned long)page - 1) & ~(unsigned long)(page - 1)) + (unsigned long)(k / 2) * step;
		void *p = mmap((void *)(at & ~(unsigned long)(page - 1)), bytes, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

		if (p == MAP_FAILED)
			continue;
		if (reachable(lo, (unsigned long)p) && reachable(lo, (unsigned long)p + bytes) &&
		    reachable(hi, (unsigned long)p) && reachable(hi, (unsigned long)p + bytes))
			return p;
		munmap(p, bytes);
	}
	return NULL;
}

static void write_trampoline(struct dj_site *s, unsigned char *t)
{
	u64 site = (u64)(unsigned long)s, hit = (u64)(unsigned long)djprobe_hit;
	u64 back = s->pc + SITE_SIZE;

	memcpy(t, template->start, (size_t)(template->end - template->start));
	/* Past the opcodes: movabs is 48 b8+r imm64. */
	memcpy(t + (template->site - template->start) + 2, &site, 8);
	memcpy(t + (template->call - template->start) + 2, &hit, 8);
	memcpy(t + (template->back - template->start), &back, 8);
	s->trampoline = t;
}

/* Every site's trampoline, in one block made read and execute once written. */
static const char *build_trampolines(void)
{
	size_t i, n = 0, bytes;
	long page = sysconf(_SC_PAGESIZE);
	unsigned char *block;

	template_setup();
	for (i = 0; i < nr_sites; i++)
		n += !sites[i].reason[0];
	if (!n)
		return NULL;
	bytes = (n * TRAMPOLINE_SIZE + (size_t)page - 1) & ~(size_t)(page - 1);
	block = trampoline_memory(bytes);
	if (!block)
		return "no memory within a jmp rel32 of the code";
	for (i = 0, n = 0; i < nr_sites; i++)
		if (!sites[i].reason[0])
			write_trampoline(&sites[i], block + n++ * TRAMPOLINE_SIZE);
	if (mprotect(block, bytes, PROT_READ | PROT_EXEC)) {
		for (i = 0; i < nr_sites; i++)
			sites[i].trampoline = NULL;
		munmap(block, bytes);
		return "the trampolines cannot be made executable (W^X policy?)";
	}
	return NULL;
}

/* Once, under marker_mutex (marker.c calls __marker_text_update() there). */
static void agent_init(void)
{
	struct image img = { 0 };
	const char *why, *env = getenv("KMARK_DJPROBE");
	size_t max = 0;

	if (agent_tried)
		return;
	agent_tried = true;
	why = env && !strcmp(env, "0") ? "jumps disabled by KMARK_DJPROBE=0" : image_open(&img);
	if (!why) {
		max = count_site_symbols(&img);
		sites = max ? calloc(max, sizeof(*sites)) : NULL;
		if (max && !sites)
			why = "out of memory";
	}
	if (!why && sites) {
		read_notes(&img, max);
		qsort(sites, nr_sites, sizeof(*sites), site_cmp);
		why = build_trampolines();
	}
	if (why)
		snprintf(agent_reason, sizeof(agent_reason), "%s", why);
	if (img.data)
		munmap((void *)img.data, img.size);
	__atomic_store_n(&agent_ready, true, __ATOMIC_RELEASE);
	if (agent_reason[0])
		printk(KERN_INFO "marker: symbol sites are armed with the trap: %s\n", agent_reason);
	else if (nr_sites < max)
		printk(KERN_INFO "marker: %zu symbol sites of %zu found with their note and entry points; the others are armed with the trap\n",
		       nr_sites, max);
}

static struct dj_site *site_at(unsigned long pc)
{
	struct dj_site key = { .pc = pc };

	return nr_sites ? bsearch(&key, sites, nr_sites, sizeof(*sites), site_cmp) : NULL;
}

/* The jump's bytes at @s: its trampoline, or false. */
static bool jump_to(const struct dj_site *s, unsigned char *jmp)
{
	long rel = (long)((unsigned long)s->trampoline - (s->pc + SITE_SIZE));
	s32 rel32 = (s32)rel;

	if (!s->trampoline || rel != rel32)
		return false;
	jmp[0] = JMP32;
	memcpy(&jmp[1], &rel32, sizeof(rel32));
	return true;
}

/*
 * Why the symbol site at @pc is armed with a trap, not a jump; NULL when
 * it is a jump (or no symbol site is there). Valid once its marker has
 * been armed.
 */
const char *__marker_jump_reason(unsigned long pc)
{
	const struct dj_site *s;

	if (!__atomic_load_n(&agent_ready, __ATOMIC_ACQUIRE))
		return NULL;
	s = site_at(pc);
	if (s && s->trampoline)
		return NULL;
	if (agent_reason[0])
		return agent_reason;
	return s ? s->reason : "the agent found no such site (its symbol, entry points or note)";
}

/* Whether the site at @pc is the jump's, not the trap's. */
bool __marker_jump_owns(unsigned long pc)
{
	const struct dj_site *s = __atomic_load_n(&agent_ready, __ATOMIC_ACQUIRE) ? site_at(pc) : NULL;

	return s && s->trampoline;
}

/*
 * From kernel/static_key.c's __marker_text_update(), under marker_mutex:
 * every site of @m that has a trampoline becomes its jump, or the nop
 * again. The others are the trap path's.
 */
void __marker_jump_update(struct marker *m, bool armed)
{
	size_t i;

	agent_init();
	for (i = 0; i < nr_sites; i++) {
		struct dj_site *s = &sites[i];
		unsigned char jmp[SITE_SIZE];
		int ret;

		if (s->m != m)
			continue;
		if (!jump_to(s, jmp)) {
			if (armed && !s->reported && !agent_reason[0])
				printk(KERN_INFO "marker: %s: site at %#lx armed with the trap, not a jump: %s\n",
				       m->name, s->pc, s->reason);
			s->reported = true;
			continue;
		}
		if (memcmp((void *)s->pc, nop5, SITE_SIZE) && memcmp((void *)s->pc, jmp, SITE_SIZE)) {
			printk(KERN_ERR "marker: %s: cannot patch a symbol site at %#lx: its bytes are not ours\n",
			       m->name, s->pc);
			continue;
		}
		ret = __marker_text_poke(s->pc, armed ? jmp : nop5, SITE_SIZE);
		if (ret)
			printk(KERN_ERR "marker: %s: cannot patch a symbol site at %#lx: %s\n",
			       m->name, s->pc, strerror(-ret));
	}
}

#endif /* CONFIG_MARK_SYMBOL */
