/**
 * `make build`'s step that compiles every schema of schemas/ into a
 * standalone ajv validator, a CommonJS module that needs only ajv's small
 * runtime helpers (src/io/schemas.ts loads them; docs/build.md says why).
 *
 *   node compile-schemas.cjs OUT_DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { newAjv, readSchema, SCHEMA_NAMES } from '../src/io/schemas.js';

const outDir = process.argv[2];
if (!outDir) throw new Error('usage: compile-schemas OUT_DIR');
mkdirSync(outDir, { recursive: true });
for (const name of SCHEMA_NAMES) {
  const ajv = newAjv({ code: { source: true } });
  const validate = ajv.compile(readSchema(name));
  writeFileSync(join(outDir, `${name}.validate.cjs`), standaloneCode(ajv, validate));
}
