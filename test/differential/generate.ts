/**
 * A seeded, deterministic generator of C trees for the differential test of
 * the format rules (test/differential/README.md): headers with typedef chains,
 * enums, structs and unions (nested and anonymous members, bit-fields,
 * flexible arrays), prototypes, globals, function pointers and macros; sources
 * whose functions hold many one-line `trace_mark(name, "…", args…)` calls,
 * right and wrong in every way the format rules cover.
 *
 * The generator knows the C types of what it writes — it must, to write C that
 * compiles — and uses them to aim at a right conversion or to miss it on
 * purpose; it never records a verdict. gcc decides (oracle.ts).
 *
 * Two families of translation units share the tree: "kernel" ones, whose
 * types come from the tree's own include/linux/types.h (u8…u64, size_t as
 * __kernel_size_t, loff_t, …), and "libc" ones, which include the C
 * library's headers (<stdint.h>, <inttypes.h>, <sys/types.h>, …) kmark does
 * not read — their typedefs are kmark's builtins — and use the PRI* macros.
 * Node built-ins only: bench/accuracy compiles this file with tsc and runs it
 * with node.
 */

// ------------------------------------------------------------------ random

/** mulberry32: a small, fast, seeded PRNG; every choice is drawn from it in a fixed order. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of entries) {
      r -= w;
      if (r < 0) return item;
    }
    return entries[entries.length - 1]![0];
  }
}

// ------------------------------------------------------------------ C types (the generator's own, LP64)

export type IntName = 'bool' | 'char' | 'schar' | 'uchar' | 'short' | 'ushort' | 'int' | 'uint' | 'long' | 'ulong' | 'llong' | 'ullong';
type FloatName = 'float' | 'double' | 'long double';

interface Member {
  /** null: an anonymous struct/union member, or an unnamed padding bit-field. */
  readonly name: string | null;
  readonly t: T;
  readonly bits?: number;
}

interface RecordT {
  readonly k: 'rec';
  readonly tag: string | null;
  readonly union: boolean;
  /** null: declared, never defined (opaque). */
  members: Member[] | null;
  /** Ends in a flexible array member: never embedded, never in an array. */
  flexible?: boolean;
}

interface EnumT {
  readonly k: 'enum';
  readonly tag: string;
  readonly under: IntName;
}

type T =
  | { readonly k: 'int'; readonly n: IntName }
  | { readonly k: 'flt'; readonly n: FloatName }
  | { readonly k: 'void' }
  | { readonly k: 'ptr'; readonly to: T; readonly c?: boolean }
  | { readonly k: 'arr'; readonly of: T; readonly len: number | null; readonly c?: boolean }
  | RecordT
  | EnumT
  | { readonly k: 'fn'; readonly ret: T; readonly params: readonly T[] }
  | { readonly k: 'td'; readonly name: string; readonly of: T };

const INT_SPELLING: Record<IntName, string> = {
  bool: '_Bool',
  char: 'char',
  schar: 'signed char',
  uchar: 'unsigned char',
  short: 'short',
  ushort: 'unsigned short',
  int: 'int',
  uint: 'unsigned int',
  long: 'long',
  ulong: 'unsigned long',
  llong: 'long long',
  ullong: 'unsigned long long',
};
const INT_BITS: Record<IntName, number> = { bool: 1, char: 8, schar: 8, uchar: 8, short: 16, ushort: 16, int: 32, uint: 32, long: 64, ulong: 64, llong: 64, ullong: 64 };
const INT_RANK: Record<IntName, number> = { bool: 0, char: 1, schar: 1, uchar: 1, short: 2, ushort: 2, int: 3, uint: 3, long: 4, ulong: 4, llong: 5, ullong: 5 };
const UNSIGNED_INTS: ReadonlySet<IntName> = new Set<IntName>(['bool', 'uchar', 'ushort', 'uint', 'ulong', 'ullong']);
const TO_UNSIGNED: Partial<Record<IntName, IntName>> = { int: 'uint', long: 'ulong', llong: 'ullong' };

const I = (n: IntName): T => ({ k: 'int', n });
const F = (n: FloatName): T => ({ k: 'flt', n });
const VOID: T = { k: 'void' };
const ptr = (to: T, c = false): T => (c ? { k: 'ptr', to, c } : { k: 'ptr', to });
const arr = (of: T, len: number | null, c = false): T => (c ? { k: 'arr', of, len, c } : { k: 'arr', of, len });
const td = (name: string, of: T): T => ({ k: 'td', name, of });
const fn = (ret: T, params: readonly T[]): T => ({ k: 'fn', ret, params });

function strip(t: T): Exclude<T, { k: 'td' }> {
  let u = t;
  while (u.k === 'td') u = u.of;
  return u;
}

/** An expression of this type as a value: arrays and functions decay to pointers. */
function decay(t: T): T {
  const s = strip(t);
  if (s.k === 'arr') return ptr(s.of, s.c ?? false);
  if (s.k === 'fn') return ptr(s);
  return t;
}

const isInteger = (t: T): boolean => ['int', 'enum'].includes(strip(t).k);
const isArithmetic = (t: T): boolean => ['int', 'enum', 'flt'].includes(strip(t).k);
const isPointer = (t: T): boolean => strip(t).k === 'ptr';
const isScalar = (t: T): boolean => isArithmetic(t) || isPointer(decay(t));

/** A type whose objects have a known size (what `p[i]`, `p + 1`, `sizeof` need). */
function isComplete(t: T): boolean {
  const s = strip(t);
  if (s.k === 'void' || s.k === 'fn') return false;
  if (s.k === 'rec') return s.members !== null && !s.flexible;
  if (s.k === 'arr') return s.len !== null && isComplete(s.of);
  return true;
}

/** The integer type an integer operand has after the integer promotions (bit-fields by width, as gcc). */
function promotedInt(t: T, bits?: number): IntName {
  const s = strip(t);
  const declared: IntName = s.k === 'int' ? s.n : s.k === 'enum' ? s.under : 'int';
  if (bits !== undefined) {
    if (bits < 32) return 'int';
    if (bits === 32) return UNSIGNED_INTS.has(declared) ? 'uint' : 'int';
    return declared;
  }
  return INT_RANK[declared] < 3 ? 'int' : declared;
}

/** The width of an integer type (an enum's: its underlying type's). */
function integerBits(t: T): number {
  const s = strip(t);
  return INT_BITS[s.k === 'enum' ? s.under : s.k === 'int' ? s.n : 'int'];
}

/** An unsigned char or short: what -Wformat-signedness forgives after promotion. */
function narrowUnsigned(t: T): boolean {
  const s = strip(t);
  return s.k === 'int' && (s.n === 'uchar' || s.n === 'ushort');
}

/**
 * A constant gcc folds and kmark does not: a difference of pointers into one object (`p + 1 - p`),
 * which, stored in or cast to a u8/u16, is an `int` constant to gcc and a u8 to kmark
 * (docs/format-rules.md §8, "Values, not types"). Not generated.
 */
const foldedPointerDifference = (e: E): boolean => e.constant === true && e.kinds.includes('pointer-difference');

/** The usual arithmetic conversions (LP64). */
function arithmeticResult(a: E, b: E): T {
  const sa = strip(a.t);
  const sb = strip(b.t);
  if (sa.k === 'flt' || sb.k === 'flt') {
    const order: FloatName[] = ['float', 'double', 'long double'];
    const fa = sa.k === 'flt' ? order.indexOf(sa.n) : -1;
    const fb = sb.k === 'flt' ? order.indexOf(sb.n) : -1;
    return F(order[Math.max(fa, fb)]!);
  }
  const x = promotedInt(a.t, a.bits);
  const y = promotedInt(b.t, b.bits);
  if (x === y) return I(x);
  const ux = UNSIGNED_INTS.has(x);
  const uy = UNSIGNED_INTS.has(y);
  if (ux === uy) return I(INT_RANK[x] >= INT_RANK[y] ? x : y);
  const [u, s] = ux ? [x, y] : [y, x];
  if (INT_RANK[u] >= INT_RANK[s]) return I(u);
  if (INT_BITS[s] > INT_BITS[u]) return I(s);
  return I(TO_UNSIGNED[s] ?? s);
}

function joinDeclarator(base: string, inner: string): string {
  return inner === '' ? base : `${base} ${inner}`;
}

/** A declaration of `inner` with type t (`inner` '' gives a type name). */
function declare(t: T, inner: string): string {
  switch (t.k) {
    case 'int':
      return joinDeclarator(INT_SPELLING[t.n], inner);
    case 'flt':
      return joinDeclarator(t.n, inner);
    case 'void':
      return joinDeclarator('void', inner);
    case 'td':
      return joinDeclarator(t.name, inner);
    case 'enum':
      return joinDeclarator(`enum ${t.tag}`, inner);
    case 'rec':
      return joinDeclarator(t.tag !== null ? `${t.union ? 'union' : 'struct'} ${t.tag}` : recordBody(t, '\t'), inner);
    case 'ptr': {
      const target = strip(t.to).k;
      const star = `*${inner}`;
      const next = target === 'arr' || target === 'fn' ? `(${star})` : star;
      return `${t.c ? 'const ' : ''}${declare(t.to, next)}`;
    }
    case 'arr':
      return `${t.c ? 'const ' : ''}${declare(t.of, `${inner}[${t.len ?? ''}]`)}`;
    case 'fn':
      return declare(t.ret, `${inner}(${t.params.length > 0 ? t.params.map((p) => declare(p, '')).join(', ') : 'void'})`);
  }
}

const typeName = (t: T): string => declare(t, '');

function recordBody(r: RecordT, indent: string): string {
  const lines = (r.members ?? []).map((m) => `${indent}\t${declareMember(m, `${indent}\t`)};`);
  return `${r.union ? 'union' : 'struct'}${r.tag !== null ? ` ${r.tag}` : ''} {\n${lines.join('\n')}\n${indent}}`;
}

function declareMember(m: Member, indent: string): string {
  const s = m.t.k === 'rec' && m.t.tag === null ? recordBody(m.t, indent) : null;
  const base = s !== null ? (m.name !== null ? `${s} ${m.name}` : s) : declare(m.t, m.name ?? '');
  return m.bits !== undefined ? `${base} : ${m.bits}` : base;
}

/** The members reachable by name: an anonymous struct/union's members are its parent's. */
function reachableMembers(r: RecordT): Member[] {
  const out: Member[] = [];
  for (const m of r.members ?? []) {
    if (m.name !== null) out.push(m);
    else {
      const s = strip(m.t);
      if (s.k === 'rec') out.push(...reachableMembers(s));
    }
  }
  return out;
}

// ------------------------------------------------------------------ expressions

interface E {
  readonly text: string;
  readonly t: T;
  /** A bit-field's width. */
  readonly bits?: number;
  /** An lvalue whose address may be taken (not a bit-field, not a register). */
  readonly lv: boolean;
  /** Needs no parentheses as the operand of a postfix or unary operator. */
  readonly prim: boolean;
  /** An integer constant expression, as gcc folds it. */
  readonly constant?: boolean;
  /** Written to (assignable): a plain, non-const variable. */
  readonly assignable?: boolean;
  readonly kinds: readonly string[];
}

const wrap = (e: E): string => (e.prim ? e.text : `(${e.text})`);
const kindsOf = (...es: E[]): string[] => [...new Set(es.flatMap((e) => e.kinds))];

interface Variable {
  readonly name: string;
  readonly t: T;
  readonly assignable: boolean;
  /** An object-like macro standing for a constant. */
  readonly constant?: boolean;
}

interface FunctionDecl {
  readonly name: string;
  readonly t: Extract<T, { k: 'fn' }>;
}

