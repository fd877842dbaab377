/** The rules' registry: one file per rule, and docs/rules.md: one section per rule, its description as in the code, and examples that do what they say. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES, ruleInfos } from '../../src/check/index.js';
import { RULES_DOC_URI } from '../../src/model/project.js';
import { REPO } from '../helpers/cli.js';
import { lintFiles, writeTree } from '../helpers/lint.js';
import { analyze } from '../../src/analyze.js';
import { createTypeModel } from '../../src/ctypes/index.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';

const DOC = readFileSync(`${REPO}docs/rules.md`, 'utf8');
const sections = new Map(
  DOC.split(/^## /m)
    .slice(1)
    .map((text) => [text.slice(0, text.indexOf('\n')), text] as const),
);

interface Example {
  readonly info: string;
  readonly code: string;
}

/** The first code block after `label`; a `c bytes` block's `\xNN` escapes are the bytes they name. */
function example(section: string, label: 'Fails' | 'Passes'): Example {
  const match = new RegExp(`^${label}[^\\n]*:\\n\\n\`\`\`(c[^\\n]*)\\n([^]*?)\`\`\`$`, 'm').exec(section);
  expect(match, `${label}: example`).not.toBeNull();
  const [, info, code] = match!;
  return { info: info!, code: info === 'c bytes' ? code!.replace(/\\x([0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : code! };
}

describe('docs/rules.md', () => {
  it('the registry holds every file of src/check/rules/, by its id', () => {
    const files = readdirSync(`${REPO}src/check/rules`)
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(RULES.map((r) => r.id).sort()).toEqual(files);
  });

  it('has a section for every rule and no other', () => {
    expect([...sections.keys()].sort()).toEqual(ruleInfos().map((r) => r.id));
  });

  it.each(ruleInfos())('$id: its description, severity, and the helpUri that points at it', (rule) => {
    const section = sections.get(rule.id)!;
    expect(section.split('\n')[2]).toBe(rule.description);
    expect(section).toContain(`Default severity: ${rule.severity}.`);
    expect(rule.helpUri).toBe(`${RULES_DOC_URI}#${rule.id}`);
  });

  it.each(ruleInfos())('$id: the failing example raises it, the passing one does not', (rule) => {
    const section = sections.get(rule.id)!;
    const fails = example(section, 'Fails');
    const passes = example(section, 'Passes');
    if (fails.info !== 'c illustrative') expect(lint(fails)).toContain(rule.id);
    else console.log(`${rule.id}: failing example is illustrative (docs/rules.md says why)`);
    expect(lint(passes)).not.toContain(rule.id);
  });
});

function lint({ info, code }: Example): string[] {
  // A `c bytes` example is written byte for byte; the others as the UTF-8 text they are.
  const diagnostics = info === 'c bytes' ? lintBytes(code) : lintFiles({ 'a.c': code });
  return diagnostics.map((d) => d.rule);
}

function lintBytes(code: string): Diagnostic[] {
  const root = writeTree({});
  writeFileSync(join(root, 'a.c'), Buffer.from(code, 'latin1'));
  return analyze([root], { root, typeModel: createTypeModel }).diagnostics;
}
