import type { Fragment } from '../../gen/index.js';
import { KmarkError } from '../../io/errors.js';
import { readJsonFile } from '../../io/read.js';
import { validateAgainst } from '../../io/schemas.js';
import { writeIfChanged } from '../../io/write.js';
import { catalogProblems } from '../../io/catalog-file.js';
import { defineCommand } from '../command.js';
import { emitDiagnostics, exitCode } from '../workspace.js';

export const linkCommand = defineCommand({
  command: 'link <fragments..>',
  describe: 'Link step: merge the TU fragments into the catalog, check cross-TU rules, write the .markers section source',
  builder: (yargs) =>
    yargs
      .positional('fragments', { type: 'string', array: true, demandOption: true, describe: 'The .kmark.json fragments of kmark gen' })
      .option('catalog', { type: 'string', describe: 'Write the catalog (JSON) here' })
      .option('section', { type: 'string', describe: 'Write the .markers section (assembly source) here' })
      .option('root', { type: 'string', describe: "Where diagnostics' paths are relative to (default: the current directory)" }),
  run: async (args) => {
    const [{ linkStep }, { markersSectionAssembly }] = await Promise.all([import('../../build.js'), import('../../gen/markers-section.js')]);
    const fragments = args.fragments.map((source) => ({ source, fragment: readFragment(source) }));
    const { catalog, diagnostics } = linkStep(fragments);
    // Fragments are files: what they held is checked against the schema before it becomes the catalog.
    const problems = validateAgainst('catalog', catalog);
    if (problems.length > 0) throw new KmarkError(`the merged catalog is invalid: ${problems.join('; ')}`);
    emitDiagnostics(diagnostics, 'text', args.root ?? process.cwd());
    const code = exitCode([], diagnostics);
    if (code !== 0) return code;
    if (args.catalog !== undefined) writeIfChanged(args.catalog, `${JSON.stringify(catalog, null, 2)}\n`);
    if (args.section !== undefined) writeIfChanged(args.section, markersSectionAssembly(catalog));
    return 0;
  },
});

function readFragment(path: string): Fragment {
  const value = readJsonFile(path);
  const fragment = value as Partial<Fragment> | null;
  if (typeof fragment?.tu !== 'string' || !Array.isArray(fragment.markers)) throw new KmarkError(`${path}: not a kmark fragment (no "tu" and "markers")`);
  const problems = catalogProblems({ markers: fragment.markers });
  if (problems.length > 0) throw new KmarkError(`${path}: not a valid kmark fragment: ${problems[0]}`);
  return fragment as Fragment;
}