/** What a family's headers declare, for the sources that include them. */
interface Api {
  readonly family: Family;
  readonly scalarTypes: readonly T[];
  readonly records: readonly RecordT[];
  readonly enums: readonly EnumT[];
  readonly enumConstants: ReadonlyArray<{ readonly name: string; readonly value: bigint; readonly of: EnumT }>;
  readonly globals: readonly Variable[];
  readonly functions: readonly FunctionDecl[];
  /** Function-like macros usable as expressions: name, arity, how to type a use. */
  readonly macros: ReadonlyArray<{ readonly name: string; readonly arity: number; readonly type: (args: readonly E[]) => T | null }>;
  /** Object-like macros expanding to expressions. */
  readonly objectMacros: readonly Variable[];
  /** A format macro kmark documents it does not resolve (policy: format-not-literal). */
  readonly formatMacros: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  /** Non-literal formats (variables holding one). */
  readonly formatVariables: readonly string[];
}

interface Family {
  readonly name: 'kernel' | 'libc';
  /** Prefix of the family's identifiers. */
  readonly p: string;
  readonly dir: string;
  /** Typedefs known to the family, in declaration order (kernel: written to types.h; libc: the C library's). */
  readonly typedefs: ReadonlyArray<readonly [string, T]>;
  /** The names of `typedefs` an object may be declared with. */
  readonly vocabulary: readonly string[];
  readonly pri: boolean;
}

const KERNEL_TYPEDEFS = ((): Array<[string, T]> => {
  const out: Array<[string, T]> = [];
  const def = (name: string, t: T): T => {
    out.push([name, t]);
    return td(name, t);
  };
  const base: Record<string, T> = {};
  for (const [name, n] of [
    ['__u8', 'uchar'],
    ['__s8', 'schar'],
    ['__u16', 'ushort'],
    ['__s16', 'short'],
    ['__u32', 'uint'],
    ['__s32', 'int'],
    ['__u64', 'ullong'],
    ['__s64', 'llong'],
  ] as const) {
    base[name] = def(name, I(n));
  }
  for (const name of ['u8', 's8', 'u16', 's16', 'u32', 's32', 'u64', 's64']) base[name] = def(name, base[`__${name}`]!);
  const klong = def('__kernel_long_t', I('long'));
  const kulong = def('__kernel_ulong_t', I('ulong'));
  const ksize = def('__kernel_size_t', kulong);
  const kssize = def('__kernel_ssize_t', klong);
  const kptrdiff = def('__kernel_ptrdiff_t', klong);
  const kpid = def('__kernel_pid_t', I('int'));
  const kloff = def('__kernel_loff_t', I('llong'));
  const koff = def('__kernel_off_t', klong);
  const kuid = def('__kernel_uid32_t', I('uint'));
  def('size_t', ksize);
  def('ssize_t', kssize);
  def('ptrdiff_t', kptrdiff);
  def('pid_t', kpid);
  def('loff_t', kloff);
  def('off_t', koff);
  def('uid_t', kuid);
  def('bool', I('bool'));
  def('uintptr_t', I('ulong'));
  for (const bits of [8, 16, 32, 64]) {
    def(`int${bits}_t`, base[`__s${bits}`]!);
    def(`uint${bits}_t`, base[`__u${bits}`]!);
  }
  def('gfp_t', I('uint'));
  def('umode_t', I('ushort'));
  def('sector_t', base['u64']!);
  def('dma_addr_t', base['u64']!);
  def('phys_addr_t', base['u64']!);
  def('pgoff_t', I('ulong'));
  def('ktime_t', base['s64']!);
  return out;
})();

/**
 * The C library's typedefs on x86-64 glibc that kmark knows as builtins (the
 * headers are not on kmark's include path). The last three have other types
 * in the kernel: kmark must take glibc's, as the unit includes <sys/types.h>.
 */
const LIBC_TYPEDEFS: Array<[string, T]> = [
  ['size_t', I('ulong')],
  ['ssize_t', I('long')],
  ['ptrdiff_t', I('long')],
  ['intptr_t', I('long')],
  ['uintptr_t', I('ulong')],
  ['intmax_t', I('long')],
  ['uintmax_t', I('ulong')],
  ['int8_t', I('schar')],
  ['uint8_t', I('uchar')],
  ['int16_t', I('short')],
  ['uint16_t', I('ushort')],
  ['int32_t', I('int')],
  ['uint32_t', I('uint')],
  ['int64_t', I('long')],
  ['uint64_t', I('ulong')],
  ['pid_t', I('int')],
  ['uid_t', I('uint')],
  ['gid_t', I('uint')],
  ['mode_t', I('uint')],
  ['off_t', I('long')],
  ['time_t', I('long')],
  ['clockid_t', I('int')],
  ['wchar_t', I('int')],
  ['wint_t', I('uint')],
  ['u_int32_t', I('uint')],
  ['u_int64_t', I('ulong')],
  ['loff_t', I('long')],
  ['dev_t', I('ulong')],
  ['blkcnt_t', I('long')],
].map(([name, t]) => [name as string, td(name as string, t as T)] as [string, T]);

const KERNEL: Family = {
  name: 'kernel',
  p: 'k',
  dir: 'linux',
  typedefs: KERNEL_TYPEDEFS,
  vocabulary: [
    'u8',
    's8',
    'u16',
    's16',
    'u32',
    's32',
    'u64',
    's64',
    'size_t',
    'ssize_t',
    'ptrdiff_t',
    'pid_t',
    'loff_t',
    'off_t',
    'uid_t',
    'bool',
    'uintptr_t',
    'uint64_t',
    'int32_t',
    'uint8_t',
    'gfp_t',
    'umode_t',
    'sector_t',
    'dma_addr_t',
    'pgoff_t',
    'ktime_t',
    '__u32',
    '__s64',
  ],
  pri: false,
};

const LIBC: Family = {
  name: 'libc',
  p: 'u',
  dir: 'user',
  typedefs: LIBC_TYPEDEFS,
  vocabulary: LIBC_TYPEDEFS.map(([name]) => name),
  pri: true,
};

const BASE_SCALARS: readonly T[] = [I('char'), I('schar'), I('uchar'), I('short'), I('ushort'), I('int'), I('uint'), I('long'), I('ulong'), I('llong'), I('ullong'), I('bool'), F('float'), F('double'), F('long double')];

// ------------------------------------------------------------------ headers

const WORDS = [
  'id',
  'len',
  'flags',
  'state',
  'count',
  'mode',
  'prio',
  'cpu',
  'seq',
  'size',
  'off',
  'idx',
  'mask',
  'gen',
  'ref',
  'err',
  'pos',
  'nr',
  'tick',
  'hash',
  'bytes',
  'order',
  'level',
  'kind',
  'slot',
  'port',
  'addr',
  'cookie',
  'weight',
  'delta',
];

interface Header {
  readonly path: string;
  readonly text: string;
}

class ApiBuilder {
  private readonly records: RecordT[] = [];
  private readonly enums: EnumT[] = [];
  private readonly enumConstants: Array<{ name: string; value: bigint; of: EnumT }> = [];
  private readonly globals: Variable[] = [];
  private readonly functions: FunctionDecl[] = [];
  private readonly scalarTypes: T[] = [];
  private readonly headers: Header[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly fam: Family,
  ) {}

  private typedefType(name: string): T {
    const found = this.fam.typedefs.find(([n]) => n === name);
    if (!found) throw new Error(`no typedef ${name} in ${this.fam.name}`);
    return td(name, found[1]);
  }

  /** A scalar type objects are declared with: C's own, the family's typedefs, the generated chains and enums. */
  scalar(): T {
    const r = this.rng;
    const pool = r.weighted<'base' | 'vocab' | 'chain' | 'enum'>([
      ['base', 3],
      ['vocab', 5],
      ['chain', this.scalarTypes.length > 0 ? 2 : 0],
      ['enum', this.enums.length > 0 ? 1 : 0],
    ]);
    if (pool === 'base') return r.pick(BASE_SCALARS);
    if (pool === 'vocab') return this.typedefType(r.pick(this.fam.vocabulary));
    if (pool === 'chain') return r.pick(this.scalarTypes);
    return r.pick(this.enums);
  }

  private integerScalar(): T {
    for (;;) {
      const t = this.scalar();
      if (isInteger(t)) return t;
    }
  }

