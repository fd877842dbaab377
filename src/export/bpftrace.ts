/**
 * A bpftrace script: one action per marker on its USDT probe, printing the
 * marker's name and its fields by name (docs/tracers.md).
 */
import { plainConversion, probesOf, provenance, type Exporter, type ProbeArgument } from './exporter.js';

const value = (a: ProbeArgument): string => (a.slot.storage === 'string' ? `str(arg${a.index})` : `arg${a.index}`);

export const exportBpftrace: Exporter = (input) => {
  const { probes, skipped } = probesOf(input);
  const lines = ['#!/usr/bin/env bpftrace', ...provenance(input, 'bpftrace').map((l) => `// ${l}`)];
  for (const why of skipped) lines.push(`// left out: ${why}`);
  for (const { marker, arguments: args } of probes) {
    const named = args.filter((a) => a.name !== null);
    const format = [marker.name, ...named.map((a) => `${a.name}=${plainConversion(a.slot)}`)].join(' ');
    lines.push('', `usdt:${input.binary}:kmark:${marker.name}`, '{', `\tprintf(${JSON.stringify(`${format}\n`)}${named.map((a) => `, ${value(a)}`).join('')});`, '}');
  }
  return `${lines.join('\n')}\n`;
};
