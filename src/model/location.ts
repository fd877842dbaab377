/** A place in a source file. Lines and columns are 1-based; columns count characters. */
export interface SourceSpan {
  /** Path relative to the source-tree root, with `/` separators. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function formatPosition(span: Pick<SourceSpan, 'file' | 'line' | 'column'>): string {
  return `${span.file}:${span.line}:${span.column}`;
}