  build(): { headers: Header[]; api: Api } {
    const { p, dir } = this.fam;
    const r = this.rng;
    const guard = (name: string): string => `_GEN_${this.fam.name.toUpperCase()}_${name.toUpperCase()}_H`;
    // types: the kernel's own typedefs, or the C library's headers.
    let typesText: string;
    if (this.fam.name === 'kernel') {
      typesText = [
        `#ifndef ${guard('types')}`,
        `#define ${guard('types')}`,
        '',
        ...this.fam.typedefs.map(([name, t]) => `typedef ${declare(t, name)};`),
        '',
        '#define NULL ((void *)0)',
        '#define offsetof(TYPE, MEMBER) __builtin_offsetof(TYPE, MEMBER)',
        '',
        '#endif',
        '',
      ].join('\n');
    } else {
      typesText = [
        `#ifndef ${guard('types')}`,
        `#define ${guard('types')}`,
        '',
        '#include <stddef.h>',
        '#include <stdint.h>',
        '#include <inttypes.h>',
        '#include <stdbool.h>',
        '#include <sys/types.h>',
        '#include <wchar.h>',
        '',
        '#endif',
        '',
      ].join('\n');
    }
    this.headers.push({ path: `include/${dir}/types.h`, text: typesText });

    // enums: unsigned, signed, 64-bit; some typedef'd.
    const enumLines: string[] = [`#ifndef ${guard('enums')}`, `#define ${guard('enums')}`, '', `#include <${dir}/types.h>`, ''];
    const enumKinds: Array<'pos' | 'neg' | 'big' | 'negbig' | 'expr'> = ['pos', 'neg', 'big', 'negbig', 'expr', 'pos', 'neg'];
    enumKinds.forEach((kind, k) => {
      const tag = `${p}e${k}_${kind}`;
      const upper = tag.toUpperCase();
      let entries: Array<[string, string, bigint]>;
      if (kind === 'pos')
        entries = [
          [`${upper}_A`, '', 0n],
          [`${upper}_B`, '', 1n],
          [`${upper}_C`, '7', 7n],
          [`${upper}_D`, '', 8n],
        ];
      else if (kind === 'neg')
        entries = [
          [`${upper}_NEG`, '-3', -3n],
          [`${upper}_ZERO`, '', -2n],
          [`${upper}_MAX`, '0x7fffffff', 0x7fffffffn],
        ];
      else if (kind === 'big')
        entries = [
          [`${upper}_SMALL`, '', 0n],
          [`${upper}_HUGE`, '0x100000000ULL', 0x100000000n],
        ];
      else if (kind === 'negbig')
        entries = [
          [`${upper}_LOW`, '-1', -1n],
          [`${upper}_HIGH`, '0x80000000', 0x80000000n],
        ];
      else
        entries = [
          [`${upper}_SHIFT`, '1 << 4', 16n],
          [`${upper}_NEXT`, `${upper}_SHIFT + 1`, 17n],
          [`${upper}_CHAR`, "'A'", 65n],
          [`${upper}_MASK`, '(1u << 31)', 0x80000000n],
        ];
      const values = entries.map(([, , v]) => v);
      const min = values.reduce((a, b) => (a < b ? a : b));
      const max = values.reduce((a, b) => (a > b ? a : b));
      const under: IntName = min < 0n ? (min >= -(2n ** 31n) && max < 2n ** 31n ? 'int' : 'long') : max < 2n ** 32n ? 'uint' : 'ulong';
      const e: EnumT = { k: 'enum', tag, under };
      this.enums.push(e);
      enumLines.push(`enum ${tag} {`, ...entries.map(([name, init]) => `\t${name}${init ? ` = ${init}` : ''},`), '};');
      for (const [name, , value] of entries) this.enumConstants.push({ name, value, of: e });
      if (r.chance(0.5)) {
        const name = `${tag}_t`;
        enumLines.push(`typedef enum ${tag} ${name};`);
        this.scalarTypes.push(td(name, e));
      }
      enumLines.push('');
    });
    enumLines.push('#endif', '');
    this.headers.push({ path: `include/${dir}/${p}enums.h`, text: enumLines.join('\n') });

    // typedef chains of scalars.
    const chainLines: string[] = [];
    for (let k = 0; k < 6; k++) {
      const of = k > 0 && r.chance(0.4) ? r.pick(this.scalarTypes) : this.scalar();
      const name = `${p}${r.pick(WORDS)}${k}_t`;
      chainLines.push(`typedef ${declare(of, name)};`);
      this.scalarTypes.push(td(name, of));
    }

    // structs and unions.
    const nrecords = 8;
    const tags = Array.from({ length: nrecords }, (_, k) => `${p}obj${k}`);
    const opaque: RecordT = { k: 'rec', tag: `${p}opaque`, union: false, members: null };
    const objLines: string[] = [`#ifndef ${guard('objs')}`, `#define ${guard('objs')}`, '', `#include <${dir}/${p}enums.h>`, '', `struct ${opaque.tag};`];
    tags.forEach((tag, k) => objLines.push(`${k === 3 ? 'union' : 'struct'} ${tag};`));
    objLines.push('', ...chainLines, '');
    const recs: RecordT[] = tags.map((tag, k) => ({ k: 'rec', tag, union: k === 3, members: null }));
    for (let k = 0; k < nrecords; k++) {
      const rec = recs[k]!;
      rec.members = this.members(rec, recs.slice(0, k), recs, opaque, k === 5);
      if (k === 5) rec.flexible = true;
      objLines.push(`${recordBody(rec, '')};`, '');
      this.records.push(rec);
    }
    // typedefs of records, arrays, function pointers and types.
    const pairTag = `${p}pair`;
    const pair: RecordT = {
      k: 'rec',
      tag: pairTag,
      union: false,
      members: [
        { name: 'lo', t: this.typedefType(this.fam.name === 'kernel' ? 'u32' : 'uint32_t') },
        { name: 'hi', t: I('int') },
      ],
    };
    objLines.push(`${recordBody(pair, '')};`);
    this.records.push(pair);
    const anon: RecordT = {
      k: 'rec',
      tag: null,
      union: false,
      members: [
        { name: 'a', t: I('ushort') },
        { name: 'b', t: I('long') },
        { name: 'c', t: ptr(I('char'), true) },
      ],
    };
    objLines.push(`typedef ${recordBody(anon, '')} ${p}anon_t;`);
    const anonT = td(`${p}anon_t`, anon);
    const objT = td(`${p}obj0_t`, recs[0]!);
    objLines.push(`typedef struct ${recs[0]!.tag} ${p}obj0_t;`);
    const nameT = td(`${p}name_t`, arr(I('char'), 16));
    objLines.push(`typedef char ${p}name_t[16];`);
    const strT = td(`${p}str_t`, ptr(I('char'), true));
    objLines.push(`typedef const char *${p}str_t;`);
    const cbT = td(`${p}cb_t`, ptr(fn(I('long'), [I('int')])));
    objLines.push(`typedef long (*${p}cb_t)(int);`);
    const fnT = td(`${p}fn_t`, fn(this.typedefType(this.fam.name === 'kernel' ? 'u64' : 'uint64_t'), [ptr(VOID)]));
    objLines.push(`typedef ${declare(strip(fnT), `${p}fn_t`)};`);
    objLines.push('', '#endif', '');
    this.headers.push({ path: `include/${dir}/${p}objs.h`, text: objLines.join('\n') });

    // the API: prototypes, globals, inline functions, macros.
    const apiLines: string[] = [`#ifndef ${guard('api')}`, `#define ${guard('api')}`, '', `#include <${dir}/${p}objs.h>`, ''];
    const returnPool = (): T => {
      const choice = r.weighted<string>([
        ['scalar', 6],
        ['ptr-rec', 2],
        ['charp', 2],
        ['voidp', 1],
        ['rec', 1],
        ['td', 2],
        ['fp', 1],
      ]);
      if (choice === 'scalar') return this.scalar();
      if (choice === 'ptr-rec') return ptr(r.pick(recs), r.chance(0.3));
      if (choice === 'charp') return ptr(I('char'), r.chance(0.6));
      if (choice === 'voidp') return ptr(VOID);
      if (choice === 'rec') return pair;
      if (choice === 'td') return r.pick([anonT, strT, cbT, ptr(objT), objT]);
      return ptr(fn(I('int'), [I('int')]));
    };
    for (let k = 0; k < 16; k++) {
      const ret = returnPool();
      const params = Array.from({ length: r.int(3) }, () => (r.chance(0.6) ? this.scalar() : ptr(r.pick(recs), r.chance(0.5))));
      const name = `${p}get_${r.pick(WORDS)}${k}`;
      const t = { k: 'fn', ret, params } as const;
      const inline = r.chance(0.2) && strip(ret).k !== 'rec';
      if (inline) apiLines.push(`static inline ${declare(t, name)}\n{\n\treturn 0;\n}`);
      else apiLines.push(`extern ${declare(t, name)};`);
      this.functions.push({ name, t });
    }
    const fnTyped = `${p}apply`;
    apiLines.push(`extern ${p}fn_t ${fnTyped};`);
    this.functions.push({ name: fnTyped, t: strip(fnT) as Extract<T, { k: 'fn' }> });
    apiLines.push('');
    const addGlobal = (name: string, t: T, decl?: string): void => {
      apiLines.push(`extern ${decl ?? declare(t, name)};`);
      this.globals.push({ name, t, assignable: isScalar(t) && strip(t).k !== 'arr' });
    };
    for (let k = 0; k < 10; k++) addGlobal(`${p}g_${r.pick(WORDS)}${k}`, this.scalar());
    addGlobal(`${p}g_root`, recs[0]!);
    addGlobal(`${p}g_u`, recs[3]!);
    addGlobal(`${p}g_table`, arr(I('int'), 8));
    addGlobal(`${p}g_objs`, arr(ptr(recs[1]!), 4));
    addGlobal(`${p}g_banner`, arr(I('char'), null, true));
    addGlobal(`${p}g_name`, nameT);
    addGlobal(`${p}g_anon`, anonT);
    addGlobal(`${p}g_cb`, cbT);
    addGlobal(`${p}g_hook`, ptr(fn(I('ulong'), [ptr(VOID)])));
    addGlobal(`${p}g_matrix`, arr(arr(this.integerScalar(), 3), 2));
    addGlobal(`${p}g_pp`, ptr(ptr(I('char'))));
    addGlobal(`${p}g_opaque`, ptr(opaque));
    addGlobal(`${p}g_pair`, pair);
    addGlobal(`${p}g_dyn`, ptr(recs[5]!));
    const fmtVars = [`${p}g_fmt`, `${p}g_fmt_arr`];
    apiLines.push(`extern const char *${fmtVars[0]};`, `extern const char ${fmtVars[1]}[];`);
    if (this.fam.name === 'libc') {
      addGlobal(`${p}g_wide`, ptr(td('wchar_t', I('int'))));
      addGlobal(`${p}g_wc`, td('wint_t', I('uint')));
    }
    apiLines.push('');
    // macros
    const macros: Array<{ name: string; arity: number; type: (args: readonly E[]) => T | null }> = [];
    const P = p.toUpperCase();
    apiLines.push(`#define ${P}MAX(a, b) ((a) > (b) ? (a) : (b))`);
    macros.push({ name: `${P}MAX`, arity: 2, type: (a) => (a.every((x) => isArithmetic(x.t)) ? arithmeticResult(a[0]!, a[1]!) : null) });
    apiLines.push(`#define ${P}LO32(x) ((${this.fam.name === 'kernel' ? 'u32' : 'uint32_t'})(x))`);
    macros.push({ name: `${P}LO32`, arity: 1, type: (a) => (isArithmetic(a[0]!.t) ? this.typedefType(this.fam.name === 'kernel' ? 'u32' : 'uint32_t') : null) });
    apiLines.push(`#define ${P}ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))`);
    apiLines.push(`#define ${p}min(x, y) ({ __typeof__(x) __x = (x); __typeof__(y) __y = (y); __x < __y ? __x : __y; })`);
    macros.push({ name: `${p}min`, arity: 2, type: (a) => (a.every((x) => isArithmetic(x.t) && x.bits === undefined && strip(x.t).k !== 'enum') ? arithmeticResult(a[0]!, a[1]!) : null) });
    apiLines.push(`#define ${P}NEG(x) (-(x))`);
    macros.push({ name: `${P}NEG`, arity: 1, type: (a) => (isArithmetic(a[0]!.t) ? (isInteger(a[0]!.t) ? I(promotedInt(a[0]!.t, a[0]!.bits)) : strip(a[0]!.t)) : null) });
    const objectMacros: Variable[] = [];
    const cur = this.functions.find((f) => strip(f.t.ret).k === 'ptr' && f.t.params.length === 0);
    if (cur) {
      apiLines.push(`#define ${p}current (${cur.name}())`);
      objectMacros.push({ name: `${p}current`, t: cur.t.ret, assignable: false });
    }
    apiLines.push(`#define ${P}LIMIT 4096UL`);
    objectMacros.push({ name: `${P}LIMIT`, t: I('ulong'), assignable: false, constant: true });
    const formatMacros = [
      { name: `${P}FMT_ID`, value: '%u' },
      { name: `${P}FMT_PTR`, value: '%p' },
    ];
    for (const m of formatMacros) apiLines.push(`#define ${m.name} "${m.value}"`);
    apiLines.push('', '#endif', '');
    this.headers.push({ path: `include/${dir}/${p}api.h`, text: apiLines.join('\n') });

    return {
      headers: this.headers,
      api: {
        family: this.fam,
        scalarTypes: [...this.scalarTypes],
        records: this.records,
        enums: this.enums,
        enumConstants: this.enumConstants,
        globals: this.globals,
        functions: this.functions,
        macros: [...macros, { name: `${P}ARRAY_SIZE`, arity: 1, type: () => null }],
        objectMacros,
        formatMacros,
        formatVariables: fmtVars,
      },
    };
  }

