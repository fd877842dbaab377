/**
 * Every fixed list is one table (model/handlers.ts, model/markups.ts) or one
 * registry (gen/handlers, gen/markup, report); these hold what lives outside
 * TypeScript — the C header, the JSON schema, the sample kernel's Makefile,
 * the docs — and the registries' files to them, and pin the `.markers`
 * section's encodings. (The rules' registry: test/check/rules-doc.test.ts.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HANDLERS } from '../src/gen/handlers/index.js';
import { encodeMarkersSection } from '../src/gen/markers-section.js';
import { MARKUP_MODES } from '../src/gen/markup/index.js';
import { ABIS } from '../src/model/abi.js';
import { ALL_HANDLERS, HANDLER_MASK, HANDLER_TABLE, type Handler } from '../src/model/handlers.js';
import type { Marker, MarkerForm } from '../src/model/marker.js';
import { CATALOG_MARKUPS, MARKUPS, type CatalogMarkup } from '../src/model/markups.js';
import { VERSION } from '../src/cli/workspace.js';
import { KMARK_HOME, RULES_DOC_URI } from '../src/model/project.js';
import { FORMATTERS } from '../src/report/index.js';
import { sampleCatalog } from './fixtures/elf/sample-catalog.js';
import { kmark, REPO } from './helpers/cli.js';

const read = (path: string): string => readFileSync(`${REPO}${path}`, 'utf8');
const catalogSchema = JSON.parse(read('schemas/catalog.schema.json')) as { $defs: { marker: { properties: { handlers: { items: { enum: string[] } }; markup: { enum: string[] } } } } };
const markerSchema = catalogSchema.$defs.marker.properties;
/** The modules of a registry's folder, less the ones that are not entries. */
const modules = (dir: string, others: readonly string[]): string[] =>
  readdirSync(`${REPO}${dir}`)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3))
    .filter((m) => !others.includes(m))
    .sort();
/** `x` in the doc's `N x, N y` or `bit N x, bit N y` list. */
const docList = (line: string): string[] => line.split(',').map((item) => item.trim().split(/\s+/).at(-1)!);
const sectionLine = (field: string): string =>
  read('docs/markers-section.md')
    .split('\n')
    .find((l) => new RegExp(`^\\s+\\d+\\s+u8\\s+${field}\\s`).test(l))!
    .replace(/^\s+\d+\s+u8\s+\w+\s+/, '');

