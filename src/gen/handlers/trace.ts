import type { SiteParam } from '../site.js';
import type { HandlerBackend } from './handler.js';

/**
 * A binary record into the per-CPU ring buffer: the runtime writes the
 * header (size, event id, timestamp); the payload packs every argument by
 * its type, in order: integers in their own size, pointers in 8 bytes,
 * doubles in 8, strings as a u16 length and their bytes (docs/runtime.md).
 */
export const traceHandler: HandlerBackend = {
  id: 'trace',
  describe: 'a binary record (event id, timestamp, packed fields) into a per-CPU ring buffer',
  config: 'CONFIG_MARKER_TRACE',
  emit({ params }) {
    const strings = params.filter((p) => p.storage === 'string');
    const lines = ['{'];
    for (const s of strings) lines.push(`\tconst char *${s.name}_s = ${s.name} ? ${s.name} : "(null)";`, `\tunsigned short ${s.name}_n = __kmark_strlen16(${s.name}_s);`);
    const size = params.length > 0 ? params.map(sizeOf).join(' + ') : '0';
    lines.push(`\tunsigned char *__r = __marker_trace_reserve(m, ${size});`, '\tif (__r) {');
    for (const p of params) lines.push(...packed(p).map((l) => `\t\t${l}`));
    lines.push('\t\t__marker_trace_commit(m);', '\t}', '}');
    return lines;
  },
};

function sizeOf(p: SiteParam): string {
  if (p.storage === 'string') return `2 + ${p.name}_n`;
  return p.storage === 'pointer' || p.storage === 'double' ? '8' : `sizeof(${p.name})`;
}

function packed(p: SiteParam): string[] {
  switch (p.storage) {
    case 'string':
      return [`__builtin_memcpy(__r, &${p.name}_n, 2); __r += 2;`, `__builtin_memcpy(__r, ${p.name}_s, ${p.name}_n); __r += ${p.name}_n;`];
    case 'pointer':
      return [`{ unsigned long long __v = (unsigned long long)(unsigned long)${p.name}; __builtin_memcpy(__r, &__v, 8); __r += 8; }`];
    case 'double':
      return [`{ double __v = (double)${p.name}; __builtin_memcpy(__r, &__v, 8); __r += 8; }`];
    default:
      return [`__builtin_memcpy(__r, &${p.name}, sizeof(${p.name})); __r += sizeof(${p.name});`];
  }
}
