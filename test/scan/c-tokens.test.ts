import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cTokens, directiveTokens, tokensIn } from '../../src/c/c-tokens.js';

const REPO = new URL('../../', import.meta.url).pathname;

function cFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.[ch]$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

const directivesOf = (text: string) => [...cTokens(text)].filter((t) => t.kind === 'directive');

describe('directiveTokens', () => {
  it('finds the directives cTokens finds, in every C file of the repository', () => {
    const files = [...cFiles(join(REPO, 'sample-kernel')), ...cFiles(join(REPO, 'test/fixtures')), ...cFiles(join(REPO, 'bench'))];
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      expect(directiveTokens(text), file).toEqual(directivesOf(text));
    }
  });

  it.each([
    ['a directive after a comment on its line', '/* c */ #include "a.h"\nint x;\n'],
    ['a directive inside a block comment', '/*\n#include "no.h"\n*/\n#include "yes.h"\n'],
    ['a comment opener inside a string', 'char *s = "/*";\n#include "a.h"\n'],
    ['a quote inside a char literal', 'char c = \'"\';\n#include "a.h"\n'],
    ['an unterminated string, ended by its line', 'char *s = "abc\n#include "a.h"\n'],
    ['continuation lines', '#define X \\\n  1\n#include \\\n "a.h"\n'],
    ['a line comment continued onto a #include', '// c \\\n#include "no.h"\n#include "yes.h"\n'],
    ['CRLF line ends', '#include "a.h"\r\n#include <b.h>\r\nint x;\r\n'],
    ['a # that is not at a line start', 'int x = a # b;\n#if 1\n#endif\n'],
    ['a digit separator and an encoding prefix', 'int n = 1\'000;\nchar *u = u8"#x";\n#include "a.h"\n'],
    ['an unterminated comment', '#include "a.h"\n/* no end\n#include "b.h"\n'],
  ])('agrees with cTokens on %s', (_, text) => {
    expect(directiveTokens(text)).toEqual(directivesOf(text));
  });
});

describe('directives', () => {
  it.each([
    ['a block comment that ends on the next line', '#define A 1 /* x\n  y (z) */\nint w;\n', '#define A 1 /* x\n  y (z) */'],
    ['a second comment that does', '#define A 1 /* x */ 2 /* y\n z */ 3\nint w;\n', '#define A 1 /* x */ 2 /* y\n z */ 3'],
    ['a continuation, then a comment', '#define A \\\n 1 /* x\n y */\nint w;\n', '#define A \\\n 1 /* x\n y */'],
    ['a comment opener in a string', '#define S "/*"\nint w; /* c */\n', '#define S "/*"'],
    ['a comment opener in a line comment', '#define A 1 // x /* y\nint w;\n', '#define A 1 // x /* y'],
    ['an unterminated comment', '#define A 1 /* x\nint w;\n', '#define A 1 /* x\nint w;\n'],
  ])('end where the preprocessor ends them: %s', (_, text, directive) => {
    expect(directivesOf(text).map((t) => t.text)).toEqual([directive]);
    expect(directiveTokens(text).map((t) => t.text)).toEqual([directive]);
  });
});

describe('tokensIn', () => {
  const shifted = (text: string, from: number, to: number) => [...cTokens(text.slice(from, to))].map((t) => ({ ...t, start: t.start + from, end: t.end + from }));

  it('reads a piece of a text as cTokens reads the piece alone, cut anywhere in every C file of the repository', () => {
    const files = [...cFiles(join(REPO, 'sample-kernel')), ...cFiles(join(REPO, 'test/fixtures'))];
    let pieces = 0;
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      // Cuts inside comments, literals, directives, continuations and words, at a fixed stride.
      for (let from = 0; from < text.length; from += 97) {
        const to = Math.min(text.length, from + 1 + ((from * 7919) % 400));
        expect(tokensIn(text, from, to), `${file} [${from}, ${to})`).toEqual(shifted(text, from, to));
        pieces++;
      }
    }
    expect(pieces).toBeGreaterThan(1000);
  });

  it.each([
    ['a comment whose end is cut off', 'a /* b */ c', 0, 8],
    ['a string whose close is cut off', 'x = "a\\"; y', 0, 7],
    ['an escape cut in two', 'x = "a\\"; y', 0, 6],
    ['a directive line cut off', '#define A \\\n B\nint x;', 0, 12],
    ['a slash before a cut star', 'a /*b*/ c', 0, 3],
    ['a line start at the cut', 'x; #if 1\n', 3, 9],
  ])('agrees with the slice on %s', (_, text, from, to) => {
    expect(tokensIn(text, from, to)).toEqual(shifted(text, from, to));
  });
});
