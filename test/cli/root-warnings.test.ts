/** Said once rather than silently wrong: a root taken from the current directory, types unresolved for want of headers. */
import { describe, expect, it } from 'vitest';
import { kmark, REPO } from '../helpers/cli.js';
import { writeTree } from '../helpers/lint.js';

const SAMPLE = `${REPO}sample-kernel`;
const ROOT_WARNING = /^kmark: warning: no kmark\.config\.json here or above and no --root/m;

describe('the root', () => {
  it("is fixed by the sample kernel's kmark.config.json from inside it, silently", () => {
    const inside = kmark(['catalog', '.'], { cwd: SAMPLE });
    expect(inside.stderr).toBe('');
    expect(inside.stdout).toBe(kmark(['catalog', '--root', SAMPLE, SAMPLE]).stdout);
  });

  it('is the current directory otherwise, with one warning naming the configuration not used', () => {
    const above = kmark(['catalog', 'sample-kernel'], { cwd: REPO });
    expect(above.stderr.match(new RegExp(ROOT_WARNING.source, 'gm'))).toHaveLength(1);
    expect(above.stderr).toContain('sample-kernel/kmark.config.json is not used: run kmark from its directory or give --root sample-kernel');
    expect(above.stdout).toContain('"id": "sample-kernel/');
  });
});

describe('kmark lint without include paths', () => {
  it('lints the sample kernel clean with its configuration: every type resolved, no warning', () => {
    const run = kmark(['lint', '--format', 'json'], { cwd: SAMPLE });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toMatchObject({ diagnostics: [], summary: { errors: 0, warnings: 0, notes: 0 } });
  });

  it('warns once when headers are missing and no include path is set', () => {
    const root = writeTree({ 'a.c': '#include <linux/sched.h>\nvoid f(struct task_struct *p)\n{\n\ttrace_mark(sched_run, "pid %d", p->pid);\n}\n' });
    const bare = kmark(['lint', '--root', root, root]);
    expect(bare.status).toBe(0);
    expect(bare.stderr.match(/^kmark: warning: no include path is set and 1 argument type could not be resolved for want of headers/gm)).toHaveLength(1);
    expect(kmark(['lint', '--root', root, '-I', `${root}/include`, root]).stderr).not.toContain('kmark: warning');
  });
});
