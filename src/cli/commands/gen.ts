import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Options } from 'yargs';
import { frontHeader } from '../../gen/front-header.js';
import { DEFAULT_MARKUP, MARKUP_IDS, type MarkupId } from '../../gen/markup/index.js';
import { depfile } from '../../io/depfile.js';
import { describeFsError, KmarkError } from '../../io/errors.js';
import { touch, writeIfChanged } from '../../io/write.js';
import { treePath } from '../../scan/index.js';
import { defineCommand } from '../command.js';
import type { PlainArguments } from '../plain-args.js';
import { emitDiagnostics, exitCode, includeOption, openWorkspace, reportProblems, VERSION, workspaceOptions } from '../workspace.js';

const MARKUP_CHOICES: ReadonlyArray<MarkupId | 'default'> = [...MARKUP_IDS, 'default'];

const TUS = { type: 'string', array: true, describe: 'Translation units (.c files) below the root' } as const;

// A table, not builder calls: the build step's own entry point parses a plain command line without yargs (src/cli/build-step.ts).
const GEN_OPTIONS = {
  ...workspaceOptions,
  tu: { type: 'string', array: true, nargs: 1, describe: 'A translation unit, as a positional TU (repeat for more)' },
  'tu-list': { type: 'string', describe: "A file naming more TUs, separated by white space (as Kbuild's modules.order: a list too long for a command line)" },
  'out-dir': { type: 'string', describe: 'Write DIR/<tu>.kmark.h, .kmark.json and, without --depfile, .kmark.d (paths of the TU below the root)' },
  header: { type: 'string', describe: 'The generated header of the one TU (overrides --out-dir)' },
  fragment: { type: 'string', describe: 'The fragment of the one TU, for kmark link (overrides --out-dir)' },
  depfile: { type: 'string', describe: 'One make dependency file for the whole run: the stamp (else every output) depends on every TU and header read' },
  stamp: { type: 'string', describe: "Touched after every successful run and named as the depfiles' target, for make: the outputs keep their times when unchanged" },
  include: includeOption,
  catalog: { type: 'string', describe: "Also link: write the catalog of all the TUs' markers here (as kmark link)" },
  section: { type: 'string', describe: 'Also link: write the .markers section (assembly source) here (as kmark link)' },
  'cache-file': { type: 'string', describe: "Remember the files between runs in this file (the build's own, e.g. beside the stamp): a run reads only what changed and regenerates only the TUs it reaches" },
  front: { type: 'string', describe: "Write the front header's generated part to this file" },
  markup: { choices: MARKUP_CHOICES, describe: `Record in the fragment how the build marks its sites up (its CONFIG_MARK_*; default: ${DEFAULT_MARKUP.id})` },
} as const satisfies Record<string, Options>;

/** gen's arguments, for src/cli/plain-args.ts. */
export const GEN_ARGUMENTS: PlainArguments = { positional: 'tus', options: GEN_OPTIONS };

