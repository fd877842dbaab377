import type { HandlerBackend } from './handler.js';

/** Every probe registered on the marker, in priority order, called as `probe(m, pdata, format, args…)`. */
export const probeHandler: HandlerBackend = {
  id: 'probe',
  describe: 'call the probes registered with marker_probe_register, in priority order',
  config: 'CONFIG_MARKER_PROBE',
  emit({ params }) {
    return [`__KMARK_CALL_PROBES(m${params.map((p) => `, ${p.name}`).join('')});`];
  },
};
