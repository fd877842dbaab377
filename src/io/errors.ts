/**
 * A problem with a path rather than with its content: missing, unreadable,
 * a symlink loop. The CLI renders it on one line and exits 2.
 */
export class IoProblem {
  constructor(
    readonly path: string,
    readonly message: string,
  ) {}

  toString(): string {
    return `${this.path}: ${this.message}`;
  }
}

/** A one-line reason for a failed file-system call, without the stack. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links (a symlink loop)';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** An error the CLI reports as a usage or I/O problem (exit 2), message only. */
export class KmarkError extends Error {
  override readonly name = 'KmarkError';
}
