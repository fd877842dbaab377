import { createRequire } from 'node:module';
import type ParserType from 'tree-sitter';
import { describe, expect, it } from 'vitest';
import { parseC } from '../../src/c/parser.js';

const require = createRequire(import.meta.url);

describe('the tree-sitter C parser (src/c/parser.ts)', () => {
  it("gives nodes tree-sitter's plain class, without compiling the grammar's per-type classes, and still reads fields by name", () => {
    const root = parseC('int f(int a) { return a; }\n').rootNode;
    const definition = root.firstNamedChild!;
    expect(definition.type).toBe('function_definition');
    expect(definition.constructor).toBe((require('tree-sitter') as typeof ParserType).SyntaxNode);
    expect(definition.childForFieldName('declarator')?.childForFieldName('declarator')?.text).toBe('f');
  });
});
