/**
 * Catalogs and fragments given to kmark (src/io/catalog-file.ts): a clear
 * message for what is not one, a binary's .markers section taken as its
 * catalog, and paths with `:` or `*\/` through catalog, gen, link and gcc.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, kmark } from '../helpers/cli.js';

let dir: string;
const source = (fn: string): string => `#include <linux/kernel.h>\n#include <linux/marker.h>\nvoid ${fn}(int x)\n{\n\ttrace_mark(lib_${fn}, "x %d", x);\n}\n`;
const inDir = (args: readonly string[]) => kmark(args, { cwd: dir });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmark-catalog-files-'));
  // The tree's root, so that kmark does not warn that ids are taken from the current directory.
  writeFileSync(join(dir, 'kmark.config.json'), '{}\n');
  for (const sub of ['x*', 'y:z']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'x*/a.c'), source('a'));
  writeFileSync(join(dir, 'y:z/b.c'), source('b'));
  writeFileSync(join(dir, 'garbage'), 'garbage\n');
  writeFileSync(join(dir, 'null.json'), 'null\n');
  writeFileSync(join(dir, 'null-marker.json'), '{"tu": "a.c", "markers": [null]}\n');
});

describe('decode --catalog', () => {
  it('says a file that is neither JSON nor ELF is not a catalog, on one line', () => {
    const run = inDir(['decode', 'garbage', '--catalog', 'garbage']);
    expect(run.stderr).toBe('kmark: garbage: not a catalog: neither JSON (Unexpected token \'g\', "garbage " is not valid JSON) nor an ELF binary\n');
    expect(run.status).toBe(2);
  });

  it("takes a linked binary's .markers section as its catalog, and names one without it", () => {
    expect(inDir(['gen', '--root', '.', '--tu', 'y:z/b.c', '--out-dir', 'out']).status).toBe(0);
    expect(inDir(['link', 'out/y:z/b.kmark.json', '--section', 'markers.S']).status).toBe(0);
    expect(spawnSync('gcc', ['-c', join(dir, 'markers.S'), '-o', join(dir, 'markers.o')]).status).toBe(0);
    // The catalog is read: the trace is what is refused.
    expect(inDir(['decode', 'garbage', '--catalog', 'markers.o']).stderr).toBe('kmark: garbage: not a kmark trace (no KMTRACE1 header)\n');
    expect(spawnSync('gcc', ['-c', '-x', 'c', '/dev/null', '-o', join(dir, 'empty.o')]).status).toBe(0);
    expect(inDir(['decode', 'garbage', '--catalog', 'empty.o']).stderr).toBe('kmark: empty.o: no .markers section (built with markers off, or split off with objcopy?)\n');
  });
});

describe('link', () => {
  it.each([
    ['null.json', 'kmark: null.json: not a kmark fragment (no "tu" and "markers")\n'],
    ['null-marker.json', 'kmark: null-marker.json: not a valid kmark fragment: /markers/0: must be object\n'],
  ])('names %s and what is wrong with it', (fragment, message) => {
    const run = inDir(['link', fragment]);
    expect(run.stderr).toBe(message);
    expect(run.status).toBe(2);
  });
});

describe('paths with : and */', () => {
  it('a path with : gives ids that catalog --validate and link accept', () => {
    expect(inDir(['catalog', '-o', 'c.json', 'y:z']).status).toBe(0);
    expect(inDir(['catalog', '--validate', 'c.json'])).toMatchObject({ status: 0, stdout: 'c.json: valid catalog\n' });
    expect(inDir(['gen', '--root', '.', '--tu', 'y:z/b.c', '--out-dir', 'out']).status).toBe(0);
    expect(inDir(['link', 'out/y:z/b.kmark.json', '--catalog', 'linked.json']).status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'linked.json'), 'utf8'))).toMatchObject({ markers: [{ id: 'y:z/b.c:b:1' }] });
  });

  it('a path with */ gives a header that gcc compiles', () => {
    expect(inDir(['gen', '--front', 'gen/generated/kmark-front.h']).status).toBe(0);
    expect(inDir(['gen', '--root', '.', '--tu', 'x*/a.c', '--out-dir', 'out']).status).toBe(0);
    const gcc = spawnSync(
      'gcc',
      [
        '-std=gnu11',
        '-c',
        '-DCONFIG_MARKERS',
        '-DCONFIG_MARKER_TRACE',
        `-I${join(dir, 'gen')}`,
        `-I${join(REPO, 'sample-kernel/include')}`,
        `-DKMARK_TU_HEADER="${join(dir, 'out/x*/a.kmark.h')}"`,
        join(dir, 'x*/a.c'),
        '-o',
        join(dir, 'a.o'),
      ],
      { encoding: 'utf8' },
    );
    expect(gcc.stderr).toBe('');
    expect(gcc.status).toBe(0);
  });
});

describe('catalog --validate', () => {
  it('checks md5s, event ids and duplicate ids, not only the schema', () => {
    expect(inDir(['catalog', '-o', 'good.json', 'y:z']).status).toBe(0);
    const marker = (JSON.parse(readFileSync(join(dir, 'good.json'), 'utf8')) as { markers: Array<Record<string, unknown>> }).markers[0]!;
    const wrongMd5 = { ...marker, md5: '0'.repeat(32) };
    const wrongEventId = { ...marker, eventId: '0x0000000000000000' };
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ markers: [wrongMd5, wrongEventId, marker] }));
    const run = inDir(['catalog', '--validate', 'bad.json']);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      `bad.json: /markers/0/md5: ${'0'.repeat(32)} is not the md5 of 'y:z/b.c:b:1' (${String(marker.md5)})`,
      `bad.json: /markers/1/eventId: 0x0000000000000000 is not the first 8 bytes of its md5 (${String(marker.eventId)})`,
      "bad.json: /markers/1/id: 'y:z/b.c:b:1' is also /markers/0",
      "bad.json: /markers/2/id: 'y:z/b.c:b:1' is also /markers/0",
    ]);
    expect(run.status).toBe(1);
  });
});

describe('-o whose parent is a file', () => {
  it('names the path and says a parent is not a directory', () => {
    const run = inDir(['catalog', '-o', 'garbage/c.json', 'y:z']);
    expect(run.stderr).toBe('kmark: garbage/c.json: cannot write: not a directory\n');
    expect(run.status).toBe(2);
  });
});
