/**
 * The layers of src/, bottom first (README.md, Layout): a module may import
 * its own folder and the folders below it, never one above. `make test` runs
 * this check (npm run lint:deps).
 */
const LAYERS = [
  'model', // immutable data: markers, catalog, diagnostics, the fixed lists
  'io', // files, ELF, schemas, configuration, errors
  'c', // C text: tree-sitter parser, lexer, includes, annotation macros
  'scan', // files → marker sites
  'ctypes', // the C type model
  'format', // printf formats against C types
  'place', // sites → markers: identity and typed fields
  'check', // rules → diagnostics
  'report', // diagnostics → text, json, sarif
  'gen', // markers → C, the .markers section
  'decode', // traces read back by the catalog
  'export', // tracer descriptions from the catalog
  'live', // the control channel
  'serve', // the web page
  '[^/]+\\.ts$', // the library's pipeline: analyze.ts, build.ts, cached-analysis.ts
  'cli', // commands; the only exit code
];

const folder = (layer) => `^src/${layer.endsWith('$') ? layer : `${layer}/`}`;

const upward = LAYERS.slice(0, -1).map((layer, k) => ({
  name: `layer-${layer.replace(/\W+/g, '') || 'top'}`,
  comment: `src/${layer} imports only the layers below it: ${LAYERS.slice(0, k).join(', ') || 'none'}`,
  severity: 'error',
  from: { path: folder(layer) },
  to: { path: LAYERS.slice(k + 1).map(folder) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle at run time (cycles of type-only imports are harmless: they vanish from the JavaScript)',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'scan-ctypes-siblings',
      comment: 'scan and ctypes share src/c/ and do not import each other',
      severity: 'error',
      from: { path: '^src/(scan|ctypes)/' },
      to: { path: '^src/(scan|ctypes)/', pathNot: '^src/$1/' },
    },
    ...upward,
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/serve/assets/' },
  },
};
