import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { linkStep } from '../../src/build.js';
import { kmark } from '../helpers/cli.js';
import { writeTree } from '../helpers/lint.js';

// docs/rules.md, "Alternative builds": one marker name per architecture, as real 2.6.24 trees have it.
const tree = {
  'arch/x86/kernel/traps.c': 'void do_trap(int trapnr)\n{\n\ttrace_mark(kernel_arch_trap_entry, "trap_id %d", trapnr);\n\ttrace_mark(kernel_irq_entry, "irq_id %u", 0u);\n}\n',
  'arch/arm/kernel/traps.c': 'void do_trap(long trapnr)\n{\n\ttrace_mark(kernel_arch_trap_entry, "trap_id %ld", trapnr);\n}\n',
  // Built with every architecture: its conflict with arch/x86 is real.
  'kernel/irq/handle.c': 'void handle_irq(unsigned long irq)\n{\n\ttrace_mark(kernel_irq_entry, "irq_id %lu", irq);\n}\n',
};

const conflicts = (stderr: string): string[] =>
  stderr
    .split('\n')
    .filter((l) => l.includes('format-conflict'))
    .map((l) => l.replace(/: error:.*/, ''));

describe('format-conflict across alternative builds', () => {
  it('lets arch/x86 and arch/arm differ by default, and reports arch/x86 against kernel/', () => {
    const root = writeTree({ ...tree, 'kmark.config.json': '{}\n' });
    const lint = kmark(['lint', '--no-cache'], { cwd: root });
    expect(conflicts(lint.stderr)).toEqual(['kernel/irq/handle.c:3:38']);
    expect(lint.stderr).toContain('marker \'kernel_irq_entry\' is used at arch/x86/kernel/traps.c:do_trap:2 with format "irq_id %u" but here with "irq_id %lu"');
    expect(lint.status).toBe(1);
  });

  it('lets a scan that only lists markers exit 0 on a tree whose names differ only per architecture', () => {
    const root = writeTree({ 'arch/x86/kernel/traps.c': tree['arch/x86/kernel/traps.c'], 'arch/arm/kernel/traps.c': tree['arch/arm/kernel/traps.c'], 'kmark.config.json': '{}\n' });
    const scan = kmark(['scan', '--no-cache'], { cwd: root });
    expect(scan.stdout.split('\n').filter(Boolean)).toHaveLength(3);
    expect(scan.stderr).toBe('');
    expect(scan.status).toBe(0);
    writeFileSync(join(root, 'kmark.config.json'), '{ "alternatives": [] }\n');
    const oneImage = kmark(['scan', '--no-cache'], { cwd: root });
    expect(conflicts(oneImage.stderr)).toEqual(['arch/x86/kernel/traps.c:3:44']);
    expect(oneImage.status).toBe(1);
  });

  it('takes configured patterns with several choices, and rejects a malformed one', () => {
    const root = writeTree({
      'sound/soc/codecs/wm8350.c': 'void f(int x) { trace_mark(codec_reg, "reg %d", x); }\n',
      'sound/soc/codecs/ak4642.c': 'void f(long x) { trace_mark(codec_reg, "reg %ld", x); }\n',
      'kmark.config.json': '{ "alternatives": ["sound/soc/codecs/*"] }\n',
    });
    expect(kmark(['scan', '--no-cache'], { cwd: root }).status).toBe(0);
    writeFileSync(join(root, 'kmark.config.json'), '{ "alternatives": ["arch/x*"] }\n');
    const bad = kmark(['scan', '--no-cache'], { cwd: root });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/kmark\.config\.json: .*alternatives/);
  });

  it('judges the one image kmark link makes whole: every architecture linked together conflicts', () => {
    const root = writeTree(tree);
    const { placed } = analyze([root], { root, alternatives: ['arch/*'] });
    const fragments = ['arch/x86/kernel/traps.c', 'arch/arm/kernel/traps.c', 'kernel/irq/handle.c'].map((tu) => ({ source: `${tu}.o`, fragment: { tu, markers: placed.filter((p) => p.marker.file === tu).map((p) => p.marker) } }));
    const linked = linkStep(fragments)
      .diagnostics.filter((d) => d.rule === 'format-conflict')
      .map((d) => d.markerId)
      .sort();
    expect(linked).toEqual(['arch/x86/kernel/traps.c:do_trap:1', 'kernel/irq/handle.c:handle_irq:1']);
  });
});
