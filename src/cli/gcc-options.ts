/**
 * gcc's spellings of the preprocessor options (docs/ctypes.md): `-DNAME=1`,
 * `-UNAME`, `-Idir` with the value attached, and `-include FILE` with one
 * dash. yargs would read `-DNAME` as the flags -D -N -A -M -E, and
 * `-include` as seven flags: each is rewritten to the form yargs reads
 * (`-D NAME=1`, `--include-file FILE`) before the words after `--`.
 */
const ATTACHED = /^-([DUI])(.+)$/s;

export function gccSpellings(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  const rewritten = options.flatMap((word) => {
    if (word === '-include') return ['--include-file'];
    const attached = ATTACHED.exec(word);
    return attached ? [`-${attached[1]}`, attached[2]!] : [word];
  });
  return end < 0 ? rewritten : [...rewritten, ...argv.slice(end)];
}