  private members(self: RecordT, earlier: readonly RecordT[], all: readonly RecordT[], opaque: RecordT, flexible: boolean): Member[] {
    const r = this.rng;
    const out: Member[] = [];
    const used = new Set<string>();
    const fresh = (): string => {
      for (;;) {
        const name = `${r.pick(WORDS)}${r.chance(0.3) ? r.int(4) : ''}`;
        if (!used.has(name)) {
          used.add(name);
          return name;
        }
      }
    };
    const count = r.range(5, 10);
    for (let k = 0; k < count; k++) {
      const kind = r.weighted<string>([
        ['scalar', 8],
        ['ptr', 3],
        ['embed', earlier.filter((e) => !e.flexible).length > 0 ? 2 : 0],
        ['array', 2],
        ['name', 1],
        ['label', 1],
        ['bits', 3],
        ['anon-union', 1],
        ['anon-struct', 1],
        ['sub', 1],
        ['fp', 1],
        ['pp', 1],
      ]);
      switch (kind) {
        case 'scalar':
          out.push({ name: fresh(), t: this.scalar() });
          break;
        case 'ptr':
          out.push({ name: fresh(), t: ptr(r.pick([self, ...all, opaque]), r.chance(0.3)) });
          break;
        case 'embed':
          out.push({ name: fresh(), t: r.pick(earlier.filter((e) => !e.flexible)) });
          break;
        case 'array':
          out.push({ name: fresh(), t: arr(this.scalar(), r.range(2, 8)) });
          break;
        case 'name':
          out.push({ name: fresh(), t: arr(I(r.pick<IntName>(['char', 'char', 'uchar', 'schar'])), 16) });
          break;
        case 'label':
          out.push({ name: fresh(), t: ptr(I('char'), true) });
          break;
        case 'bits': {
          for (let n = r.range(1, 4); n > 0; n--) {
            const t = r.chance(0.25) && this.enums.length > 0 ? r.pick(this.enums) : this.integerScalar();
            const width = integerBits(t);
            const choices = [1, 2, 3, 4, 5, 7, 8, 12, 15, 16, 17, 24, 31, 32, 33, 40, 48, 63, 64].filter((w) => w <= width);
            if (r.chance(0.1)) out.push({ name: null, t: I('uint'), bits: r.range(1, 7) });
            else out.push({ name: fresh(), t, bits: r.pick(choices) });
          }
          break;
        }
        case 'anon-union': {
          const inner: RecordT = {
            k: 'rec',
            tag: null,
            union: false,
            members: [
              { name: fresh(), t: this.scalar() },
              { name: fresh(), t: this.scalar() },
            ],
          };
          out.push({
            name: null,
            t: {
              k: 'rec',
              tag: null,
              union: true,
              members: [
                { name: fresh(), t: this.typedefType(this.fam.name === 'kernel' ? 'u64' : 'uint64_t') },
                { name: null, t: inner },
              ],
            },
          });
          break;
        }
        case 'anon-struct':
          {
            const t = this.integerScalar();
            out.push({
              name: null,
              t: {
                k: 'rec',
                tag: null,
                union: false,
                members: [
                  { name: fresh(), t: this.scalar() },
                  { name: fresh(), t, bits: Math.min(r.range(1, 8), integerBits(t)) },
                ],
              },
            });
          }
          break;
        case 'sub': {
          const sub: RecordT = {
            k: 'rec',
            tag: null,
            union: r.chance(0.3),
            members: [
              { name: 'a', t: this.scalar() },
              { name: 'b', t: this.scalar() },
              { name: 'c', t: arr(this.scalar(), 2) },
            ],
          };
          out.push({ name: fresh(), t: sub });
          break;
        }
        case 'fp':
          out.push({ name: fresh(), t: ptr(fn(this.scalar(), [ptr(self), I('int')])) });
          break;
        case 'pp':
          out.push({ name: fresh(), t: ptr(ptr(I('char'))) });
          break;
      }
    }
    if (flexible) out.push({ name: fresh(), t: arr(this.typedefType(this.fam.name === 'kernel' ? 'u8' : 'uint8_t'), null) });
    return out;
  }
}

// ------------------------------------------------------------------ expression generator

type Want = 'any' | 'arith' | 'int' | 'ptr' | 'objptr';

const INT_LITERALS: ReadonlyArray<readonly [string, IntName]> = [
  ['0', 'int'],
  ['1', 'int'],
  ['42', 'int'],
  ['2147483647', 'int'],
  ['2147483648', 'long'],
  ['4294967295', 'long'],
  ['0x7fffffff', 'int'],
  ['0x80000000', 'uint'],
  ['0xffffffff', 'uint'],
  ['0x100000000', 'long'],
  ['0x8000000000000000', 'ulong'],
  ['017', 'int'],
  ['0b1011', 'int'],
  ['42u', 'uint'],
  ['42U', 'uint'],
  ['42l', 'long'],
  ['42L', 'long'],
  ['42ul', 'ulong'],
  ['42UL', 'ulong'],
  ['42lu', 'ulong'],
  ['42LU', 'ulong'],
  ['42ll', 'llong'],
  ['42LL', 'llong'],
  ['42ull', 'ullong'],
  ['42ULL', 'ullong'],
  ['42llu', 'ullong'],
  ['5000000000u', 'ulong'],
  ['0x7fffffffffffffffll', 'llong'],
  ['0xffffffffffffffffll', 'ullong'],
  ['0x80000000l', 'long'],
  ['0xffffffffffffffffl', 'ulong'],
  ["'a'", 'int'],
  ["'\\n'", 'int'],
  ["'\\x7f'", 'int'],
  ["'\\377'", 'int'],
  ["'%'", 'int'],
];
const FLOAT_LITERALS: ReadonlyArray<readonly [string, FloatName]> = [
  ['1.5', 'double'],
  ['1.5f', 'float'],
  ['1.5F', 'float'],
  ['2.0L', 'long double'],
  ['1e3', 'double'],
  ['1e-3f', 'float'],
  ['0x1p4', 'double'],
  ['.5', 'double'],
  ['3.', 'double'],
  ['1.0l', 'long double'],
];

class ExprGen {
  private readonly vars: Variable[];

  constructor(
    private readonly rng: Rng,
    private readonly api: Api,
    locals: readonly Variable[],
  ) {
    this.vars = [...locals, ...api.globals];
  }

  /** A marker argument. */
  argument(depth: number, want: Want = 'any'): E {
    return this.gen(depth, want);
  }

  /** An expression of the wanted kind; depth bounds the nesting. */
  gen(depth: number, want: Want = 'any'): E {
    for (let attempt = 0; attempt < 30; attempt++) {
      const e = this.candidate(depth, want);
      if (e && this.satisfies(e, want)) return e;
    }
    return this.fallback(want);
  }

  private satisfies(e: E, want: Want): boolean {
    const s = strip(e.t);
    if (s.k === 'void') return false;
    switch (want) {
      case 'any':
        return true;
      case 'arith':
        return isArithmetic(e.t);
      case 'int':
        return isInteger(e.t);
      case 'ptr':
        return isPointer(decay(e.t));
      case 'objptr': {
        const d = strip(decay(e.t));
        return d.k === 'ptr' && isComplete(d.to);
      }
    }
  }

  private fallback(want: Want): E {
    if (want === 'ptr' || want === 'objptr') return { text: '(char *)0', t: ptr(I('char')), lv: false, prim: false, kinds: ['cast', 'literal'] };
    return this.literal(want === 'int');
  }

  private candidate(depth: number, want: Want): E | null {
    const r = this.rng;
    const nested = depth > 0;
    const kind = r.weighted<string>([
      ['path', 40],
      ['literal', want === 'ptr' || want === 'objptr' ? 1 : 7],
      ['cast', nested ? 10 : 0],
      ['arith', nested && want !== 'ptr' && want !== 'objptr' ? 10 : 0],
      ['unary', nested ? 3 : 0],
      ['ternary', nested ? 5 : 0],
      ['sizeof', want === 'ptr' || want === 'objptr' ? 0 : 4],
      ['addr', 6],
      ['enumconst', 2],
      ['string', 2],
      ['comma', nested ? 1 : 0],
      ['ptrdiff', 2],
      ['ptrarith', 2],
      ['assign', 2],
      ['stmtexpr', nested ? 1 : 0],
      ['compound', 1],
      ['generic', nested ? 1 : 0],
      ['macro', nested ? 3 : 0],
      ['builtin', 2],
      ['typeof', nested ? 1 : 0],
    ]);
    switch (kind) {
      case 'path':
        return this.path();
      case 'literal':
        return this.literal(want === 'int');
      case 'cast':
        return this.cast(depth, want);
      case 'arith':
        return this.arith(depth, want);
      case 'unary':
        return this.unary(depth);
      case 'ternary':
        return this.ternary(depth, want);
      case 'sizeof':
        return this.sizeofExpr();
      case 'addr':
        return this.addressOf();
      case 'enumconst': {
        const c = r.pick(this.api.enumConstants);
        return { text: c.name, t: c.value >= -(2n ** 31n) && c.value < 2n ** 31n ? I('int') : c.of, lv: false, prim: true, constant: true, kinds: ['enum-constant'] };
      }
      case 'string':
        if (this.api.family.name === 'libc' && r.chance(0.3)) return { text: 'L"wide"', t: arr(td('wchar_t', I('int')), 5), lv: true, prim: true, kinds: ['wide-string'] };
        return { text: r.pick(['"text"', '"a\\tb"', '""']), t: arr(I('char'), 5), lv: true, prim: true, kinds: ['string'] };
      case 'comma': {
        const a = this.gen(depth - 1);
        const b = this.gen(depth - 1, want);
        return { text: `(${a.text}, ${b.text})`, t: decay(b.t), ...(b.bits !== undefined ? { bits: b.bits } : {}), lv: false, prim: true, kinds: kindsOf(a, b).concat('comma') };
      }
      case 'ptrdiff': {
        const p = this.gen(0, 'objptr');
        if (p.constant || p.text.startsWith('(char *)0')) return null;
        const n = r.range(1, 3);
        // gcc folds the difference of two addresses in one object: a constant.
        return { text: `${wrap(p)} + ${n} - ${wrap(p)}`, t: this.typedefOr('ptrdiff_t', I('long')), lv: false, prim: false, constant: true, kinds: kindsOf(p).concat('pointer-difference') };
      }
      case 'ptrarith': {
        const p = this.gen(0, 'objptr');
        return { text: `${wrap(p)} + ${r.range(1, 3)}`, t: decay(p.t), lv: false, prim: false, kinds: kindsOf(p).concat('pointer-arithmetic') };
      }
      case 'assign': {
        const targets = this.vars.filter((v) => v.assignable && isArithmetic(v.t));
        if (targets.length === 0) return null;
        const v = r.pick(targets);
        const form = r.pick(['=', '+=', '++x', 'x++', '--x', '|=']);
        if (form === '++x' || form === '--x') return { text: `${form.slice(0, 2)}${v.name}`, t: v.t, lv: false, prim: false, kinds: ['increment'] };
        if (form === 'x++') return { text: `${v.name}++`, t: v.t, lv: false, prim: true, kinds: ['increment'] };
        const rhs = this.gen(0, form === '|=' && isInteger(v.t) ? 'int' : 'arith');
        if (form === '|=' && !isInteger(v.t)) return null;
        if (strip(v.t).k === 'enum' && !isInteger(rhs.t)) return null;
        if (narrowUnsigned(v.t) && form === '=' && foldedPointerDifference(rhs)) return null;
        // gcc folds `v = 5` to 5 where its value is used.
        return { text: `${v.name} ${form} ${wrap(rhs)}`, t: v.t, lv: false, prim: false, ...(form === '=' && rhs.constant ? { constant: true } : {}), kinds: kindsOf(rhs).concat('assignment') };
      }
      case 'stmtexpr': {
        const e = this.gen(depth - 1, 'arith');
        const t = this.api.family.name === 'kernel' || r.chance(0.5) ? this.scalarLike(e) : strip(e.t);
        if (strip(t).k === 'rec' || strip(t).k === 'arr') return null;
        return { text: `({ ${declare(t, '__t')} = ${e.text}; __t; })`, t, lv: false, prim: true, kinds: kindsOf(e).concat('statement-expression') };
      }
      case 'compound': {
        const t = this.arithType();
        const lit = this.literal(false);
        if (strip(t).k === 'enum' && !isInteger(lit.t)) return null;
        return { text: `(${typeName(t)}){ ${lit.text} }`, t, lv: true, prim: true, kinds: ['compound-literal'] };
      }
      case 'generic': {
        const c = this.gen(depth - 1, 'arith');
        const a = this.literal(false);
        const b = this.literal(false);
        const s = strip(decay(c.t));
        const promoted = c.bits !== undefined ? null : s;
        // gcc: an enum is compatible with its integer type.
        const chosen = promoted && ((promoted.k === 'int' && promoted.n === 'int') || (promoted.k === 'enum' && promoted.under === 'int')) ? a : b;
        if (c.bits !== undefined) return null;
        return { text: `_Generic(${c.text}, int: ${a.text}, unsigned long: ${b.text}, default: ${b.text})`, t: chosen.t, lv: false, prim: true, ...(chosen.constant ? { constant: true } : {}), kinds: kindsOf(c).concat('generic') };
      }
      case 'macro':
        return this.macro(depth);
      case 'builtin': {
        const x = this.gen(0, 'int');
        const b = r.pick([
          ['__builtin_expect(!!(X), 1)', I('long')],
          ['__builtin_popcount(X)', I('int')],
          ['__builtin_clzl(X)', I('int')],
          ['__builtin_bswap32(X)', I('uint')],
          ['__builtin_bswap64(X)', I('ulong')],
          ['__builtin_labs(X)', I('long')],
        ] as const);
        return { text: b[0].replace('X', x.text), t: b[1], lv: false, prim: true, ...(x.constant ? { constant: true } : {}), kinds: kindsOf(x).concat('builtin') };
      }
      case 'typeof': {
        const model = this.path();
        const e = this.gen(depth - 1, 'arith');
        if (!isArithmetic(model.t) || model.bits !== undefined) return null;
        if (strip(model.t).k === 'enum' && !isInteger(e.t)) return null;
        if (narrowUnsigned(model.t) && foldedPointerDifference(e)) return null;
        return { text: `(${r.pick(['typeof', '__typeof__'])}(${model.text}))${wrap(e)}`, t: model.t, lv: false, prim: false, kinds: kindsOf(model, e).concat('typeof') };
      }
    }
    return null;
  }

