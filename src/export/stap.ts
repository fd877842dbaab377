/**
 * A SystemTap tapset: one probe alias per marker, `kmark.NAME`, on the SDT
 * probe of its sites, with a variable per field and an `argstr` built from
 * its format (docs/tracers.md).
 */
import { plainConversion, probesOf, provenance, type Exporter, type ProbeArgument } from './exporter.js';

/** SystemTap's reserved words, and the alias's own variables: a field of one of these names gets a trailing _. */
const RESERVED = new Set(['probe', 'global', 'function', 'if', 'else', 'for', 'foreach', 'in', 'limit', 'return', 'delete', 'while', 'break', 'continue', 'next', 'string', 'long', 'private', 'try', 'catch', 'with', 'name', 'argstr']);

export const variableName = (field: string): string => (RESERVED.has(field) ? `${field}_` : field);

const value = (a: ProbeArgument): string => (a.slot.storage === 'string' ? `user_string($arg${a.index + 1})` : `$arg${a.index + 1}`);

export const exportStap: Exporter = (input) => {
  const { probes, skipped } = probesOf(input);
  const lines = provenance(input, 'stap').map((l) => `// ${l}`);
  for (const why of skipped) lines.push(`// left out: ${why}`);
  for (const { marker, arguments: args } of probes) {
    const named = args.filter((a) => a.name !== null);
    lines.push('', `/** probe kmark.${marker.name} - ${marker.id}${marker.format !== null ? `: "${marker.format.replace(/\*\//g, '* /')}"` : ''} */`);
    lines.push(`probe kmark.${marker.name} = process(${JSON.stringify(input.binary)}).mark(${JSON.stringify(marker.name)})`, '{');
    lines.push(`\tname = ${JSON.stringify(marker.name)}`);
    for (const a of named) lines.push(`\t${variableName(a.name!)} = ${value(a)}`);
    const format = named.map((a) => `${a.name}=${plainConversion(a.slot)}`).join(' ');
    lines.push(named.length > 0 ? `\targstr = sprintf(${JSON.stringify(format)}, ${named.map((a) => variableName(a.name!)).join(', ')})` : '\targstr = ""', '}');
  }
  return `${lines.join('\n')}\n`;
};
