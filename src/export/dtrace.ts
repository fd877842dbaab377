/**
 * A DTrace provider definition (`dtrace -h -s FILE` turns it into a header
 * of KMARK_NAME(...) probe macros): one probe per marker, its arguments
 * typed as the catalog knows them (docs/tracers.md).
 */
import { probesOf, provenance, type Exporter, type ProbeArgument } from './exporter.js';

/** The argument's C type for the provider: the catalog's when it is a plain C type, else one of its storage. */
function argumentType(a: ProbeArgument): string {
  if (a.ctype !== null && /^(const )?(unsigned |signed )?(char|short|int|long|long long|float|double|void)( \*)?$/.test(a.ctype)) return a.ctype;
  switch (a.slot.storage) {
    case 'string':
      return 'const char *';
    case 'pointer':
      return 'const void *';
    case 'double':
      return 'double';
    default:
      return `${a.slot.storage === 'unsigned' ? 'unsigned ' : ''}${({ 1: 'char', 2: 'short', 4: 'int' } as Record<number, string>)[a.slot.size] ?? 'long long'}`;
  }
}

export const exportDtrace: Exporter = (input) => {
  const { probes, skipped } = probesOf(input);
  const lines = ['/*', ...provenance(input, 'dtrace').map((l) => ` * ${l}`), ' */', ''];
  for (const why of skipped) lines.push(`/* left out: ${why} */`);
  lines.push('provider kmark {');
  for (const { marker, arguments: args } of probes) lines.push(`\tprobe ${marker.name}(${args.map(argumentType).join(', ')});`);
  lines.push('};');
  return `${lines.join('\n')}\n`;
};