  private typedefOr(name: string, t: T): T {
    const found = this.api.family.typedefs.find(([n]) => n === name);
    return found ? td(name, found[1]) : t;
  }

  private scalarLike(e: E): T {
    if (e.bits !== undefined) return I(promotedInt(e.t, e.bits));
    return e.t;
  }

  private arithType(): T {
    const r = this.rng;
    for (;;) {
      const t = r.chance(0.4) ? r.pick(BASE_SCALARS) : r.chance(0.7) ? this.vocab() : r.pick([...this.api.scalarTypes, ...this.api.enums]);
      if (isArithmetic(t)) return t;
    }
  }

  private vocab(): T {
    const name = this.rng.pick(this.api.family.vocabulary);
    return td(name, this.api.family.typedefs.find(([n]) => n === name)![1]);
  }

  literal(integerOnly: boolean): E {
    const r = this.rng;
    if (!integerOnly && r.chance(0.2)) {
      const [text, n] = r.pick(FLOAT_LITERALS);
      return { text, t: F(n), lv: false, prim: true, constant: true, kinds: ['float-literal'] };
    }
    if (this.api.family.name === 'libc' && r.chance(0.05)) return { text: "L'w'", t: td('wchar_t', I('int')), lv: false, prim: true, constant: true, kinds: ['wide-char'] };
    const [text, n] = r.pick(INT_LITERALS);
    if (r.chance(0.1)) return { text: `-${text}`, t: I(promotedInt(I(n))), lv: false, prim: false, constant: true, kinds: ['literal', 'negation'] };
    return { text, t: I(n), lv: false, prim: true, constant: true, kinds: [text.startsWith("'") ? 'char-literal' : /[uUlL]$/.test(text) ? 'suffixed-literal' : 'literal'] };
  }

  /** A variable, global, macro or call, then 0-3 member/index/deref/call steps. */
  path(): E {
    const r = this.rng;
    let e: E;
    const root = r.weighted<string>([
      ['var', 10],
      ['call', 3],
      ['objmacro', this.api.objectMacros.length > 0 ? 1 : 0],
    ]);
    if (root === 'call') {
      const f = r.pick(this.api.functions.filter((f) => strip(f.t.ret).k !== 'void'));
      e = { text: `${f.name}(${f.t.params.map((p) => this.argumentFor(p)).join(', ')})`, t: f.t.ret, lv: false, prim: true, kinds: ['call'] };
    } else if (root === 'objmacro') {
      const m = r.pick(this.api.objectMacros);
      e = { text: m.name, t: m.t, lv: false, prim: true, ...(m.constant ? { constant: true } : {}), kinds: ['macro'] };
    } else {
      const v = r.pick(this.vars);
      e = { text: v.name, t: v.t, lv: true, prim: true, assignable: v.assignable, kinds: ['identifier'] };
    }
    const steps = r.weighted<number>([
      [0, 4],
      [1, 4],
      [2, 3],
      [3, 1],
    ]);
    for (let k = 0; k < steps; k++) {
      const next = this.step(e);
      if (!next) break;
      e = next;
    }
    return e;
  }

  private argumentFor(t: T): string {
    const s = strip(t);
    if (s.k === 'ptr') return this.rng.pick(['0', 'NULL_PTR']).replace('NULL_PTR', `(${typeName(t)})0`);
    if (s.k === 'flt') return '1.0';
    return String(this.rng.range(0, 9));
  }

  private step(e: E): E | null {
    const r = this.rng;
    if (e.bits !== undefined) return null;
    const s = strip(e.t);
    const kinds = e.kinds;
    const member = (rec: RecordT, op: '.' | '->'): E | null => {
      const ms = reachableMembers(rec);
      if (ms.length === 0) return null;
      const m = r.pick(ms);
      const direct = (rec.members ?? []).includes(m);
      const extra = [op === '.' ? 'member' : 'member->', ...(direct ? [] : ['anonymous-member']), ...(m.bits !== undefined ? ['bit-field'] : [])];
      return { text: `${wrap(e)}${op}${m.name}`, t: m.t, ...(m.bits !== undefined ? { bits: m.bits } : {}), lv: m.bits === undefined && (op === '->' || e.lv), prim: true, kinds: [...kinds, ...extra] };
    };
    const index = (of: T): E => {
      const i = r.chance(0.6) ? String(r.range(0, 1)) : this.indexVariable();
      if (r.chance(0.1) && /^\d+$/.test(i)) return { text: `${i}[${e.text}]`, t: of, lv: true, prim: true, kinds: [...kinds, 'index', 'reverse-index'] };
      return { text: `${wrap(e)}[${i}]`, t: of, lv: true, prim: true, kinds: [...kinds, 'index'] };
    };
    const call = (f: Extract<T, { k: 'fn' }>, through: string): E | null => {
      if (strip(f.ret).k === 'void') return null;
      return { text: `${through}(${f.params.map((p) => this.argumentFor(p)).join(', ')})`, t: f.ret, lv: false, prim: true, kinds: [...kinds, 'call'] };
    };
    switch (s.k) {
      case 'rec':
        return s.members !== null ? member(s, '.') : null;
      case 'arr':
        return index(s.of);
      case 'fn':
        return call(s, wrap(e));
      case 'ptr': {
        const to = strip(s.to);
        if (to.k === 'rec' && to.members !== null) return member(to, '->');
        if (to.k === 'fn') return call(to, r.chance(0.3) ? `(*${wrap(e)})` : wrap(e));
        if (!isComplete(s.to)) return null;
        if (r.chance(0.3)) return { text: `*${wrap(e)}`, t: s.to, lv: true, prim: false, kinds: [...kinds, 'dereference'] };
        return index(s.to);
      }
      default:
        return null;
    }
  }

  private indexVariable(): string {
    const ints = this.vars.filter((v) => isInteger(v.t) && strip(v.t).k === 'int' && v.assignable);
    return ints.length > 0 ? this.rng.pick(ints).name : '1';
  }

  private cast(depth: number, want: Want): E | null {
    const r = this.rng;
    const e = this.gen(depth - 1, r.chance(0.7) ? 'arith' : 'ptr');
    if (strip(e.t).k === 'rec') return null;
    const fromPointer = isPointer(decay(e.t));
    let t: T;
    if (want === 'ptr' || want === 'objptr' || (fromPointer && r.chance(0.6))) {
      if (strip(e.t).k === 'flt') return null;
      t = r.pick([ptr(VOID), ptr(I('char'), true), ptr(I('char')), ptr(this.vocab()), ptr(I('uchar')), ptr(r.pick(this.api.records))]);
      if (!fromPointer && !isInteger(e.t)) return null;
    } else if (fromPointer) {
      t = r.pick([I('ulong'), I('long'), this.typedefOr('uintptr_t', I('ulong')), I('ullong')]);
    } else {
      t = this.arithType();
    }
    if (narrowUnsigned(t) && foldedPointerDifference(e)) return null;
    return { text: `(${typeName(t)})${wrap(e)}`, t, lv: false, prim: false, ...(e.constant && isInteger(t) ? { constant: true } : {}), kinds: kindsOf(e).concat('cast') };
  }

  private arith(depth: number, want: Want): E | null {
    const r = this.rng;
    const integer = want === 'int' || r.chance(0.5);
    const a = this.gen(depth - 1, integer ? 'int' : 'arith');
    const b = this.gen(depth - 1, integer ? 'int' : 'arith');
    const bothInt = isInteger(a.t) && isInteger(b.t);
    const op = bothInt ? r.pick(['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^', '<', '==', '&&', '||']) : r.pick(['+', '-', '*', '/', '<', '!=', '&&']);
    const constant = a.constant && b.constant;
    if (op === '/' || op === '%') {
      const rhs = String(r.range(1, 9));
      return {
        text: `${wrap(a)} ${op} ${rhs}`,
        t: arithmeticResult(a, { text: rhs, t: I('int'), lv: false, prim: true, kinds: [] }),
        lv: false,
        prim: false,
        ...(a.constant ? { constant: true } : {}),
        kinds: kindsOf(a).concat('arithmetic'),
      };
    }
    if (op === '<<' || op === '>>') {
      const n = r.range(1, 7);
      return { text: `${wrap(a)} ${op} ${n}`, t: I(promotedInt(a.t, a.bits)), lv: false, prim: false, ...(a.constant ? { constant: true } : {}), kinds: kindsOf(a).concat('shift') };
    }
    if (['<', '==', '!=', '&&', '||'].includes(op)) {
      return { text: `${wrap(a)} ${op} ${wrap(b)}`, t: I('int'), lv: false, prim: false, ...(constant ? { constant: true } : {}), kinds: kindsOf(a, b).concat('comparison') };
    }
    return { text: `${wrap(a)} ${op} ${wrap(b)}`, t: arithmeticResult(a, b), lv: false, prim: false, ...(constant && bothInt ? { constant: true } : {}), kinds: kindsOf(a, b).concat('arithmetic') };
  }

  private unary(depth: number): E | null {
    const r = this.rng;
    const a = this.gen(depth - 1, 'arith');
    const op = isInteger(a.t) ? r.pick(['-', '~', '!', '+']) : r.pick(['-', '!', '+']);
    const t = op === '!' ? I('int') : isInteger(a.t) ? I(promotedInt(a.t, a.bits)) : strip(a.t);
    return { text: `${op}${wrap(a)}`, t, lv: false, prim: false, ...(a.constant ? { constant: true } : {}), kinds: kindsOf(a).concat('unary') };
  }

