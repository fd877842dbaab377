import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { newAjv, precompiledValidatorPath, readSchema, SCHEMA_NAMES, schemaPath, type SchemaName } from '../../src/io/schemas.js';
import { kmark } from '../helpers/cli.js';
import { writeTree } from '../helpers/lint.js';

const require = createRequire(import.meta.url);

/** A valid document of each schema, taken from what kmark itself reads and writes. */
function validDocument(name: SchemaName): Record<string, unknown> {
  if (name === 'config') return { includePaths: ['include'], defines: ['CONFIG_SMP=1'] };
  const catalog = JSON.parse(kmark(['catalog', '--root', 'sample-kernel', 'sample-kernel']).stdout) as Record<string, unknown>;
  if (name === 'catalog') return catalog;
  const [marker] = catalog.markers as { id: string; name: string; md5: string }[];
  return { version: 1, markers: [{ id: marker.id, name: marker.name, md5: marker.md5 }] };
}

/** The document, and variants each schema must refuse. */
function documents(name: SchemaName): unknown[] {
  const valid = validDocument(name);
  const [firstKey] = Object.keys(valid).filter((k) => k !== '$schema');
  return [valid, { ...valid, unknownKey: 1 }, { ...valid, [firstKey]: 42 }, [], 'text', null];
}

describe('the standalone validators made by make build', () => {
  it.each(SCHEMA_NAMES)('%s: exists, is newer than its schema, and judges as ajv compiling the schema now', (name) => {
    const file = precompiledValidatorPath(name);
    expect(existsSync(file), `${file}: run make build`).toBe(true);
    expect(statSync(file).mtimeMs).toBeGreaterThanOrEqual(statSync(schemaPath(name)).mtimeMs);
    const precompiled = require(file) as ValidateFunction;
    const compiledNow = newAjv().compile(readSchema(name));
    const verdicts = documents(name).map((doc) => {
      const a = precompiled(doc);
      const b = compiledNow(doc);
      return { a, b, aErrors: precompiled.errors ?? null, bErrors: compiledNow.errors ?? null };
    });
    expect(verdicts[0].a).toBe(true);
    expect(verdicts.slice(1).every((v) => v.a === false)).toBe(true);
    for (const v of verdicts) {
      expect(v.a).toBe(v.b);
      expect(v.aErrors).toEqual(v.bErrors);
    }
  });

  it('are what the CLI reports a bad configuration with', () => {
    const root = writeTree({ 'kmark.config.json': JSON.stringify({ includePaths: 7, bogus: 1 }), 'a.c': 'int x;\n' });
    const run = kmark(['scan', '.'], { cwd: root });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('/includePaths: must be array');
    expect(run.stderr).toContain("unknown key 'bogus'");
  });
});
