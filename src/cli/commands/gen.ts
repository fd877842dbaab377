import { join, relative, resolve } from 'node:path';
import { analyze } from '../../analyze.js';
import { frontHeader } from '../../gen/front-header.js';
import { generateTu } from '../../gen/index.js';
import { DEFAULT_MARKUP, MARKUP_IDS, type MarkupId } from '../../gen/markup/index.js';
import { KmarkError } from '../../io/errors.js';
import { touch, writeIfChanged } from '../../io/write.js';
import { includeClosure } from '../../scan/includes.js';
import { treePath } from '../../scan/index.js';
import { defineCommand } from '../command.js';
import { emitDiagnostics, exitCode, includeOption, openWorkspace, reportProblems, workspaceOptions } from '../workspace.js';

const MARKUP_CHOICES: ReadonlyArray<MarkupId | 'default'> = [...MARKUP_IDS, 'default'];

export const genCommand = defineCommand({
  command: 'gen',
  describe: 'Per-TU build step: the header binding each marker site of a TU (and its headers), its fragment and depfile; or the front header',
  builder: (yargs) =>
    yargs
      .options(workspaceOptions)
      .option('tu', { type: 'string', describe: 'The translation unit (.c file)' })
      .option('out-dir', { type: 'string', describe: 'Write DIR/<tu>.kmark.h, .kmark.json and .kmark.d (paths of the TU below the root)' })
      .option('header', { type: 'string', describe: 'The generated header (overrides --out-dir)' })
      .option('fragment', { type: 'string', describe: 'The TU fragment for kmark link (overrides --out-dir)' })
      .option('depfile', { type: 'string', describe: 'The make dependency file (overrides --out-dir)' })
      .option('stamp', { type: 'string', describe: 'Touched after every successful run and named as the depfile\'s target, for make: the outputs keep their times when unchanged' })
      .option('include', includeOption)
      .option('front', { type: 'string', describe: 'Write the front header\'s generated part to this file' })
      .option('markup', { choices: MARKUP_CHOICES, describe: `Record in the fragment how the build marks its sites up (its CONFIG_MARK_*; default: ${DEFAULT_MARKUP.id})` })
      .check((args) => {
        if (args.tu === undefined && args.front === undefined) throw new KmarkError('give --tu FILE or --front FILE');
        if (args.tu !== undefined && args['out-dir'] === undefined && (args.header === undefined || args.fragment === undefined || args.depfile === undefined)) {
          throw new KmarkError('give --out-dir, or all of --header, --fragment and --depfile');
        }
        return true;
      }),
  run: async (args) => {
    if (args.front !== undefined) writeIfChanged(args.front, frontHeader());
    if (args.tu === undefined) return 0;
    const workspace = openWorkspace(args);
    const includePaths = [...workspace.analyzeOptions.includePaths, ...(args.include ?? []).map((p) => resolve(p))];
    const tu = treePath(workspace.root, args.tu);
    const stem = tu.replace(/\.c$/, '');
    const outDir = args['out-dir'] ?? '.';
    const paths = {
      header: args.header ?? join(outDir, `${stem}.kmark.h`),
      fragment: args.fragment ?? join(outDir, `${stem}.kmark.json`),
      depfile: args.depfile ?? join(outDir, `${stem}.kmark.d`),
    };
    const inputs = includeClosure(args.tu, includePaths);
    const analysis = analyze(inputs, { ...workspace.analyzeOptions, includePaths, typeModel: (await import('../../ctypes/index.js')).createTypeModel });
    emitDiagnostics(analysis.diagnostics, 'text', workspace.root);
    reportProblems(analysis.problems);
    const code = exitCode(analysis.problems, analysis.diagnostics);
    // A TU whose markers do not check gets no new outputs: the build stops on the findings.
    if (code !== 0) return code;
    const outputs = generateTu(
      analysis.placed,
      { tu, header: paths.header, fragment: paths.fragment, depfileTargets: args.stamp !== undefined ? [args.stamp] : [paths.header, paths.fragment], inputs: inputs.map((p) => relative(process.cwd(), p)) },
      { abi: workspace.analyzeOptions.abi ?? 'lp64', ...(args.markup !== undefined ? { markup: args.markup === 'default' ? DEFAULT_MARKUP.id : args.markup } : {}) },
    );
    writeIfChanged(paths.header, outputs.header);
    writeIfChanged(paths.fragment, outputs.fragment);
    writeIfChanged(paths.depfile, outputs.depfile);
    if (args.stamp !== undefined) touch(args.stamp);
    return 0;
  },
});