  private ternary(depth: number, want: Want): E | null {
    const r = this.rng;
    const c = this.gen(depth - 1, 'arith');
    if (want !== 'arith' && want !== 'int' && r.chance(0.4)) {
      const p = this.gen(depth - 1, want === 'objptr' ? 'objptr' : 'ptr');
      const pt = decay(p.t);
      if (r.chance(0.5)) return { text: `${wrap(c)} ? ${wrap(p)} : 0`, t: pt, lv: false, prim: false, kinds: kindsOf(c, p).concat('conditional') };
      return { text: `${wrap(c)} ? ${wrap(p)} : ${wrap(p)}`, t: pt, lv: false, prim: false, kinds: kindsOf(c, p).concat('conditional') };
    }
    const a = this.gen(depth - 1, want === 'int' ? 'int' : 'arith');
    const b = this.gen(depth - 1, want === 'int' ? 'int' : 'arith');
    return { text: `${wrap(c)} ? ${wrap(a)} : ${wrap(b)}`, t: arithmeticResult(a, b), lv: false, prim: false, kinds: kindsOf(c, a, b).concat('conditional') };
  }

  private sizeofExpr(): E | null {
    const r = this.rng;
    const size = this.typedefOr('size_t', I('ulong'));
    const form = r.pick(['expr', 'expr-bare', 'type', 'alignof', 'offsetof', 'array-size']);
    if (form === 'type' || form === 'alignof') {
      const t = r.pick([this.arithType(), ptr(VOID), r.pick(this.api.records.filter((x) => !x.flexible)), arr(I('int'), 4)]);
      const op = form === 'type' ? 'sizeof' : r.pick(['_Alignof', '__alignof__']);
      return { text: `${op}(${typeName(t)})`, t: size, lv: false, prim: true, constant: true, kinds: [form === 'type' ? 'sizeof' : 'alignof'] };
    }
    if (form === 'offsetof') {
      const rec = r.pick(this.api.records.filter((x) => x.tag !== null && !x.union));
      const m = (rec.members ?? []).filter((x) => x.name !== null && x.bits === undefined);
      if (m.length === 0) return null;
      return { text: `offsetof(struct ${rec.tag}, ${r.pick(m).name})`, t: size, lv: false, prim: true, constant: true, kinds: ['offsetof'] };
    }
    const e = this.path();
    if (e.bits !== undefined || !isComplete(e.t)) return null;
    if (form === 'array-size') {
      if (strip(e.t).k !== 'arr') return null;
      return { text: `${this.api.family.p.toUpperCase()}ARRAY_SIZE(${e.text})`, t: size, lv: false, prim: true, constant: true, kinds: kindsOf(e).concat('macro', 'sizeof') };
    }
    return { text: form === 'expr' ? `sizeof(${e.text})` : `sizeof ${wrap(e)}`, t: size, lv: false, prim: form === 'expr', constant: true, kinds: kindsOf(e).concat('sizeof') };
  }

  private addressOf(): E | null {
    const e = this.path();
    if (!e.lv || e.bits !== undefined) return null;
    return { text: `&${wrap(e)}`, t: ptr(e.t), lv: false, prim: false, kinds: kindsOf(e).concat('address-of') };
  }

  private macro(depth: number): E | null {
    const r = this.rng;
    const m = r.pick(this.api.macros);
    if (m.name.endsWith('ARRAY_SIZE')) return this.sizeofExpr();
    const args = Array.from({ length: m.arity }, () => this.gen(depth - 1, 'arith'));
    const t = m.type(args);
    if (!t) return null;
    // gcc folds MAX/NEG/LO32 of constants (not the statement expression of min) to a constant.
    const constant = args.every((a) => a.constant) && !m.name.endsWith('min');
    return { text: `${m.name}(${args.map((a) => a.text).join(', ')})`, t, lv: false, prim: true, ...(constant ? { constant: true } : {}), kinds: kindsOf(...args).concat('macro') };
  }
}

// ------------------------------------------------------------------ formats

interface Directive {
  flags: string;
  /** '', digits, or '*'. */
  width: string;
  /** '', '.', '.digits', or '.*'. */
  prec: string;
  len: string;
  conv: string;
  /** Kernel %p extension letters after the `p`. */
  suffix?: string;
}

const directiveText = (d: Directive): string => `%${d.flags}${d.width}${d.prec}${d.len}${d.conv}${d.suffix ?? ''}`;

/** The flags each conversion takes without a warning (docs/format-rules.md §2). */
const VALID_FLAGS: Readonly<Record<string, string>> = {
  d: "-0 +'",
  i: "-0 +'",
  o: '-0#',
  x: '-0#',
  X: '-0#',
  b: '-0#',
  u: "-0'",
  f: "-0 +#'",
  F: "-0 +#'",
  g: "-0 +#'",
  G: "-0 +#'",
  e: '-0 +#',
  E: '-0 +#',
  a: '-0 +#',
  A: '-0 +#',
  c: '-',
  s: '-',
  p: '-',
  n: '',
};
const TAKES_PRECISION = new Set(['d', 'i', 'o', 'u', 'x', 'X', 'b', 'f', 'F', 'e', 'E', 'g', 'G', 'a', 'A', 's']);
const INT_CONVERSIONS = new Set(['d', 'i', 'o', 'u', 'x', 'X', 'b']);
const FLOAT_CONVERSIONS = ['f', 'F', 'e', 'E', 'g', 'G', 'a', 'A'];
const KERNEL_P = ['S', 's', 'F', 'f', 'K', 'B', 'I4', 'I6', 'M', 'm', 'U', 'V', 'x', 'e', 'h', 'b', 'R', 'D', 'd', 'a', 'g'];
const INVALID_DIRECTIVES = [
  '%y',
  '%k',
  '%hhs',
  '%lp',
  '%Lc',
  '%hf',
  '%Dd',
  '%#s',
  '%+s',
  '%.3c',
  '%0p',
  '%#d',
  '%+u',
  "%'x",
  '%-0d',
  '% +d',
  '%--d',
  '%05.2d',
  '%hhhd',
  '%5n',
  '%Hf',
  '%qf',
  '%ll',
  '%jc',
  '%zs',
  '%tp',
  '%#c',
  '%0c',
  '%I',
  '%w',
  '%hlu',
  '%5.3p',
];
const INVALID_ENDINGS = ['%', '%-', '%5', '%5%', ' %l', '%.', '%#'];
/** The C library's PRI* macro suffixes → the length they stand for on LP64 glibc. */
const PRI_LENGTH: Readonly<Record<string, string>> = { '8': '', '16': '', '32': '', '64': 'l', LEAST8: '', LEAST16: '', LEAST32: '', LEAST64: 'l', FAST8: '', FAST16: 'l', FAST32: 'l', FAST64: 'l', MAX: 'l', PTR: 'l' };
const PRI_FOR_TYPEDEF: Readonly<Record<string, string>> = {
  int8_t: 'd8',
  uint8_t: 'u8',
  int16_t: 'd16',
  uint16_t: 'u16',
  int32_t: 'd32',
  uint32_t: 'u32',
  int64_t: 'd64',
  uint64_t: 'u64',
  intmax_t: 'dMAX',
  uintmax_t: 'uMAX',
  intptr_t: 'dPTR',
  uintptr_t: 'uPTR',
  u_int32_t: 'u32',
  u_int64_t: 'u64',
};

/** A piece of a format: text, a directive with its arguments, a PRI macro, or an invalid directive. */
type Piece = { readonly k: 'text'; readonly text: string } | { readonly k: 'dir'; readonly d: Directive } | { readonly k: 'pri'; readonly before: string; readonly macro: string } | { readonly k: 'raw'; readonly text: string };

interface ValueClass {
  readonly kind: 'int' | 'flt' | 'ptr' | 'other';
  readonly signed?: boolean;
  /** The promoted integer type. */
  readonly n?: IntName;
  /** The declared integer type before promotion. */
  readonly declared?: IntName;
  readonly longDouble?: boolean;
  readonly charPointer?: boolean;
  readonly widePointer?: boolean;
  /** The first typedef name on the chain. */
  readonly typedefName?: string;
}

function typedefNames(t: T): string[] {
  const names: string[] = [];
  let u = t;
  while (u.k === 'td') {
    names.push(u.name);
    u = u.of;
  }
  return names;
}

function classify(e: E): ValueClass {
  const t = decay(e.t);
  const s = strip(t);
  const names = typedefNames(t);
  if (s.k === 'int' || s.k === 'enum') {
    const declared = s.k === 'int' ? s.n : s.under;
    if (e.bits !== undefined && e.bits > 32 && e.bits < INT_BITS[declared]) return { kind: 'other' };
    const n = promotedInt(t, e.bits);
    return { kind: 'int', signed: !UNSIGNED_INTS.has(n), n, declared, ...(names[0] ? { typedefName: names[0] } : {}) };
  }
  if (s.k === 'flt') return { kind: 'flt', longDouble: s.n === 'long double' };
  if (s.k === 'ptr') {
    const to = strip(s.to);
    const toNames = typedefNames(s.to);
    return { kind: 'ptr', charPointer: to.k === 'int' && ['char', 'schar', 'uchar'].includes(to.n), widePointer: toNames.includes('wchar_t') };
  }
  return { kind: 'other' };
}

const INT_LENGTH: Partial<Record<IntName, string>> = { int: '', uint: '', long: 'l', ulong: 'l', llong: 'll', ullong: 'll' };

class FormatGen {
  constructor(private readonly rng: Rng) {}

  /** A conversion that aims to match the value (gcc decides whether it does). */
  right(e: E): Directive {
    const r = this.rng;
    const v = classify(e);
    const d: Directive = { flags: '', width: '', prec: '', len: '', conv: 'd' };
    if (v.kind === 'int') {
      d.conv = v.signed ? r.pick(['d', 'd', 'i']) : r.pick(['u', 'u', 'x', 'X', 'o']);
      d.len = INT_LENGTH[v.n!] ?? '';
      const special = v.typedefName ? { size_t: 'z', ssize_t: 'z', ptrdiff_t: 't', intmax_t: 'j', uintmax_t: 'j' }[v.typedefName] : undefined;
      if (special && r.chance(0.6)) d.len = special;
      if (v.n === 'int' && v.declared && INT_BITS[v.declared] < 32 && v.declared !== 'bool' && r.chance(0.3)) d.len = INT_BITS[v.declared] === 8 ? 'hh' : 'h';
      if (v.n === 'int' && r.chance(0.05)) d.conv = 'c';
      if (v.typedefName === 'wint_t' && r.chance(0.5)) {
        d.len = 'l';
        d.conv = 'c';
      }
    } else if (v.kind === 'flt') {
      d.conv = r.pick(FLOAT_CONVERSIONS);
      d.len = v.longDouble ? 'L' : r.chance(0.1) ? 'l' : '';
    } else if (v.kind === 'ptr') {
      if (v.charPointer && r.chance(0.7)) d.conv = 's';
      else if (v.widePointer && r.chance(0.7)) {
        d.conv = 's';
        d.len = 'l';
      } else {
        d.conv = 'p';
        if (r.chance(0.15)) d.suffix = r.pick(KERNEL_P);
      }
    } else {
      d.conv = r.pick(['d', 'llu', 'p', 's']).slice(-1);
    }
    this.decorate(d, false);
    return d;
  }

  /** Valid flags, width and precision, now and then. */
  decorate(d: Directive, anything: boolean): void {
    const r = this.rng;
    const valid = anything ? "-+ #0'I" : (VALID_FLAGS[d.conv] ?? '');
    if (r.chance(anything ? 0.9 : 0.2) && valid.length > 0) {
      let flags = '';
      for (let n = r.range(1, anything ? 3 : 2); n > 0; n--) {
        const f = r.pick([...valid]);
        if (anything || !flags.includes(f)) flags += f;
      }
      if (!anything) {
        if (flags.includes('-')) flags = flags.replace(/0/g, '');
        if (flags.includes('+')) flags = flags.replace(/ /g, '');
      }
      d.flags = flags;
    }
    if (r.chance(anything ? 0.5 : 0.2)) d.width = String(r.range(1, 24));
    if ((anything || TAKES_PRECISION.has(d.conv)) && r.chance(anything ? 0.5 : 0.15)) {
      d.prec = r.chance(0.15) ? '.' : `.${r.range(0, 12)}`;
      if (!anything && INT_CONVERSIONS.has(d.conv)) d.flags = d.flags.replace(/0/g, '');
    }
  }

