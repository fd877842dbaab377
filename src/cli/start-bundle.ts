/** Hands the run to another of kmark's bundles under dist/cli/. */
import { createRequire } from 'node:module';

/** Runs `file` as if Node had been started on it: each bundle keys its own caches by its own path. */
export function startBundle(file: string): void {
  process.argv[1] = file;
  createRequire(file)(file);
}
