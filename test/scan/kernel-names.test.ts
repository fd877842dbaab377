import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseC } from '../../src/c/parser.js';
import { scan } from '../../src/scan/index.js';
import { fixture } from '../helpers/cli.js';

// The reproductions of issue 10, each a pattern of real kernels (docs/scanning.md).
const root = fixture('kernel-names');
const ids = (paths: readonly string[], at = root): string[] => scan(paths, { root: at }).sites.map((s) => `${s.name} ${s.span.file}:${s.function}`);

describe('naming the functions of real kernel trees', () => {
  const result = scan([root], { root });

  it('names every reproduction as its definition says, and misses none', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(ids([root]).filter((id) => !id.startsWith('branch_m'))).toEqual([
      'arch_ioportmap arch/io.h:generic_ioportmap',
      'arch_show_alarm arch/io.h:show_alarm',
      'arch_idle_regs arch/process.c:idle_regs',
      'arch_restore_sigmask arch/thread_info.h:set_restore_sigmask',
      'crypto_fips_exit crypto/fips.c:proc_fips_exit',
      'card_irq drivers/card.c:card_isr',
      'fs_fallocate fs/open.c:sys_fallocate',
      'branch_first kernel/branches.c:first',
      'knr_first kernel/knr.c:f',
      'knr_second kernel/knr.c:g',
      'kernel_recalc kernel/loop.c:recalc_state',
      'kernel_alloc_buffer kernel/loop.c:alloc_buffer',
      'kernel_foo_exit kernel/stubbed.c:foo_exit',
      'kernel_foo_init kernel/stubbed.c:foo_init',
    ]);
  });

  it('keeps every function after braces that balance only per #if branch', () => {
    const branches = ids([root]).filter((id) => id.startsWith('branch_m'));
    expect(branches).toEqual(Array.from({ length: 40 }, (_, i) => `branch_m${i} kernel/branches.c:branch_fn_${i}`));
  });

  it('names a marker the same whatever the markers around it', () => {
    const alone = ids([join(root, 'kernel/loop.c')]);
    expect(alone).toEqual(['kernel_recalc kernel/loop.c:recalc_state', 'kernel_alloc_buffer kernel/loop.c:alloc_buffer']);
  });

  it('applies a configured template to the old SYSCALL_DEFINE(name)(…) form', () => {
    const sites = scan([join(root, 'fs/open.c')], { root, functionMacros: new Map([['SYSCALL_DEFINE', 'old_sys_{1}']]) }).sites;
    expect(sites.map((s) => s.function)).toEqual(['old_sys_fallocate']);
  });
});

describe('pathological nesting', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmark-deep-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const nested = (depth: number, inner: string, extra: string): string => `void deep(int x)\n{${'{'.repeat(depth)}\n${inner}\n${'}'.repeat(depth)}}\n${extra}`;

  /**
   * Each `parent` costs the node's depth in the binding (it searches down from
   * the root), so a name found by climbing is quadratic in the nesting: 8,000
   * braces took 8.8 s, 100,000 did not finish. The walk must not climb; a
   * climb is stopped at the hundredth step, as it may never end (a MISSING
   * node's parent can lead back down: src/scan/syntax.ts).
   */
  const PARENT_STEPS = 100;
  function withParentStepsCounted(run: () => void): void {
    // The binding's node classes derive, per node type, from the one that defines `parent`.
    let proto = Object.getPrototypeOf(parseC('int x;').rootNode) as object;
    while (!Object.getOwnPropertyDescriptor(proto, 'parent')) proto = Object.getPrototypeOf(proto) as object;
    const parentOf = Object.getOwnPropertyDescriptor(proto, 'parent')!.get!;
    let steps = 0;
    const parent = vi.spyOn(proto as { parent: unknown }, 'parent', 'get').mockImplementation(function (this: unknown) {
      if (++steps >= PARENT_STEPS) throw new Error(`climbed the tree: ${steps} parent steps`);
      return parentOf.call(this) as unknown;
    });
    try {
      run();
    } finally {
      parent.mockRestore();
    }
  }

  it.each([
    ['a marker statement', 'trace_mark(deep_m, "x %d", x);', ''],
    // Not a statement of its own: the definition is parsed whole.
    ['a marker inside an expression', 'if (x) trace_mark(deep_m, "x %d", x), y();', ''],
    // A stray `}` after it: the file's cut cannot be trusted, the file is parsed whole and the name found by walking the tree.
    ['a marker in a file whose braces do not balance', 'if (x) trace_mark(deep_m, "x %d", x), y();', '}\n'],
  ])(
    'names %s inside 100,000 nested braces without climbing the tree',
    (_, inner, extra) => {
      // Counted at a depth a climb still gets through quickly, so that a climbing walk fails here rather than hang below.
      writeFileSync(join(dir, 'deep.c'), nested(2_000, inner, extra));
      withParentStepsCounted(() => expect(ids([dir], dir)).toEqual(['deep_m deep.c:deep']));
      writeFileSync(join(dir, 'deep.c'), nested(100_000, inner, extra));
      expect(ids([dir], dir)).toEqual(['deep_m deep.c:deep']);
    },
    30_000,
  );
});
