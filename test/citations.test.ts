/**
 * Sources cite the repository's own documents: every `*.md` a file of src/
 * names is one of the repository's (docs/NAME.md, README.md), a
 * `#section` is one of its headings (a help URI's path in the repository's
 * home included), and nothing cites the specification the
 * project started from, which is not in the repository.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './helpers/cli.js';

const sources = (readdirSync(`${REPO}src`, { recursive: true }) as string[]).filter((f) => /\.(ts|scm|js|html|css)$/.test(f)).sort();
const text = (file: string): string => readFileSync(join(REPO, 'src', file), 'utf8');

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as `-`. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
const anchors = (doc: string): Set<string> => new Set([...readFileSync(join(REPO, doc), 'utf8').matchAll(/^#+ (.*)$/gm)].map(([, heading]) => slug(heading!)));

describe('citations in src/', () => {
  it('finds the sources', () => {
    expect(sources.length).toBeGreaterThan(100);
  });

  it.each(sources)('%s cites no SPEC section', (file) => {
    expect(text(file)).not.toMatch(/\bSPEC\b/);
  });

  it.each(sources)('%s cites documents of the repository, and sections they have', (file) => {
    for (const [, cited, anchor] of text(file).matchAll(/([\w./~-]*\.md)\b(?:#([\w-]+))?/g)) {
      // The rules' and ABI gate's help URIs name the document in the repository's home.
      const doc = cited!.replace(/^\/blob\/main\//, '');
      expect(doc, `${file} cites ${doc}`).toMatch(/^(docs\/[\w-]+\.md|README\.md)$/);
      expect(existsSync(join(REPO, doc!)), `${file} cites ${doc}, which does not exist`).toBe(true);
      if (anchor !== undefined) expect([...anchors(doc!)], `${file} cites ${doc}#${anchor}`).toContain(anchor);
    }
  });
});