  wrongLength(d: Directive): void {
    const r = this.rng;
    const lengths = INT_CONVERSIONS.has(d.conv) ? ['', 'hh', 'h', 'l', 'll', 'z', 't', 'j', 'L', 'q', 'Z'] : FLOAT_CONVERSIONS.includes(d.conv) ? ['', 'l', 'L', 'h', 'H', 'D', 'll'] : ['', 'l', 'h', 'hh', 'L', 'z'];
    const others = lengths.filter((l) => l !== d.len);
    d.len = r.pick(others);
  }

  flipSign(d: Directive): void {
    const r = this.rng;
    if (d.conv === 'd' || d.conv === 'i') d.conv = r.pick(['u', 'x', 'o', 'X']);
    else if (INT_CONVERSIONS.has(d.conv)) d.conv = r.pick(['d', 'i']);
    else if (d.conv === 'c') d.conv = r.pick(['u', 'x']);
    else d.conv = r.pick(['d', 'u']);
    d.suffix = undefined;
  }

  wrongConversion(d: Directive): void {
    const r = this.rng;
    const pool = ['d', 'u', 'x', 's', 'p', 'f', 'c', 'e', 'g', 'a', 'C', 'S', 'b'].filter((c) => c !== d.conv);
    d.conv = r.pick(pool);
    d.suffix = undefined;
    if (r.chance(0.4)) this.wrongLength(d);
  }
}

// ------------------------------------------------------------------ C string literals

interface EncodedUnit {
  readonly text: string;
  /** A hex escape: the next unit must not start with a hex digit in the same literal. */
  readonly hex?: boolean;
}

function encodeChar(ch: string, rng: Rng, tricky: boolean): EncodedUnit {
  if (ch === '\0') return { text: '\\000' };
  if (ch === '\n') return { text: '\\n' };
  if (ch === '\t') return { text: '\\t' };
  if (ch === '"') return { text: '\\"' };
  if (ch === '\\') return { text: '\\\\' };
  if (tricky && (ch === '%' || /[a-zA-Z]/.test(ch)) && rng.chance(0.5)) {
    const code = ch.charCodeAt(0);
    if (rng.chance(0.5)) return { text: `\\${code.toString(8).padStart(3, '0')}` };
    return { text: `\\x${code.toString(16)}`, hex: true };
  }
  return { text: ch };
}

// ------------------------------------------------------------------ sources

export interface GeneratedCall {
  /** Path relative to the tree's root, `/`-separated. */
  readonly file: string;
  /** 1-based line of the call. */
  readonly line: number;
  /** The call as written (the line, trimmed). */
  readonly text: string;
  /** The format after concatenation, escapes and PRI* macros (LP64 glibc); null when not a literal. */
  readonly format: string | null;
  /** A format macro kmark documents it does not resolve (scanning.md: format-not-literal). */
  readonly formatMacro: boolean;
  /** How the call was built: expression kinds and format cases, for the reports. */
  readonly kinds: readonly string[];
}

export interface GeneratedTree {
  readonly files: Readonly<Record<string, string>>;
  readonly calls: readonly GeneratedCall[];
  readonly seed: number;
}

export interface GenerateOptions {
  readonly seed: number;
  /** At least this many trace_mark calls. */
  readonly calls: number;
}

const MARKER_H = `#ifndef _GEN_MARKER_H
#define _GEN_MARKER_H

/*
 * trace_mark for gcc: the format and its arguments become a call of a
 * printf-like function, which gcc -Wformat checks.
 */
extern void __attribute__((format(printf, 1, 2))) __mark_check_format(const char *, ...);
#define trace_mark(name, format, args...) __mark_check_format(format, ## args)
#define MARK_NOARGS " "

#endif
`;

type CallCase =
  | 'right'
  | 'wrong-length'
  | 'signedness'
  | 'wrong-conversion'
  | 'too-few'
  | 'too-many'
  | 'star-width'
  | 'star-precision'
  | 'invalid'
  | 'flags'
  | 'percent-n'
  | 'kernel-p'
  | 'noargs'
  | 'empty'
  | 'non-literal'
  | 'format-macro'
  | 'pri'
  | 'operand-number'
  | 'nul';

const CASES: ReadonlyArray<readonly [CallCase, number]> = [
  ['right', 40],
  ['wrong-length', 12],
  ['signedness', 12],
  ['wrong-conversion', 10],
  ['too-few', 4],
  ['too-many', 4],
  ['star-width', 6],
  ['star-precision', 4],
  ['invalid', 7],
  ['flags', 6],
  ['percent-n', 2],
  ['kernel-p', 3],
  ['noargs', 2],
  ['empty', 1],
  ['non-literal', 3],
  ['format-macro', 1],
  ['pri', 8],
  ['operand-number', 1],
  ['nul', 1],
];

class SourceGen {
  private readonly lines: string[] = [];
  private readonly calls: GeneratedCall[] = [];
  private readonly formats: FormatGen;
  private callNumber = 0;

  constructor(
    private readonly rng: Rng,
    private readonly api: Api,
    private readonly path: string,
    private readonly unit: string,
  ) {
    this.formats = new FormatGen(rng);
  }

  /** Appends lines (a multi-line string is split: `line` numbers stay true). */
  private emit(...texts: string[]): void {
    for (const text of texts) this.lines.push(...text.split('\n'));
  }

  build(callTarget: number): { text: string; calls: GeneratedCall[] } {
    const r = this.rng;
    const { dir, p } = this.api.family;
    this.emit(`/* Generated by test/differential/generate.ts: ${this.api.family.name} family. */`);
    this.emit('#include <marker.h>', `#include <${dir}/${p}api.h>`, '');
    // file-scope declarations of the unit
    const fileVars: Variable[] = [];
    const localRec: RecordT = {
      k: 'rec',
      tag: `${this.unit}_local`,
      union: false,
      members: [
        { name: 'x', t: I('short') },
        { name: 'y', t: td('size_t', this.sizeType()) },
        { name: 'z', t: I('uchar'), bits: 3 },
      ],
    };
    this.emit(`${recordBody(localRec, '')};`);
    const localTd = td(`${this.unit}_word_t`, I(r.pick<IntName>(['ulong', 'int', 'ushort', 'llong'])));
    this.emit(`typedef ${declare(strip(localTd), `${this.unit}_word_t`)};`);
    for (let k = 0; k < 4; k++) {
      const t = k === 0 ? localRec : k === 1 ? localTd : this.scalarType();
      const name = `${this.unit}_s${k}`;
      this.emit(`static ${declare(t, name)};`);
      fileVars.push({ name, t, assignable: isScalar(t) });
    }
    this.emit('');
    let fnIndex = 0;
    while (this.calls.length < callTarget) {
      this.function(fnIndex++, fileVars, Math.min(callTarget - this.calls.length, r.range(15, 35)));
    }
    return { text: `${this.lines.join('\n')}\n`, calls: this.calls };
  }

  private sizeType(): T {
    return this.api.family.typedefs.find(([n]) => n === 'size_t')![1];
  }

  private scalarType(): T {
    const r = this.rng;
    const pool = r.weighted<string>([
      ['base', 3],
      ['vocab', 5],
      ['chain', 2],
      ['enum', 1],
    ]);
    if (pool === 'base') return r.pick(BASE_SCALARS);
    if (pool === 'chain') return r.pick(this.api.scalarTypes);
    if (pool === 'enum') return r.pick(this.api.enums);
    const name = r.pick(this.api.family.vocabulary);
    return td(name, this.api.family.typedefs.find(([n]) => n === name)![1]);
  }

  private objectType(): T {
    const r = this.rng;
    const recs = this.api.records;
    const kind = r.weighted<string>([
      ['scalar', 10],
      ['ptr-rec', 4],
      ['rec', 2],
      ['array', 2],
      ['charp', 2],
      ['ptr-scalar', 2],
      ['fp', 1],
      ['voidp', 1],
    ]);
    if (kind === 'scalar') return this.scalarType();
    if (kind === 'ptr-rec') return ptr(r.pick(recs), r.chance(0.3));
    if (kind === 'rec') return r.pick(recs.filter((x) => !x.flexible));
    if (kind === 'array') return arr(r.chance(0.4) ? I('char') : this.scalarType(), r.range(2, 32));
    if (kind === 'charp') return ptr(r.pick([I('char'), I('uchar'), I('schar')]), r.chance(0.6));
    if (kind === 'ptr-scalar') return ptr(this.scalarType(), r.chance(0.3));
    if (kind === 'fp') return ptr(fn(this.scalarType(), [I('int')]));
    return ptr(VOID, r.chance(0.3));
  }

  private function(index: number, fileVars: readonly Variable[], calls: number): void {
    const r = this.rng;
    const used = new Set<string>();
    const fresh = (base: string): string => {
      let name = base;
      for (let k = 2; used.has(name); k++) name = `${base}${k}`;
      used.add(name);
      return name;
    };
    const params: Variable[] = [];
    for (let k = r.range(2, 6); k > 0; k--) {
      const t = this.objectType();
      params.push({ name: fresh(r.pick(['p', 'q', 'a', 'b', 'n', 'len', 'v', 'obj', 'buf', 'cb'])), t, assignable: isScalar(t) && strip(t).k !== 'arr' });
    }
    const withFmt = r.chance(0.4);
    if (withFmt) params.push({ name: fresh('fmt'), t: ptr(I('char'), true), assignable: false });
    const paramText = params.map((v) => {
      const s = strip(v.t);
      // An array parameter is a pointer; write some as arrays, as C allows.
      if (s.k === 'arr') return declare(v.t, v.name);
      return declare(v.t, v.name);
    });
    // Arrays as parameters decay: the variable is the pointer.
    const paramVars = params.map((v) => (strip(v.t).k === 'arr' ? { ...v, t: decay(v.t), assignable: true } : v));
    const locals: Variable[] = [];
    const body: string[] = [];
    for (let k = r.range(6, 14); k > 0; k--) {
      const t = this.objectType();
      const name = fresh(r.pick(['x', 'y', 'z', 'w', 'tmp', 'cnt', 'ret', 'val', 'cur', 'ptr', 'o', 'st', 'res', 'u']));
      const qualifier = r.chance(0.1) && isArithmetic(t) ? 'volatile ' : r.chance(0.05) && isArithmetic(t) ? 'static ' : '';
      body.push(`\t${qualifier}${declare(t, name)};`);
      locals.push({ name, t, assignable: isScalar(t) && strip(t).k !== 'arr' });
    }
    this.emit(`void ${this.unit}_fn${index}(${paramText.join(', ')})`, '{', ...body);
    const scope: Variable[] = [...paramVars, ...locals, ...fileVars];
    let remaining = calls;
    while (remaining > 0) {
      const shape = r.weighted<string>([
        ['flat', 10],
        ['block', 1],
        ['loop', 1],
        ['if', 1],
      ]);
      if (shape === 'flat') {
        this.call(scope, withFmt);
        remaining--;
        continue;
      }
      const n = Math.min(remaining, r.range(1, 4));
      if (shape === 'block') {
        // A nested block whose declaration shadows an outer name with another type.
        const shadowed = r.pick(scope.filter((v) => v.name !== 'fmt'));
        const t = this.objectType();
        this.emit('\t{', `\t\t${declare(t, shadowed.name)};`);
        const inner = [{ name: shadowed.name, t, assignable: isScalar(t) && strip(t).k !== 'arr' }, ...scope.filter((v) => v.name !== shadowed.name)];
        for (let k = 0; k < n; k++) this.call(inner, withFmt, '\t\t');
        this.emit('\t}');
      } else if (shape === 'loop') {
        const i = r.pick(['i', 'j', 'k']);
        const t = r.pick([I('int'), I('uint'), td('size_t', this.sizeType())]);
        this.emit(`\tfor (${declare(t, i)} = 0; ${i} < 4; ${i}++) {`);
        const inner = [{ name: i, t, assignable: true }, ...scope.filter((v) => v.name !== i)];
        for (let k = 0; k < n; k++) this.call(inner, withFmt, '\t\t');
        this.emit('\t}');
      } else {
        const cond = new ExprGen(r, this.api, scope).gen(1, 'arith');
        this.emit(`\tif (${cond.text}) {`);
        for (let k = 0; k < n; k++) this.call(scope, withFmt, '\t\t');
        this.emit('\t}');
      }
      remaining -= n;
    }
    this.emit('}', '');
  }

