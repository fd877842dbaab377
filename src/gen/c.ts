/** Small pieces of C that every generator writes the same way. */

/**
 * A C string literal for `text` (UTF-8 bytes outside printable ASCII as octal
 * escapes). From a Latin-1 source, a character up to U+00FF is the one byte
 * it was read from (docs/bad-input.md).
 */
export function cString(text: string, source: 'utf8' | 'latin1' = 'utf8'): string {
  return cBytesString(source === 'latin1' ? latin1Bytes(text) : Buffer.from(text, 'utf8'));
}

/** A C (and GNU as) string literal holding exactly `bytes`: printable ASCII as is, the rest as escapes. */
export function cBytesString(bytes: Buffer): string {
  let out = '"';
  for (const byte of bytes) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x09) out += '\\t';
    else if (byte >= 0x20 && byte < 0x7f && byte !== 0x3f) out += String.fromCharCode(byte);
    // '?' is escaped so that no trigraph can form.
    else out += `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** Each character up to U+00FF as its byte, any other (from a `\u` escape) as UTF-8, as gcc encodes it. */
function latin1Bytes(text: string): Buffer {
  return Buffer.concat([...text].map((ch) => (ch.codePointAt(0)! <= 0xff ? Buffer.from([ch.codePointAt(0)!]) : Buffer.from(ch, 'utf8'))));
}

/** A C comment holding `text`, which may be a path: a star and a slash in it would end the comment early. */
export function cComment(text: string): string {
  return `/* ${text.replaceAll('*/', '*\\/')} */`;
}

/** An identifier fragment for any text: letters, digits and `_`. */
export function cIdentifier(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Makes the compiler report the lines that follow as `line` of `file`. */
export function lineDirective(line: number, file: string): string {
  return `#line ${line} ${cString(file)}`;
}