export const genCommand = defineCommand({
  command: 'gen [tus..]',
  describe: "Build step: for every TU (one run for a whole build), the header binding each marker site of the TU and its headers and its fragment; the link's catalog and .markers section; the front header",
  builder: (yargs) => yargs.positional('tus', TUS).options(GEN_OPTIONS),
  run: async (args) => {
    const tuArgs = [...(args.tus ?? []), ...(args.tu ?? []), ...(args['tu-list'] !== undefined ? readTuList(args['tu-list']) : [])];
    if (tuArgs.length === 0 && args.front === undefined) throw new KmarkError('give the TUs to generate (or --front FILE)');
    const single = args.header !== undefined || args.fragment !== undefined;
    if (single && (tuArgs.length !== 1 || args.header === undefined || args.fragment === undefined)) {
      throw new KmarkError('--header and --fragment go together, with exactly one TU');
    }
    if (tuArgs.length > 0 && !single && args['out-dir'] === undefined) throw new KmarkError('give --out-dir (or, for one TU, --header and --fragment)');
    if (args.front !== undefined) writeIfChanged(args.front, frontHeader());
    if (tuArgs.length === 0) return 0;

    const workspace = openWorkspace(args);
    validateTus(workspace.root, tuArgs);
    const outDir = args['out-dir'] ?? '.';
    const outputsOf = (tu: string) => {
      const stem = tu.replace(/\.c$/, '');
      return { header: args.header ?? join(outDir, `${stem}.kmark.h`), fragment: args.fragment ?? join(outDir, `${stem}.kmark.json`) };
    };
    const markup = args.markup === undefined ? undefined : args.markup === 'default' ? DEFAULT_MARKUP.id : args.markup;
    const [{ buildStep, linkStep }, { FileCache }] = await Promise.all([import('../../build.js'), import('../../scan/file-cache.js')]);
    const includePaths = workspace.includePathsWith(args.include);
    const { root, abi, annotationMacros, functionMacros } = workspace.analyzeOptions;
    // What besides the files the results depend on: kmark itself and the options.
    const cacheKey = JSON.stringify([VERSION, kmarkItself(), root, includePaths, abi, markup, annotationMacros, [...(functionMacros ?? [])]]);
    const step = buildStep(tuArgs, {
      ...workspace.analyzeOptions,
      includePaths,
      cache: new FileCache(args['cache-file'] ?? null, cacheKey),
      ...(markup !== undefined ? { markup } : {}),
    });
    emitDiagnostics(step.diagnostics, 'text', workspace.root);
    reportProblems(step.problems);
    const stepCode = exitCode(step.problems, step.diagnostics);
    // A build whose markers do not check gets no new outputs: it stops on the findings.
    if (stepCode !== 0) return stepCode;
    const link = args.catalog !== undefined || args.section !== undefined ? linkStep(step.tus.map(({ tu, fragment }) => ({ source: tu, fragment }))) : null;
    if (link !== null) {
      emitDiagnostics(link.diagnostics, 'text', workspace.root);
      const linkCode = exitCode([], link.diagnostics);
      if (linkCode !== 0) return linkCode;
    }

    for (const { tu, unchanged, outputs: generate, inputs } of step.tus) {
      const { header, fragment } = outputsOf(tu);
      if (unchanged && existsSync(header) && existsSync(fragment)) continue;
      const outputs = generate();
      writeIfChanged(header, outputs.header);
      writeIfChanged(fragment, outputs.fragment);
      // Without one depfile for the run, each TU under --out-dir has its own.
      if (args.depfile === undefined && !single) writeIfChanged(join(outDir, `${tu.replace(/\.c$/, '')}.kmark.d`), depfile(args.stamp !== undefined ? [args.stamp] : [header, fragment], inputs));
    }
    if (link !== null) {
      if (args.catalog !== undefined) writeIfChanged(args.catalog, `${JSON.stringify(link.catalog, null, 2)}\n`);
      if (args.section !== undefined) {
        const { markersSectionAssembly } = await import('../../gen/markers-section.js');
        writeIfChanged(args.section, markersSectionAssembly(link.catalog));
      }
    }
    if (args.depfile !== undefined) {
      const targets = args.stamp !== undefined ? [args.stamp] : step.tus.flatMap(({ tu }) => Object.values(outputsOf(tu)));
      writeIfChanged(args.depfile, depfile(targets, step.inputs));
    }
    step.remember();
    if (args.stamp !== undefined) touch(args.stamp);
    return 0;
  },
});

/** The running kmark's own file, by size and time: a rebuilt kmark forgets what the last one remembered. */
function kmarkItself(): string {
  try {
    const { size, mtimeMs } = statSync(fileURLToPath(import.meta.url));
    return `${size}:${mtimeMs}`;
  } catch {
    return '';
  }
}

function readTuList(path: string): string[] {
  try {
    return readFileSync(path, 'utf8')
      .split(/\s+/)
      .filter((p) => p !== '');
  } catch (error) {
    throw new KmarkError(`--tu-list ${path}: ${describeFsError(error)}`);
  }
}

/** A TU is below the root, so that its outputs land below --out-dir (docs/build.md); reading it tells whether it is a regular file. */
function validateTus(root: string, tus: readonly string[]): void {
  if (!isDirectory(root)) throw new KmarkError(`--root ${root}: not a directory`);
  for (const tu of tus) {
    const path = treePath(root, tu);
    if (path.startsWith('../') || path === '..' || resolve(root, path) !== resolve(tu)) throw new KmarkError(`${tu}: outside the root ${root}: its outputs would land outside --out-dir`);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