  private call(scope: readonly Variable[], withFmt: boolean, indent = '\t'): void {
    const r = this.rng;
    const exprs = new ExprGen(r, this.api, scope);
    const kinds = new Set<string>();
    let callCase = r.weighted(CASES);
    if (callCase === 'pri' && !this.api.family.pri) callCase = 'right';
    if (callCase === 'non-literal' && !withFmt && r.chance(0.5)) callCase = 'right';
    kinds.add(callCase);
    const name = `${this.unit}_ev${this.callNumber++}`;
    const pieces: Piece[] = [];
    const args: E[] = [];
    const word = (): string => r.pick(WORDS);
    const valueCount = r.weighted<number>([
      [0, 1],
      [1, 5],
      [2, 4],
      [3, 3],
      [4, 1],
    ]);
    let formatArg: string | null = null;
    let formatMacro = false;

    if (callCase === 'noargs' || callCase === 'empty') {
      formatArg = callCase === 'noargs' ? 'MARK_NOARGS' : '""';
      if (r.chance(0.3)) args.push(exprs.argument(1));
    } else if (callCase === 'non-literal') {
      formatArg = withFmt && r.chance(0.6) ? 'fmt' : r.pick(this.api.formatVariables);
      for (let k = r.int(3); k > 0; k--) args.push(exprs.argument(1));
    } else {
      const pushValue = (e: E, d: Directive): void => {
        pieces.push({ k: 'text', text: `${r.chance(0.8) ? (pieces.length > 0 ? ' ' : '') + word() + r.pick(['=', ' ', ': ', '=']) : pieces.length > 0 ? ' ' : ''}` });
        pieces.push({ k: 'dir', d });
        args.push(e);
        for (const kind of e.kinds) kinds.add(kind);
      };
      const mutate = valueCount > 0 ? r.int(valueCount) : -1;
      for (let k = 0; k < valueCount; k++) {
        const e = exprs.argument(
          r.weighted<number>([
            [0, 3],
            [1, 4],
            [2, 2],
          ]),
        );
        const d = this.formats.right(e);
        if (k === mutate) {
          if (callCase === 'wrong-length') this.formats.wrongLength(d);
          else if (callCase === 'signedness') this.formats.flipSign(d);
          else if (callCase === 'wrong-conversion') this.formats.wrongConversion(d);
          else if (callCase === 'flags') {
            d.flags = '';
            d.width = '';
            d.prec = '';
            this.formats.decorate(d, true);
          } else if (callCase === 'kernel-p') {
            d.conv = 'p';
            d.len = '';
            d.flags = r.chance(0.3) ? '-' : '';
            d.prec = '';
            d.suffix = r.pick(KERNEL_P);
          } else if (callCase === 'pri') {
            const v = classify(e);
            const wanted = v.kind === 'int' && v.typedefName ? PRI_FOR_TYPEDEF[v.typedefName] : undefined;
            const spec = wanted && r.chance(0.6) ? wanted : `${r.pick(['d', 'i', 'u', 'x', 'X', 'o'])}${r.pick(Object.keys(PRI_LENGTH))}`;
            const conv = spec[0]!;
            const size = spec.slice(1);
            pieces.push({ k: 'text', text: `${pieces.length > 0 ? ' ' : ''}${word()}=` });
            const before = r.chance(0.3) ? r.pick(['-8', '08', '#', '5', '-']) : '';
            pieces.push({ k: 'pri', before, macro: `PRI${conv}${size}` });
            args.push(e);
            for (const kind of e.kinds) kinds.add(kind);
            continue;
          } else if (callCase === 'star-width' || callCase === 'star-precision') {
            const star = r.chance(0.5) ? exprs.argument(0, 'int') : exprs.argument(1);
            if (callCase === 'star-width') d.width = '*';
            else if (TAKES_PRECISION.has(d.conv) || r.chance(0.3)) d.prec = '.*';
            else d.width = '*';
            pieces.push({ k: 'text', text: pieces.length > 0 ? ' ' : '' });
            pieces.push({ k: 'dir', d });
            args.push(star, e);
            for (const kind of [...star.kinds, ...e.kinds]) kinds.add(kind);
            continue;
          }
        }
        pushValue(e, d);
      }
      // call-level cases
      if (callCase === 'too-few' && args.length > 0) args.pop();
      if (callCase === 'too-many' || (callCase === 'too-few' && valueCount === 0)) args.push(exprs.argument(1));
      if (callCase === 'invalid') {
        const at = r.int(pieces.length + 1);
        if (r.chance(0.3)) pieces.push({ k: 'raw', text: ` ${r.pick(INVALID_ENDINGS)}` });
        else pieces.splice(at, 0, { k: 'raw', text: `${r.pick(INVALID_DIRECTIVES)} ` });
      }
      if (callCase === 'percent-n') {
        const targets = scope.filter((v) => strip(v.t).k === 'int' && v.assignable);
        const n = targets.length > 0 ? r.pick(targets) : null;
        const at = r.int(pieces.length + 1);
        pieces.splice(at, 0, { k: 'raw', text: `${r.pick(['%n', '%hhn', '%ln', '%n'])} ` });
        // Its argument goes where the directive consumes it: count the directives before.
        const consumedBefore = pieces.slice(0, at).reduce((s, x) => s + (x.k === 'dir' ? 1 + (x.d.width === '*' ? 1 : 0) + (x.d.prec === '.*' ? 1 : 0) : x.k === 'pri' ? 1 : 0), 0);
        args.splice(consumedBefore, 0, { text: n ? `&${n.name}` : '(int *)0', t: ptr(I('int')), lv: false, prim: false, kinds: ['address-of'] });
      }
      if (callCase === 'operand-number') {
        // gcc accepts %1$d when every directive is numbered; kmark always rejects (format-rules.md §8).
        pieces.length = 0;
        args.length = 0;
        const n = r.range(1, 2);
        for (let k = 1; k <= n; k++) {
          const e = exprs.argument(0);
          const d = this.formats.right(e);
          pieces.push({ k: 'text', text: ' ' }, { k: 'raw', text: `%${k}$${d.len}${d.conv}` });
          args.push(e);
        }
      }
      // A format with no directive still says something: "" is the 'empty' case's alone.
      if (!pieces.some((x) => x.k === 'text' && x.text.trim() !== '') && r.chance(0.9)) pieces.unshift({ k: 'text', text: `${word()} ` });
      if (callCase === 'nul') pieces.splice(r.int(pieces.length + 1), 0, { k: 'text', text: '\0' });
      if (r.chance(0.06)) pieces.splice(r.int(pieces.length + 1), 0, { k: 'text', text: r.pick(['%%', ' 100%%', '%% ']) });
      if (r.chance(0.03)) pieces.push({ k: 'raw', text: ' %m' });
      if (r.chance(0.05)) pieces.push({ k: 'text', text: r.pick(['\n', '\t', ' "q"', ' \\', ' µs', " 'x'"]) });
      if (callCase === 'format-macro') {
        formatMacro = true;
        const m = r.pick(this.api.formatMacros);
        formatArg = `"${word()}=" ${m.name}`;
        pieces.length = 0;
        pieces.push({ k: 'text', text: `${word()}=` }, { k: 'raw', text: m.value });
        args.length = 0;
        args.push(exprs.argument(1));
      }
    }

    // The format: one literal or several adjacent ones, escapes now and then, PRI macros spliced in.
    let format: string | null = null;
    if (formatArg === null || formatMacro) {
      format = pieces.map((x) => (x.k === 'text' || x.k === 'raw' ? x.text : x.k === 'dir' ? directiveText(x.d) : `%${x.before}${PRI_LENGTH[x.macro.replace(/^PRI[diouxX]/, '')]}${x.macro[3]}`)).join('');
    } else if (formatArg === 'MARK_NOARGS') format = ' ';
    else if (formatArg === '""') format = '';
    if (formatArg === null) {
      const tricky = r.chance(0.08);
      const split = r.chance(0.12);
      if (tricky) kinds.add('escaped-format');
      if (split) kinds.add('split-literal');
      const tokens: string[] = [];
      let current: EncodedUnit[] = [];
      const flush = (): void => {
        tokens.push(`"${current.map((u) => u.text).join('')}"`);
        current = [];
      };
      for (const piece of pieces) {
        if (piece.k === 'pri') {
          current.push(...[...`%${piece.before}`].map((ch) => encodeChar(ch, r, false)));
          flush();
          tokens.push(piece.macro);
          continue;
        }
        const text = piece.k === 'dir' ? directiveText(piece.d) : piece.text;
        for (const ch of text) {
          const unit = encodeChar(ch, r, tricky);
          const last = current[current.length - 1];
          if (last?.hex && /^[0-9a-fA-F]/.test(unit.text)) flush();
          current.push(unit);
          if (split && r.chance(0.08)) flush();
        }
      }
      if (current.length > 0 || tokens.length === 0 || tokens[tokens.length - 1]!.startsWith('PRI')) flush();
      formatArg = tokens.join(' ');
      if (pieces.some((x) => x.k === 'pri')) kinds.add('pri');
    }
    const line = `${indent}trace_mark(${name}, ${formatArg}${args.map((a) => `, ${a.text}`).join('')});`;
    this.emit(line);
    this.calls.push({ file: this.path, line: this.lines.length, text: line.trim(), format, formatMacro, kinds: [...kinds] });
  }
}

/** The tree: `include/marker.h`, each family's headers, and sources holding at least `calls` calls. */
export function generateTree(options: GenerateOptions): GeneratedTree {
  const rng = new Rng(options.seed);
  const files: Record<string, string> = { 'include/marker.h': MARKER_H };
  const apis: Api[] = [];
  for (const fam of [KERNEL, LIBC]) {
    const { headers, api } = new ApiBuilder(rng, fam).build();
    for (const h of headers) files[h.path] = h.text;
    apis.push(api);
  }
  const calls: GeneratedCall[] = [];
  const perFile = 150;
  for (let k = 0; calls.length < options.calls; k++) {
    const api = k % 3 === 2 ? apis[1]! : apis[0]!;
    const unit = `${api.family.p}${String(k).padStart(2, '0')}`;
    const path = `src/${unit}.c`;
    const { text, calls: made } = new SourceGen(rng, api, path, unit).build(Math.min(perFile, options.calls - calls.length));
    files[path] = text;
    calls.push(...made);
  }
  return { files, calls, seed: options.seed };
}
