/**
 * The files kmark ships beside its code (schemas/, bench/). Every module,
 * in src/ and in the bundle under dist/, sits two directories below the
 * package root: the one place that depth is written.
 */
import { fileURLToPath } from 'node:url';

const PACKAGE_ROOT = new URL('../../', import.meta.url);

/** `relative` (`/`-separated) under the package root, as a file path. */
export const packagePath = (relative: string): string => fileURLToPath(new URL(relative, PACKAGE_ROOT));
