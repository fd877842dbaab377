// SPDX-License-Identifier: MIT
//
// gen-compile-commands.mjs OUTPUT OBJECT...: the compilation database
// (compile_commands.json) of the objects' last compiles, read from each
// object's .cmd file as Kbuild's scripts/clang-tools/gen_compile_commands.py
// reads them. An object assembled rather than compiled from C is left out;
// an object without a .cmd file has not been built and is an error.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const [output, ...objects] = process.argv.slice(2);
if (!output || objects.length === 0) {
  process.stderr.write('usage: gen-compile-commands.mjs OUTPUT OBJECT...\n');
  process.exit(2);
}

/** The command as the shell ran it: the .cmd file keeps it as a make assignment ("$" doubled, "#" as $(pound)). */
function savedCommand(object) {
  const cmdFile = join(dirname(object), `.${basename(object)}.cmd`);
  let text;
  try {
    text = readFileSync(cmdFile, 'utf8');
  } catch {
    process.stderr.write(`gen-compile-commands: ${cmdFile}: missing: build ${object} first\n`);
    process.exit(1);
  }
  const assignment = text.split('\n').find((line) => line.startsWith('savedcmd_'));
  const command = assignment?.slice(assignment.indexOf(' := ') + 4);
  if (command === undefined) {
    process.stderr.write(`gen-compile-commands: ${cmdFile}: no savedcmd line\n`);
    process.exit(1);
  }
  return command.replaceAll('$(pound)', '#').replaceAll('$$', '$');
}

const directory = process.cwd();
const entries = [];
for (const object of objects) {
  const command = savedCommand(object);
  const source = command.trim().split(/\s+/).at(-1);
  if (!source.endsWith('.c')) continue;
  entries.push({ directory, file: resolve(directory, source), output: resolve(directory, object), command });
}
const tmp = `${output}.${process.pid}.tmp`;
writeFileSync(tmp, `${JSON.stringify(entries, null, 2)}\n`);
renameSync(tmp, output);
