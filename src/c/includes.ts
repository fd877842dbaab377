/**
 * What a translation unit includes, as `gcc -I` resolves it: `"x.h"` from
 * the including file's directory first, then the include paths; `<x.h>`
 * from the include paths only. Every #if branch counts (no preprocessor
 * evaluation), each file is read once, and headers found nowhere (the C
 * library's) are left out.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { directiveTokens } from './c-tokens.js';

export interface Include {
  readonly name: string;
  readonly system: boolean;
}

/** The #include directives of a text, in order. */
export function includesOf(text: string): Include[] {
  if (!text.includes('include')) return [];
  const found: Include[] = [];
  for (const token of directiveTokens(text)) {
    const match = /^#\s*include\s*(?:"([^"]+)"|<([^>]+)>)/.exec(token.text);
    if (match) found.push(match[1] !== undefined ? { name: match[1], system: false } : { name: match[2]!, system: true });
  }
  return found;
}

/** Where an included `name` may be, in the order searched: each of `directories`, or, for an absolute name, the file itself (as for gcc). */
export function includeCandidates(name: string, directories: readonly string[]): string[] {
  return isAbsolute(name) ? [name] : directories.map((directory) => join(directory, name));
}

export function resolveInclude(include: Include, from: string, includePaths: readonly string[]): string | null {
  const candidates = includeCandidates(include.name, [...(include.system ? [] : [dirname(from)]), ...includePaths]);
  return candidates.find((path) => existsSync(path)) ?? null;
}

/** A file's #include directives, from its text ('' when it cannot be read: the scan reports it). */
function readIncludes(file: string): Include[] {
  try {
    return includesOf(readFileSync(file, 'latin1'));
  } catch {
    return [];
  }
}

/** The include closure of each file, reading every file of all of them once (through `includesOfFile`, which may remember them). */
export function includeClosures(files: readonly string[], includePaths: readonly string[], includesOfFile: (file: string) => Include[] = readIncludes): string[][] {
  const resolvedOfFile = new Map<string, string[]>();
  // A name resolves the same way from every file of a directory: most headers are included from hundreds of files.
  const resolved = new Map<string, string | null>();
  const resolveOnce = (include: Include, from: string): string | null => {
    const key = `${include.system ? '' : dirname(from)}\0${include.name}`;
    let path = resolved.get(key);
    if (path === undefined) {
      const found = resolveInclude(include, from, includePaths);
      resolved.set(key, (path = found === null ? null : resolve(found)));
    }
    return path;
  };
  const resolvedIncludes = (file: string): string[] => {
    let found = resolvedOfFile.get(file);
    if (found === undefined) {
      found = includesOfFile(file).flatMap((include) => {
        const path = resolveOnce(include, file);
        return path === null ? [] : [path];
      });
      resolvedOfFile.set(file, found);
    }
    return found;
  };
  return files.map((file) => {
    const order = [resolve(file)];
    const seen = new Set(order);
    for (let k = 0; k < order.length; k++) {
      for (const path of resolvedIncludes(order[k]!)) {
        if (!seen.has(path)) {
          seen.add(path);
          order.push(path);
        }
      }
    }
    return order;
  });
}
