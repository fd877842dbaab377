/** Make dependency files, as `gcc -MD -MP` writes them. */

const escape = (path: string): string => path.replace(/([ #])/g, '\\$1').replace(/\$/g, '$$$$');

/**
 * `targets: prerequisites`, then an empty rule per prerequisite but the
 * first (gcc's -MP), so that a deleted header does not break the build.
 */
export function depfile(targets: readonly string[], prerequisites: readonly string[]): string {
  const lines = [`${targets.map(escape).join(' ')}: \\`, ...prerequisites.map((p, k) => ` ${escape(p)}${k < prerequisites.length - 1 ? ' \\' : ''}`), ''];
  for (const p of prerequisites.slice(1)) lines.push(`${escape(p)}:`, '');
  return lines.join('\n');
}
