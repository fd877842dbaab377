import type { Abi } from '../../src/model/abi.js';

/** Declarations and expressions whose types kmark and gcc must agree on (test/ctypes/gcc-types.test.ts). */

/** What gcc needs that kmark knows as builtins: kmark's tree leaves these out. */
export const GCC_ONLY_PRELUDE = `int printf(const char *, ...);
typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ptrdiff_t;
typedef __PTRDIFF_TYPE__ ssize_t;
typedef __WCHAR_TYPE__ wchar_t;
typedef __CHAR16_TYPE__ char16_t;
typedef __CHAR32_TYPE__ char32_t;
`;

const COMMON = `typedef unsigned char u8; typedef unsigned short u16; typedef unsigned int u32; typedef unsigned long long u64;
typedef signed char s8; typedef short s16; typedef int s32; typedef long long s64;
typedef int (*handler_t)(int);
typedef char name_t[16];
typedef const char *cstr;
typedef long double ldouble;
enum color { RED, GREEN = 5, BLUE };
enum sign { NEG = -1, POS = 1 };
enum big { BIG = 0x100000000 };
enum mixed { M1 = -1, M2 = 0x80000000 };
enum shifted { S1 = 1 << 4, S2 = S1 | 3, S3 = sizeof(long) };
enum chained { C1 = 16, C2 = C1 + 1, C3 = 0x80000000 };
struct inner { int x; long y; };
struct s {
  int a; unsigned char c; struct inner in; struct inner *pin; int arr[4]; char name[8];
  union { int u1; long u2; };
  struct { short anon_s; };
  unsigned b3 : 3; unsigned long long w40 : 40; signed int sb5 : 5; unsigned u32f : 32; _Bool flag : 1; long l31 : 31;
  unsigned long long w33 : 33; enum color ec : 4; enum big eb40 : 40; enum mixed em33 : 33;
  handler_t h; int (*fp)(int); void *vp; const char *cp;
};
typedef struct s s_t;
union un { int i; double d; };
int gi; unsigned gu; long gl; unsigned long gul; long long gll; unsigned long long gull; short gs; unsigned short gus;
char gc; signed char gsc; unsigned char guc; _Bool gb; float gf; double gd; long double gld; ldouble gldt;
u8 g8; u16 g16; u32 g32; u64 g64; s8 gs8; s16 gs16; s32 gs32; s64 gs64; size_t gsz; ssize_t gssz;
enum color ecolor; enum sign esign; enum big ebig; enum mixed emixed; enum chained echained;
struct s gs_; s_t *gps; int *gpi; char *gpc; const char *gcp; void *gvp; int garr[10]; name_t gname; cstr gcstr; handler_t gh;
union un gun; char *const *gpcc; const char *const *gcpc; int gmat[3][4];
int (*gfp)(int); int (*gtab[3])(void); struct s *(*gmake)(int);
int func(int); long lfunc(void); u64 u64func(u8); char *sfunc(void); void vfunc(void);
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define min(x, y) ({ __typeof__(x) __x = (x); __typeof__(y) __y = (y); __x < __y ? __x : __y; })
#define PLUS1(x) ((x) + 1L)
#define VIA(x) PLUS1(x)
int (*getfp(void))(int);
#define LO32(x) ((u32)(x))
#define NEGATED(x) ((__typeof__(x))-(x))
`;

/** A `long` is 64 bits only on LP64: its wide bit-fields are declared there only. */
const LP64_ONLY = `struct wide { unsigned long w36 : 36; long s48 : 48; unsigned long w64 : 64; } gwide;
`;

export const prelude = (abi: Abi): string => COMMON + (abi === 'lp64' ? LP64_ONLY : '');

export const expressions = (abi: Abi): readonly string[] => [...EXPRESSIONS, ...(abi === 'lp64' ? LP64_EXPRESSIONS : [])];

const LP64_EXPRESSIONS = ['gwide.w36', 'gwide.w36 + 0', 'gwide.w36 + 0L', 'gwide.w36 + 0UL', 'gwide.s48 + gwide.w36', '-gwide.s48', 'gwide.w64', 'gwide.w64 + 0'];

