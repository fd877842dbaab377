/** A catalog file read and checked against schemas/catalog.schema.json, for the commands that use one. */
import type { Catalog } from '../model/catalog.js';
import { KmarkError } from './errors.js';
import { readJsonFile } from './read.js';
import { validateAgainst } from './schemas.js';

export function readCatalogFile(path: string): Catalog {
  const value = readJsonFile(path);
  const problems = validateAgainst('catalog', value);
  if (problems.length > 0) throw new KmarkError(`${path}: not a valid catalog: ${problems[0]}`);
  return value as Catalog;
}
