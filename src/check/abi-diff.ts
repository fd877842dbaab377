/**
 * The ABI gate for tracers (docs/abi-diff.md): two catalogs compared marker by
 * marker, each change a finding. What a tracer built against the old catalog
 * relies on — the marker, its id, name, format, fields and handlers — breaks
 * (an error); a new marker is compatible (a note). Markers are matched by
 * identity, then a lost one by its name, which is an id change.
 */
import type { Catalog } from '../model/catalog.js';
import type { Diagnostic, Severity } from '../model/diagnostic.js';
import type { Field, Marker } from '../model/marker.js';
import { KMARK_HOME } from '../model/project.js';
import type { RuleInfo } from './index.js';

const ABI_DOC_URI = `${KMARK_HOME}/blob/main/docs/abi-diff.md`;

const CHANGES = {
  'abi-removed': { severity: 'error', description: 'A marker of the old catalog is gone: tracers that name it break.' },
  'abi-id-changed': { severity: 'error', description: 'A marker has a new identity and event id (moved to another file or function, or renumbered).' },
  'abi-format-changed': { severity: 'error', description: "A marker's format changed." },
  'abi-fields-changed': { severity: 'error', description: "A marker's fields changed: their number, names or C types." },
  'abi-handlers-changed': { severity: 'error', description: "A marker's handlers changed." },
  'abi-name-changed': { severity: 'error', description: 'A marker kept its identity under another name.' },
  'abi-added': { severity: 'note', description: 'A new marker: compatible.' },
} as const satisfies Record<string, { severity: Severity; description: string }>;

type Change = keyof typeof CHANGES;

export const ABI_RULES: readonly RuleInfo[] = Object.entries(CHANGES).map(([id, c]) => ({ id, description: c.description, severity: c.severity, helpUri: `${ABI_DOC_URI}#${id}` }));

const finding = (rule: Change, marker: Marker, message: string): Diagnostic => ({
  rule,
  severity: CHANGES[rule].severity,
  span: { file: marker.file, line: marker.line, column: marker.column, endLine: marker.line, endColumn: marker.column },
  message,
  markerId: marker.id,
});

const fieldText = (f: Field): string => `${f.ctype ?? f.conversion ?? '?'} ${f.name}`;

export function diffCatalogs(before: Catalog, after: Catalog): Diagnostic[] {
  const afterById = new Map(after.markers.map((m) => [m.id, m]));
  const beforeIds = new Set(before.markers.map((m) => m.id));
  const newcomers = after.markers.filter((m) => !beforeIds.has(m.id));
  const claimed = new Set<string>();
  const findings: Diagnostic[] = [];
  for (const old of before.markers) {
    let now = afterById.get(old.id);
    if (now === undefined) {
      now = newcomers.find((m) => m.name === old.name && !claimed.has(m.id));
      if (now === undefined) {
        findings.push(finding('abi-removed', old, `marker '${old.name}' (${old.id}, event id ${old.eventId}) was removed`));
        continue;
      }
      claimed.add(now.id);
      findings.push(finding('abi-id-changed', now, `marker '${old.name}' changed identity: ${old.id} (${old.eventId}) is now ${now.id} (${now.eventId})`));
    }
    findings.push(...compareMarker(old, now));
  }
  for (const m of newcomers) if (!claimed.has(m.id)) findings.push(finding('abi-added', m, `marker '${m.name}' (${m.id}, event id ${m.eventId}) was added`));
  return findings;
}

function compareMarker(old: Marker, now: Marker): Diagnostic[] {
  const findings: Diagnostic[] = [];
  if (old.name !== now.name) findings.push(finding('abi-name-changed', now, `marker ${now.id} was '${old.name}' and is now '${now.name}'`));
  if (old.format !== now.format) findings.push(finding('abi-format-changed', now, `marker '${now.name}': format "${old.format ?? ''}" is now "${now.format ?? ''}"`));
  const oldFields = old.fields.map(fieldText).join(', ');
  const newFields = now.fields.map(fieldText).join(', ');
  if (oldFields !== newFields) findings.push(finding('abi-fields-changed', now, `marker '${now.name}': fields (${oldFields}) are now (${newFields})`));
  if (old.handlers.join('|') !== now.handlers.join('|')) {
    findings.push(finding('abi-handlers-changed', now, `marker '${now.name}': handlers ${old.handlers.join('|') || 'none'} are now ${now.handlers.join('|') || 'none'}`));
  }
  return findings;
}
