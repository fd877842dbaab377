import { cString } from '../c.js';
import type { HandlerBackend } from './handler.js';

/** `name: field=value …` through the kernel's printk, one line per event. */
export const printkHandler: HandlerBackend = {
  id: 'printk',
  describe: 'print "name: field=value ..." through printk',
  config: 'CONFIG_MARKER_PRINTK',
  emit({ marker, params }) {
    const shown = params.filter((p) => p.conversion !== null).map((p) => `${p.label}=${p.conversion}`);
    const format = [`${marker.name}:`, ...shown].join(' ');
    return [`printk(KERN_INFO ${cString(`${format}\n`)}${params.map((p) => `, ${p.name}`).join('')});`];
  },
};
