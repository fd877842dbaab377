import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analyze.js';
import { loadConfig } from '../../src/io/config.js';
import { DEFAULT_FUNCTION_MACROS } from '../../src/scan/function-name.js';
import { fixture } from '../helpers/cli.js';

const root = fixture('tricky');
const config = loadConfig(undefined, root).config;
const analysis = analyze([root], {
  root,
  functionMacros: new Map([...DEFAULT_FUNCTION_MACROS, ...Object.entries(config.functionMacros ?? {})]),
});
const byId = new Map(analysis.catalog.markers.map((m) => [m.id, m]));

describe('the tricky fixture tree', () => {
  it('finds exactly the expected markers, with their identities, in catalog order', () => {
    expect(analysis.catalog.markers.map((m) => `${m.file}:${m.line}:${m.column} ${m.id} ${m.name}`)).toEqual([
      'fs/read_write.c:5:2 fs/read_write.c:sys_read:1 fs_read',
      'fs/read_write.c:11:2 fs/read_write.c:sys_lseek:1 fs_lseek',
      'fs/read_write.c:17:2 fs/read_write.c:vfs_write_iter:1 fs_write_iter',
      'fs/read_write.c:22:2 fs/read_write.c:fs_fsync:1 fs_fsync',
      'include/linux/sched.h:16:2 include/linux/sched.h:task_set_state:1 sched_set_state',
      'kernel/sched.c:6:2 kernel/sched.c:sched_init:1 sched_init_done',
      'kernel/sched.c:13:2 kernel/sched.c:schedule:1 sched_switch_smp',
      'kernel/sched.c:17:2 kernel/sched.c:schedule:2 sched_switch_up',
      'kernel/sched.c:20:2 kernel/sched.c:schedule:3 sched_switch',
      'kernel/sched.c:22:2 kernel/sched.c:schedule:4 sched_comm',
      'kernel/sched.c:28:2 kernel/sched.c:wake_up_process:1 sched_wakeup',
      'lib/declarators.c:8:2 lib/declarators.c:buf_name:1 lib_buf_name',
      'lib/declarators.c:14:2 lib/declarators.c:buf_table:1 lib_buf_table',
      'lib/declarators.c:20:2 lib/declarators.c:pick_handler:1 lib_pick_handler',
      'lib/declarators.c:27:2 lib/declarators.c:buf_const:1 lib_buf_const',
      'lib/declarators.c:28:2 lib/declarators.c:buf_const:2 lib_buf_const',
      'lib/decoys.c:18:2 lib/decoys.c:decoys:1 lib_real',
      'lib/errors.c:14:3 lib/errors.c:walk:1 lib_walk_entry',
      'lib/errors.c:18:2 lib/errors.c:walk:2 lib_walk_done',
      'lib/errors.c:30:3 lib/errors.c:branches:1 lib_branch_taken',
      'lib/errors.c:41:3 lib/errors.c:per_cpu_init:1 lib_cpu_init',
    ]);
  });

  it('hashes identities as docs/scanning.md says', () => {
    const m = byId.get('kernel/sched.c:schedule:1')!;
    // md5 -s 'kernel/sched.c:schedule:1', computed independently with md5sum.
    expect(m.md5).toBe('766cce87c669d18ff724b44ae000653b');
    expect(m.eventId).toBe('0x766cce87c669d18f');
  });

  it('concatenates adjacent literals and understands MARK_NOARGS', () => {
    expect(byId.get('kernel/sched.c:wake_up_process:1')!.format).toBe('pid %d state %ld');
    expect(byId.get('kernel/sched.c:sched_init:1')!).toMatchObject({ format: '', fields: [] });
  });

  it('names trace_mark fields by the word before each conversion', () => {
    expect(byId.get('kernel/sched.c:schedule:1')!.fields.map((f) => f.name)).toEqual(['prev_pid', 'next_pid', 'cpu']);
  });

  it('splits evmarkers into handlers and typed fields despite ERROR nodes around C types', () => {
    expect(byId.get('kernel/sched.c:schedule:3')!).toMatchObject({
      form: 'evmarker',
      handlers: ['trace', 'probe'],
      format: 'prev_pid %d prev_state %ld',
      fields: [
        { name: 'prev_pid', ctype: 'pid_t', conversion: '%d', size: 4, signed: true },
        { name: 'prev_state', ctype: 'long', conversion: '%ld', size: 8, signed: true },
      ],
    });
    expect(byId.get('kernel/sched.c:schedule:4')!.fields).toEqual([
      { name: 'next_comm', ctype: 'const char *', conversion: '%s', size: 8 },
      { name: 'next', ctype: 'struct task_struct *', conversion: '%p', size: 8 },
    ]);
    expect(byId.get('lib/errors.c:walk:2')!.fields).toEqual([{ name: 'flags', ctype: 'unsigned long', conversion: '%lu', size: 8, signed: false }]);
  });

  it('reports the marker outside a function and the one in a macro body, and nothing else', () => {
    expect(analysis.diagnostics.map((d) => `${d.span.file}:${d.span.line}:${d.span.column} ${d.severity} ${d.rule}`).sort()).toEqual(['lib/decoys.c:4:23 error marker-in-macro', 'lib/errors.c:6:1 error marker-outside-function']);
  });
});

describe('function-defining macros', () => {
  it('are named by the macro itself when not configured', () => {
    const plain = analyze([`${root}/fs/read_write.c`], { root });
    expect(plain.catalog.markers.map((m) => m.function)).toEqual(['sys_read', 'sys_lseek', 'vfs_write_iter', 'DEFINE_FS_OP']);
  });
});
