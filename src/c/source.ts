/** Reading a C file: the bytes, a cheap marker test, and the decoded text. */
import { isUtf8 } from 'node:buffer';
import type { Diagnostic } from '../model/diagnostic.js';
import { SCANNER_RULES, type ScannerRuleId } from '../model/scanner-rules.js';

const TRACE_MARK = Buffer.from('trace_mark', 'latin1');
const EVMARKER = Buffer.from('evmarker', 'latin1');
const MARK = Buffer.from('mark', 'latin1');

/**
 * A byte search, so that files without a marker cost little more than reading
 * them. Both names contain `mark`, whose rare first byte makes the search
 * skip fast; searching each name instead stops at every `t` and `e` of the
 * file and was measured five times slower on real C. A name counts only as a
 * word of its own: `trace_marker` (Linux 2.6.32's kernel/trace/trace.c) or
 * `ftrace_mark` is another word, and taking such a file for a marker file
 * made a cold scan of the tree read every header's `#define`s (2.1–2.6 s
 * against 0.9–1.5 s, docs/performance.md).
 */
export function mayHoldMarkers(bytes: Buffer): boolean {
  for (let at = bytes.indexOf(MARK); at >= 0; at = bytes.indexOf(MARK, at + MARK.length)) {
    if (at >= 6 && bytes.subarray(at - 6, at + 4).equals(TRACE_MARK) && standsAlone(bytes, at - 6, at + 4)) return true;
    if (at >= 2 && bytes.subarray(at - 2, at + 6).equals(EVMARKER) && standsAlone(bytes, at - 2, at + 6)) return true;
  }
  return false;
}

/**
 * No letter, digit or `_` just before `start` or at `end`. A `$` is no such
 * byte: tree-sitter may split a word there and read the name as its own
 * (src/scan/index.ts, namesAMarker).
 */
function standsAlone(bytes: Buffer, start: number, end: number): boolean {
  return !isWordByte(bytes[start - 1]) && !isWordByte(bytes[end]);
}

const isWordByte = (b: number | undefined): boolean => b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f);

export interface DecodedSource {
  readonly text: string | null;
  readonly diagnostics: Diagnostic[];
  /** Set when the bytes were read as Latin-1: each character of the text is one byte of the file. */
  readonly latin1?: true;
}

/**
 * The text tree-sitter will parse. A UTF-8 byte-order mark is dropped; bytes
 * that are not UTF-8 are read as Latin-1 (one character a byte, so columns
 * stay true) with a warning; a file with a NUL byte is binary and skipped.
 */
export function decodeSource(bytes: Buffer, file: string): DecodedSource {
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return { text: null, diagnostics: [fileDiagnostic('binary-file', file, bytes, nul, 'binary file (NUL byte), skipped')] };
  }
  const body = withoutByteOrderMark(bytes);
  if (isUtf8(body)) return { text: body.toString('utf8'), diagnostics: [] };
  const bad = firstInvalidUtf8(body);
  return {
    text: body.toString('latin1'),
    latin1: true,
    diagnostics: [fileDiagnostic('encoding', file, body, bad, 'not valid UTF-8; read as Latin-1')],
  };
}

/** The bytes after a UTF-8 byte-order mark, if there is one. */
export function withoutByteOrderMark(bytes: Buffer): Buffer {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

function firstInvalidUtf8(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  // Bisect with isUtf8 over prefixes that end at a character start.
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (isUtf8(bytes.subarray(0, backToCharStart(bytes, mid)))) lo = mid;
    else hi = mid;
  }
  return backToCharStart(bytes, lo);
}

function backToCharStart(bytes: Buffer, at: number): number {
  while (at > 0 && (bytes[at]! & 0xc0) === 0x80) at--;
  return at;
}

function fileDiagnostic(rule: ScannerRuleId, file: string, bytes: Buffer, offset: number, message: string): Diagnostic {
  const { severity } = SCANNER_RULES[rule];
  const before = bytes.subarray(0, offset);
  let line = 1;
  for (let at = before.indexOf(10); at >= 0; at = before.indexOf(10, at + 1)) line++;
  const column = offset - (before.lastIndexOf(10) + 1) + 1;
  return { rule, severity, span: { file, line, column, endLine: line, endColumn: column + 1 }, message };
}
