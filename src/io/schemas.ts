/**
 * The project's JSON Schemas, validated through ajv. `make build` compiles
 * each schema ahead of time into a standalone validator
 * (`dist/schemas/NAME.validate.cjs`, scripts/compile-schemas.ts): compiling
 * the configuration's schema at run time was a quarter of a build step's
 * CPU (docs/build.md). Without a build, or with a schema newer than its
 * validator, the schema is compiled here, with the same options.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { packagePath } from './package-root.js';

export const SCHEMA_NAMES = ['config', 'catalog', 'profile'] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

const require = createRequire(import.meta.url);
const validators = new Map<SchemaName, ValidateFunction>();
let ajv: Ajv2020 | undefined;

export const schemaPath = (name: SchemaName): string => packagePath(`schemas/${name}.schema.json`);
export const precompiledValidatorPath = (name: SchemaName): string => packagePath(`dist/schemas/${name}.validate.cjs`);

/** An ajv for the project's schemas; `code.source` keeps what standalone output needs. */
export function newAjv(extra: Options = {}): Ajv2020 {
  // ajv costs tens of milliseconds to load: only what compiles a schema pays for it.
  const { Ajv2020: AjvClass } = require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 };
  return new AjvClass({ allErrors: true, strict: true, ...extra });
}

export const readSchema = (name: SchemaName): object => JSON.parse(readFileSync(schemaPath(name), 'utf8')) as object;

function precompiled(name: SchemaName): ValidateFunction | undefined {
  const file = precompiledValidatorPath(name);
  if (!existsSync(file) || statSync(file).mtimeMs < statSync(schemaPath(name)).mtimeMs) return undefined;
  return require(file) as ValidateFunction;
}

function validator(name: SchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    validate = precompiled(name) ?? (ajv ??= newAjv()).compile(readSchema(name));
    validators.set(name, validate);
  }
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