describe('handlers: model/handlers.ts', () => {
  it('are the flags of <linux/marker.h>, each 1 << its bit', () => {
    const defines = [...read('sample-kernel/include/linux/marker.h').matchAll(/^#define\s+(MARKER_(?:PRINTK|TRACE|PROBE|[A-Z]+))\s+(\d+)\s*$/gm)].map(([, name, value]) => [name, Number(value)]);
    expect(defines).toEqual(HANDLER_TABLE.map((h, bit) => [h.flag, 1 << bit]));
  });

  it("are the catalog schema's handlers", () => {
    expect(markerSchema.handlers.items.enum).toEqual(ALL_HANDLERS);
  });

  it('have one backend each, emitted in bit order, and every backend file is registered', () => {
    expect(HANDLERS.map((h) => h.id)).toEqual(ALL_HANDLERS);
    expect(modules('src/gen/handlers', ['index', 'handler'])).toEqual([...ALL_HANDLERS].sort());
    expect(HANDLERS.map((h) => h.config)).toEqual(ALL_HANDLERS.map((h) => `CONFIG_${HANDLER_MASK[h]}`));
  });

  it("are docs/runtime.md's handlers", () => {
    const section = read('docs/runtime.md')
      .split(/^## /m)
      .find((s) => s.startsWith('Handlers\n'))!;
    expect([...section.matchAll(/^- \*\*(\w+)\*\*:/gm)].map(([, id]) => id)).toEqual(ALL_HANDLERS);
  });
});

describe('markup modes: model/markups.ts', () => {
  it("are the catalog schema's markups, after none", () => {
    expect(markerSchema.markup.enum).toEqual(CATALOG_MARKUPS);
  });

  it('have one mode each, the default first, and every mode file is registered', () => {
    expect(MARKUP_MODES.map((m) => m.id).sort()).toEqual([...MARKUPS].sort());
    expect(MARKUP_MODES[0].id).toBe('static-key');
    expect(modules('src/gen/markup', ['index', 'markup'])).toEqual([...MARKUPS].sort());
  });

  it("are the sample kernel Makefile's CONFIG_MARK_* choices, and each has a config", () => {
    const makefile = [...read('sample-kernel/Makefile').matchAll(/\$\(if \$\((CONFIG_MARK_\w+)\),([\w-]+)\)/g)].map(([, config, id]) => [config, id]);
    expect(makefile).toEqual(MARKUP_MODES.map((m) => [m.config, m.id]));
    const configs = readdirSync(`${REPO}sample-kernel/configs`);
    for (const mode of MARKUP_MODES) expect(configs, mode.id).toContain(`printk-trace-${mode.id}.config`);
  });

  it('each has its section in docs/modes.md', () => {
    const sections = [...read('docs/modes.md').matchAll(/^### (\S+)$/gm)].map(([, id]) => id);
    expect(sections.sort()).toEqual([...MARKUPS].sort());
  });
});

describe("the .markers section's encodings, pinned", () => {
  const FORMS: readonly MarkerForm[] = ['trace_mark', 'evmarker'];
  const HANDLER_BITS: readonly Handler[] = ['printk', 'trace', 'probe'];
  const MARKUP_BYTES: readonly CatalogMarkup[] = ['none', 'symbol', 'jump-call', 'jump-inline', 'static-key'];
  /** The first marker's record starts right after the 48-byte header. */
  const encodedByte = (marker: Partial<Marker> & { markup?: CatalogMarkup }, offset: number): number => encodeMarkersSection({ markers: [{ ...sampleCatalog.markers[0]!, ...marker }] }).readUInt8(48 + offset);

  it('as docs/markers-section.md says', () => {
    expect(docList(sectionLine('form'))).toEqual(FORMS);
    expect(docList(sectionLine('handlers'))).toEqual(HANDLER_BITS);
    expect(docList(sectionLine('markup')).slice(0, -1)).toEqual(MARKUP_BYTES);
  });

  it('as the encoder writes them', () => {
    FORMS.forEach((form, k) => expect(encodedByte({ form }, 56), form).toBe(k));
    HANDLER_BITS.forEach((handler, bit) => expect(encodedByte({ handlers: [handler] }, 57), handler).toBe(1 << bit));
    MARKUP_BYTES.forEach((markup, k) => expect(encodedByte({ markup }, 59), markup).toBe(k));
    expect(ALL_HANDLERS).toEqual(HANDLER_BITS);
    expect(CATALOG_MARKUPS).toEqual(MARKUP_BYTES);
  });
});

describe('ABIs: model/abi.ts', () => {
  it("are the configuration schema's", () => {
    const config = JSON.parse(read('schemas/config.schema.json')) as { properties: { abi: { enum: string[] } } };
    expect(config.properties.abi.enum).toEqual(ABIS);
  });
});

describe('formatters: report/index.ts', () => {
  it('every formatter file is registered, and lint --format offers each', () => {
    expect(modules('src/report', ['index', 'formatter', 'catalog-summary'])).toEqual(Object.keys(FORMATTERS).sort());
    const help = kmark(['lint', '--help']).stdout;
    for (const name of Object.keys(FORMATTERS)) expect(help).toContain(`"${name}"`);
  });

  it("are the README's lint --format choices", () => {
    expect(/^kmark lint \[--format ([\w|]+)\]/m.exec(read('README.md'))?.[1]?.split('|')).toEqual(Object.keys(FORMATTERS));
  });
});

describe("kmark's own name, version and address", () => {
  it("are package.json's: the CLI's version and the SARIF/help URIs say what the package says", () => {
    const pkg = JSON.parse(readFileSync(`${REPO}package.json`, 'utf8')) as { version: string; homepage: string };
    expect(VERSION).toBe(pkg.version);
    expect(KMARK_HOME).toBe(pkg.homepage);
    expect(RULES_DOC_URI.startsWith(`${pkg.homepage}/`)).toBe(true);
  });
});
