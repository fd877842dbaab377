/**
 * Files that are never built together (docs/rules.md, format-conflict, "Alternative builds"):
 * kmark.config.json's `alternatives`, path patterns whose `*` segments name a
 * choice, such as `arch/*`. Two files are built together unless one pattern
 * matches both with different choices: arch/x86/kernel/traps.c and
 * arch/arm/kernel/traps.c are alternatives, and each is built with
 * kernel/sched.c, which no pattern matches.
 */

/** The default: a kernel tree builds one architecture. */
export const DEFAULT_ALTERNATIVES: readonly string[] = ['arch/*'];

export interface Alternatives {
  /** Whether markers of these two files (paths from the root) can be in one image. */
  builtTogether(a: string, b: string): boolean;
  /** A key equal for files that are the same choice under every pattern; '' for a file no pattern matches. */
  choiceOf(file: string): string;
}

/** Every file built with every other: one image, as at `kmark link`. */
export const ONE_IMAGE: Alternatives = { builtTogether: () => true, choiceOf: () => '' };

export function alternativesOf(patterns: readonly string[]): Alternatives {
  if (patterns.length === 0) return ONE_IMAGE;
  const segmented = patterns.map((p) => p.split('/').filter((s) => s !== '' && s !== '.'));
  const cache = new Map<string, readonly (string | undefined)[]>();
  const choices = (file: string): readonly (string | undefined)[] => {
    let known = cache.get(file);
    if (known === undefined) {
      const parts = file.split('/');
      known = segmented.map((pattern) => choiceUnder(pattern, parts));
      cache.set(file, known);
    }
    return known;
  };
  return {
    builtTogether(a, b) {
      const ca = choices(a);
      const cb = choices(b);
      return ca.every((choice, k) => choice === undefined || cb[k] === undefined || choice === cb[k]);
    },
    choiceOf: (file) =>
      choices(file)
        .map((c) => c ?? '')
        .join('\0'),
  };
}

/** The segments `*` matched, `/`-joined, when the file lies under the pattern or is named by it; else undefined. */
function choiceUnder(pattern: readonly string[], parts: readonly string[]): string | undefined {
  if (parts.length < pattern.length) return undefined;
  const chosen: string[] = [];
  for (let k = 0; k < pattern.length; k++) {
    if (pattern[k] === '*') chosen.push(parts[k]!);
    else if (pattern[k] !== parts[k]) return undefined;
  }
  return chosen.join('/');
}
