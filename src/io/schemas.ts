/** The project's JSON Schemas, validated through one ajv instance, each compiled once. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { packagePath } from './package-root.js';

export type SchemaName = 'config' | 'catalog' | 'profile';

const require = createRequire(import.meta.url);
let ajv: Ajv2020 | undefined;
const validators = new Map<SchemaName, ValidateFunction>();

function validator(name: SchemaName): ValidateFunction {
  const known = validators.get(name);
  if (known) return known;
  // ajv costs tens of milliseconds to load: only commands that validate pay for it.
  const { Ajv2020: AjvClass } = require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 };
  ajv ??= new AjvClass({ allErrors: true, strict: true });
  const schema: unknown = JSON.parse(readFileSync(packagePath(`schemas/${name}.schema.json`), 'utf8'));
  const validate = ajv.compile(schema as object);
  validators.set(name, validate);
  return validate;
}

/** One line per problem, `where: what`, empty when the value is valid. */
export function validateAgainst(name: SchemaName, value: unknown): string[] {
  const validate = validator(name);
  return validate(value) ? [] : (validate.errors ?? []).map(describeError);
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(top level)' : error.instancePath;
  if (error.keyword === 'additionalProperties') {
    return `${where}: unknown key '${(error.params as { additionalProperty: string }).additionalProperty}'`;
  }
  return `${where}: ${error.message ?? 'invalid'}`;
}