/** Expressions typed inside `void probe(int n, char c) { … }`. */
const EXPRESSIONS: readonly string[] = [
  // literals
  '0',
  '1u',
  '1l',
  '1ul',
  '1lu',
  '1ll',
  '1ull',
  '1LLU',
  '0x7fffffff',
  '0x80000000',
  '0xffffffff',
  '0x100000000',
  '2147483647',
  '2147483648',
  '4294967295',
  '4294967296',
  '9223372036854775807',
  '0x8000000000000000',
  '017777777777',
  '020000000000',
  '0x7fffffffL',
  '0xffffffffL',
  '0xffffffffffffffffL',
  '1000000000000ll',
  "'a'",
  "'\\n'",
  "L'a'",
  "u'a'",
  "U'a'",
  '1.0',
  '1.0f',
  '1.0L',
  '1e3',
  '0x1p3',
  '.5f',
  '-1',
  '-2147483648',
  '-1u',
  '"abc"',
  'L"w"',
  '"a" "b"',
  '1ul << 40',
  // promotions and the usual arithmetic conversions
  '(char)1 + (char)2',
  'gc + gc',
  'guc + 1',
  'gus + gus',
  'gs16 + g16',
  'g8 + g32',
  'g32 + gs32',
  'gs32 + g32',
  'gi + gu',
  'gl + gu',
  'gu + gl',
  'gl + gul',
  'gll + gu',
  'gll + gul',
  'gul + gll',
  'gf + gi',
  'gd + gf',
  'gld + gd',
  'gi + gull',
  'gsz + 1',
  '1 + gsz',
  'gsz + gssz',
  'gsz + gul',
  'gul + gsz',
  'g64 + g8',
  'g64 + gs64',
  'gs64 + gl',
  '-guc',
  '~gus',
  '-gsz',
  '+gc',
  '-gf',
  '!gpc',
  'gi < gl',
  'gi << gll',
  'gll >> gi',
  'g8 << 1',
  'gb + gb',
  'gi * gd',
  'g32 % 3',
  'g16 & g8',
  'gu | gl',
  'gi ^ gu',
  'gl / 2u',
  'gsz * 2',
  'gldt * 2',
  'gi && gl',
  'gsc + gsc',
  // enums
  'ecolor + 0',
  'esign + 0',
  'RED',
  'NEG',
  'ecolor',
  'ebig + 0',
  'BLUE + 1u',
  'BIG',
  'emixed',
  'M2',
  'S3',
  'S2 + 0',
  'C2',
  'C3',
  'echained',
  'echained + 0',
  // bit-fields
  'gs_.b3',
  'gs_.w40',
  'gs_.sb5',
  'gs_.u32f',
  'gs_.flag',
  'gs_.l31',
  'gs_.w33',
  'gs_.ec',
  'gs_.b3 + 0',
  'gs_.w40 + 0',
  'gs_.w40 + 0L',
  'gs_.w40 << 1',
  '-gs_.w40',
  'gs_.u32f + 0',
  'gs_.l31 + 0',
  'gs_.w33 + gs_.w40',
  'gs_.w33 + 0ull',
  '~gs_.b3',
  'n ? gs_.b3 : gs_.b3',
  'gs_.w40 + gs_.w40',
  'gs_.eb40',
  'gs_.em33',
  'gs_.eb40 + 0',
  'gs_.em33 + gs_.eb40',
  // members
  'gs_.a',
  'gs_.in.y',
  'gps->pin->x',
  'gps->arr',
  'gps->arr[2]',
  'gps->name',
  'gps->u2',
  'gps->anon_s',
  'gps->h',
  'gps->h(1)',
  'gps->fp(2)',
  'gps->vp',
  'gps->cp',
  '&gps->in',
  '&gps->arr',
  '*gps',
  '(*gps).c',
  'gps[0].in',
  'gun.d',
  '&gun',
  // pointers and arrays
  'gpi + 1',
  '1 + gpi',
  'gpi - gpi',
  'gpc - 1',
  'garr + 1',
  '&garr',
  '&garr[1]',
  '*gpi',
  'garr[1]',
  '1[garr]',
  'gname',
  '&gname',
  'gcstr',
  'gcstr[0]',
  'gvp',
  '&gvp',
  'gpc == 0',
  'gpcc',
  '*gpcc',
  'gcpc',
  '*gcpc',
  'gmat',
  'gmat[1]',
  'gmat[1][2]',
  '*gmat',
  // calls
  'func(1)',
  'lfunc()',
  'u64func(1)',
  'sfunc()',
  'gfp(1)',
  '(*gfp)(1)',
  'gh(1)',
  'gtab[0]()',
  'gtab',
  'gmake(1)->in.y',
  'func',
  '&func',
  '*func',
  '__builtin_expect(gi, 0)',
  '__builtin_expect(!!gl, 1)',
  'gcp',
  '__func__',
  // casts
  '(u8)300',
  '(unsigned)-1',
  '(long)gpi',
  '(void *)0',
  '(const char *)gpc',
  '(int (*)(int))0',
  '(struct s *)0',
  '(s_t *)gvp',
  '(char)gi',
  '(name_t *)0',
  '(handler_t)0',
  '(unsigned long long)gi',
  '(const void *)gpc',
  '(char **)0',
  '(size_t)gi',
  // the typedef-name ambiguity: casts a parser that knows no typedefs reads as calls or operators, calls it reads as casts
  '(u32)(n + 1)',
  '(u32)-n',
  '(u8)*gpi',
  '(cstr)&gc',
  '(u16)+c',
  '(_Bool)(n)',
  '(typeof(gl))(n)',
  '(__typeof__(g8))-n',
  'LO32(n)',
  'NEGATED(g8)',
  'NEGATED(gul)',
  '(u16)-n * 2L',
  '(u8)(garr)[1]',
  '(u32)(u16)(c)',
  '(gfp)(1)',
  '(func)(1)',
  '(getfp())(9)',
  'n + (getfp())(9)',
  'n + (gfp)(1)',
  '({ int u8 = 2; (u8)-1L; })',
  '({ int (*u8)(int) = func; u8 (n); })',
  '({ u32 (*lfp)(int) = 0; lfp; })',
  '({ u32 (*lap)[4] = 0; lap; })',
  '({ u32 (larr)[3]; larr; })',
  '({ _Bool (*lbfp)(int) = 0; lbfp; })',
  '({ u8 (lf)(int); lf; })',
  '({ u32 (*a)[2] = 0, b = 1; b; })',
  // tree-sitter reads a sign into a number literal: `-1[gpc]` is `-(1[gpc])`, not a subscript of `-1`
  '-1[gpc]',
  '+0[gpc]',
  '_Generic(+0[gpc], int: 2147483648, default: 1UL)',
  '-2147483648',
  '-0x80000000',
  'n -1',
  // sizeof
  'sizeof gi',
  'sizeof(int)',
  '_Alignof(long)',
  'sizeof(struct s)',
  'sizeof gi + 1',
  // ?: and comma
  'n ? gi : gu',
  'n ? gpc : 0',
  'n ? gpc : (void *)0',
  'n ? 0 : gpc',
  'n ? gvp : gpi',
  'n ? gcp : gpc',
  'n ? gsz : gsz',
  'n ? gsz : gul',
  'n ? gc : gc',
  'n ? gs_ : gs_',
  'n ? g8 : g8',
  'n ? gl : gll',
  'n ? garr : gpi',
  'n ?: gl',
  'n ? gf : gi',
  'n ? g32 : gs32',
  '(gi, gl)',
  '(gi, garr)',
  '(gc, gsz)',
  // assignments
  'gi = gl',
  'gsz += 1',
  'gc++',
  '++g64',
  'gsz = 0',
  'gl <<= 2',
  // compound literals, statement expressions, _Generic
  '(struct inner){ 1, 2 }',
  '(int[]){ 1, 2 }',
  '(u8){ 1 }',
  '({ int q = 1; q; })',
  '({ long q = 1; q + 1; })',
  '({ gsz; })',
  "_Generic(gi, int: 1L, default: 'c')",
  '_Generic(gpc, char *: gsz, default: 0)',
  "_Generic(gd, int: 1L, default: 'c')",
  "_Generic(esign, int: 1L, default: 'c')",
  "_Generic(ecolor, unsigned int: 1L, default: 'c')",
  "_Generic(echained, int: 1.0, unsigned int: 1L, default: 'c')",
  "_Generic(ebig, int: 1L, default: 'c')",
  "_Generic(gi, enum sign: 1L, default: 'c')",
  "_Generic(&esign, int *: 1L, default: 'c')",
  // macros: arguments expanded before they are put in, typeof in them
  'MAX(MAX(gc, gs), gl)',
  'VIA(VIA(gi))',
  'min(min(gi, gs), gll)',
  'MAX((typeof(func(0)))gl, gs)',
  'min((typeof(MAX(gi, gl)))gs, gi)',
  'MAX(min(gs, MAX(gc, gf)), 1)',
];
