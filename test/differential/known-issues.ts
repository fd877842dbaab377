/**
 * Where kmark disagrees with gcc today, each minimized from the differential
 * test's generated trees. The generator leaves these constructs out when
 * asked (`generateTree({ avoid })`): differential.test.ts demands 100%
 * agreement on everything else, bench/accuracy measures both with and
 * without them, and differential.test.ts checks that every line marked
 * `/* differs *\/` below still disagrees — once one agrees, the fix is in:
 * delete its line (or the whole entry, and its Avoidable in generate.ts).
 *
 * `mode` is the mode the lines disagree in; `where` is a first guess at the
 * place in src/ the fix belongs.
 */
import type { Avoidable } from './generate.js';
import type { Mode } from './oracle.js';

export interface KnownIssue {
  readonly id: Avoidable;
  readonly title: string;
  readonly mode: Mode;
  readonly where: string;
  /** A C file compiled with include/marker.h; lines ending in `/* differs *\/` disagree. */
  readonly source: string;
}

const SIGNEDNESS: Mode = { signedness: true };

export const KNOWN_ISSUES: readonly KnownIssue[] = [
  {
    id: 'narrow-unsigned-shape',
    title: "-Wformat-signedness with a u8/u16/_Bool value: gcc's exemption for a promoted unsigned char/short follows how gcc folds the expression",
    mode: SIGNEDNESS,
    where: "src/format/compat.ts (the exemption) and src/ctypes: gcc exempts an argument whose folded tree is a conversion to int of an unsigned char/short — `c ? v : v` keeps v's type, casts that widen v to short/int/int-enum fold away, `v / 1`, `v >> 1`, `v | v`, `11 ^ v`, `+v`, `-(-v)` are shortened back to v's type, `!b` is `b ^ 1`, a cast of a typedef'd _Bool is a conversion to exempt; a comma with side effects or a compound assignment whose right side has a call is not such a conversion",
    source: `
extern unsigned char uc;
extern unsigned short us;
extern int i;
extern _Bool b;
typedef _Bool bool_t;
extern bool_t bt;
int f2(void);
void f(void)
{
	trace_mark(same_type_conditional, "%u", i ? uc : uc); /* differs */
	trace_mark(comma_side_effect, "%u", (us = i, us)); /* differs */
	trace_mark(compound_assign_call, "%u", us |= f2()); /* differs */
	trace_mark(cast_to_int, "%u", (int)us); /* differs */
	trace_mark(cast_to_short, "%u", (short)uc); /* differs */
	trace_mark(divide_by_one, "%u", uc / 1); /* differs */
	trace_mark(shift_right, "%u", uc >> 1); /* differs */
	trace_mark(or_itself, "%lu", us | us); /* differs */
	trace_mark(xor_constant, "%lu", 11 ^ us); /* differs */
	trace_mark(unary_plus, "%u", +uc); /* differs */
	trace_mark(not_bool, "%u", !b); /* differs */
	trace_mark(constant_condition, "%u", 1 ? uc : i); /* differs */
	trace_mark(bool_to_schar, "%u", (signed char)b); /* differs */
	trace_mark(bool_typedef_cast, "%u", (bool_t)bt); /* differs */
	trace_mark(double_negation, "%u", -(-uc)); /* differs */
}
`,
  },
  {
    id: 'qualified-narrow',
    title: '-Wformat-signedness: a const or volatile _Bool, or narrow unsigned bit-field, passes an unsigned conversion in gcc; kmark drops the qualifier and reports it',
    mode: SIGNEDNESS,
    where: 'src/ctypes (qualifiers dropped on values, docs/ctypes.md "Qualifiers") and src/format/compat.ts (the exemption excludes _Bool and narrow bit-fields, but not when they are qualified)',
    source: `
enum pos { P0, P1 };
struct s { _Bool b; unsigned u3 : 3; enum pos e : 3; };
void f(const struct s *cp, const _Bool cb)
{
	volatile _Bool vb;
	trace_mark(const_bool_member, "%u", cp->b); /* differs */
	trace_mark(const_bool_param, "%u", cb); /* differs */
	trace_mark(volatile_bool, "%u", vb); /* differs */
	trace_mark(const_bitfield, "%u", cp->u3); /* differs */
	trace_mark(const_enum_bitfield, "%u", cp->e); /* differs */
}
`,
  },
];

