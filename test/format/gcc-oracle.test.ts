/**
 * kmark's format verdicts against gcc's, line by line: a generated C file with
 * thousands of printf calls (every conversion × length × argument type, every
 * flag combination, `*` widths and precisions), compiled once per mode with
 * `gcc -fsyntax-only -Wformat [-Wformat-signedness] [-m32]`. A line is "warned"
 * when gcc says anything about it; kmark warns when the format has a problem,
 * the argument count is off, or an argument fails checkConversionArgument.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consumedArguments, type CompatOptions } from '../../src/format/compat.js';
import { parseFormat } from '../../src/format/parse.js';
import { gccSupports, prelude, systemHeaders, warningsPerStatement, type GccMode } from './gcc-harness.js';
import { callText, calls, kmarkWarnings, type Call } from './matrix.js';
import { declarationsSource } from './subjects.js';

/**
 * Where kmark cannot give gcc's verdict from the types it has, and why; each
 * must be the whole reason for a disagreement.
 */
function knownDifference(call: Call, gccWarns: boolean): string | null {
  const consumed = consumedArguments(parseFormat(call.format).conversions);
  // A string literal is a `char[N]` to both; gcc also knows it is constant. kmark rejects every %n anyway.
  if (consumed.some(({ conversion, role }, k) => conversion.specifier === 'n' && role === 'value' && call.args[k]?.expr.startsWith('"'))) return '%n into a string literal';
  const inexact = call.args.find((a) => a.inexact);
  return gccWarns && inexact?.inexact ? inexact.inexact : null;
}

interface Disagreement {
  readonly line: string;
  readonly gcc: readonly string[];
  readonly kmark: readonly string[];
}

interface Comparison {
  readonly total: number;
  readonly warned: number;
  readonly known: number;
  readonly disagreements: readonly Disagreement[];
}

async function compare(mode: GccMode): Promise<Comparison> {
  const list = calls(mode.abi, { flags: !mode.signedness });
  const prefix = prelude(systemHeaders(mode.abi)) + declarationsSource(mode.abi);
  const statements = list.map((c) => `${callText(c)};`);
  // KMARK_ORACLE_DUMP=dir keeps the generated C, to replay a disagreement by hand.
  const dump = process.env['KMARK_ORACLE_DUMP'];
  if (dump) writeFileSync(join(dump, `oracle-${mode.abi}${mode.signedness ? '-signedness' : ''}.c`), `${prefix}void oracle(void) {\n  ${statements.join('\n  ')}\n}\n`);
  const gcc = await warningsPerStatement(prefix, statements, mode);
  const options: CompatOptions = { abi: mode.abi, signedness: mode.signedness };
  const disagreements: Disagreement[] = [];
  let warned = 0;
  let known = 0;
  list.forEach((call, k) => {
    const fromGcc = gcc[k] ?? [];
    const fromKmark = kmarkWarnings(call, options);
    if (fromGcc.length > 0) warned++;
    if (fromGcc.length > 0 === fromKmark.length > 0) return;
    if (knownDifference(call, fromGcc.length > 0)) known++;
    else disagreements.push({ line: callText(call), gcc: fromGcc, kmark: fromKmark });
  });
  return { total: list.length, warned, known, disagreements };
}

const MODES: readonly GccMode[] = [
  { abi: 'lp64', signedness: false },
  { abi: 'lp64', signedness: true },
  { abi: 'ilp32', signedness: false },
  { abi: 'ilp32', signedness: true },
];

const hasGcc = gccSupports('lp64');

describe.skipIf(!hasGcc)('kmark agrees with gcc -Wformat on every generated printf call', () => {
  for (const mode of MODES) {
    const name = `${mode.abi}${mode.signedness ? ' -Wformat-signedness' : ''}`;
    it.skipIf(!gccSupports(mode.abi))(name, async () => {
      const { total, warned, known, disagreements } = await compare(mode);
      const agree = total - known - disagreements.length;
      console.log(`gcc oracle ${name}: ${agree}/${total} calls agree (${warned} warned by gcc), ${known} known differences, ${disagreements.length} unexplained`);
      expect(disagreements.slice(0, 40)).toEqual([]);
    });
  }
});
