/** Small pieces of C that every generator writes the same way. */

/** A C string literal for `text` (UTF-8 bytes outside printable ASCII as octal escapes). */
export function cString(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
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
