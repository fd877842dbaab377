import { describe, expect, it } from 'vitest';
import { lintFiles, where } from '../helpers/lint.js';

// gcc 12's -Wformat-signedness drops length mismatches plain -Wformat reports; kmark's --signedness keeps them (docs/format-rules.md §6).
const source = [
  'typedef short s16;',
  'typedef unsigned short u16;',
  'void g(unsigned int weight, u16 w, int i)',
  '{',
  '\ttrace_mark(sched_weight, "weight=%lu", (s16)weight);',
  '\ttrace_mark(sched_w, "w=%lu", w);',
  '\ttrace_mark(sched_i, "i=%u", i);',
  '\ttrace_mark(sched_ok, "w=%u", w);',
  '}',
  '',
].join('\n');

describe('--signedness', () => {
  it('reports at least what the default reports, and the signedness mismatches besides', () => {
    const plain = lintFiles({ 'a.c': source })
      .filter((d) => d.rule === 'format-type')
      .map(where);
    const signed = lintFiles({ 'a.c': source }, { signedness: true })
      .filter((d) => d.rule === 'format-type')
      .map(where);
    expect(plain).toEqual(['format-type@5:35', 'format-type@6:25']);
    expect(signed).toEqual(['format-type@5:35', 'format-type@6:25', 'format-type@7:25']);
  });
});
