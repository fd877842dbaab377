import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cTokens, directiveTokens } from '../../src/c/c-tokens.js';

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
