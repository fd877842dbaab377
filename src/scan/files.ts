/** The C files under the paths a command is given, in a stable order. */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { normalize } from 'node:path';
import { describeFsError, IoProblem } from '../io/errors.js';
import { notRegularFile } from '../io/read.js';

export const C_SOURCE = /\.[ch]$/;

export interface FileList {
  /** Absolute paths, sorted, each once. */
  readonly files: string[];
  readonly problems: IoProblem[];
  /**
   * Every directory walked, as reached: while none of them changes (an entry
   * added, removed or renamed changes its directory's mtime), the list is the
   * same, as git's untracked cache assumes (src/cli/replay.ts).
   */
  readonly directories: string[];
}

/**
 * Expands files and directories. Directories are walked depth-first;
 * symlinked directories are followed once each, and a link back into the
 * directories being walked is a problem instead of a recursion. A path named explicitly is taken whatever its
 * extension.
 */
export function listCFiles(paths: readonly string[]): FileList {
  const files = new Set<string>();
  const problems: IoProblem[] = [];
  const visitedDirectories = new Set<string>();
  const walking = new Set<string>();
  const directories: string[] = [];

  const walk = (directory: string, shown: string): void => {
    let real: string;
    let entries: Dirent[];
    try {
      real = realpathSync.native(directory);
      entries = readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      problems.push(new IoProblem(shown, describeFsError(error)));
      return;
    }
    if (walking.has(real)) {
      problems.push(new IoProblem(shown, 'symlink loop: links back to a directory being walked, skipped'));
      return;
    }
    // Reached again through another link: its files are listed already.
    if (visitedDirectories.has(real)) return;
    visitedDirectories.add(real);
    directories.push(directory);
    walking.add(real);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // Names joined by hand: path.join normalizes every result, a third of a cached scan's walk.
    for (const entry of entries) {
      const path = childPath(directory, entry.name);
      if (entry.isDirectory()) {
        walk(path, childPath(shown, entry.name));
      } else if (entry.isSymbolicLink()) {
        visitLink(path, childPath(shown, entry.name));
      } else if (entry.isFile() && C_SOURCE.test(entry.name)) {
        files.add(path);
      }
    }
    walking.delete(real);
  };

  const visitLink = (path: string, shown: string): void => {
    try {
      const target = statSync(path);
      if (target.isDirectory()) walk(path, shown);
      else if (target.isFile() && C_SOURCE.test(path)) files.add(path);
    } catch (error) {
      problems.push(new IoProblem(shown, describeFsError(error)));
    }
  };

  for (const path of paths) {
    try {
      const stat = statSync(path);
      // Normalized once, so that the paths childPath makes from it are.
      if (stat.isDirectory()) walk(normalize(path), normalize(path));
      else if (stat.isFile()) files.add(path);
      else problems.push(new IoProblem(path, notRegularFile(stat)));
    } catch (error) {
      problems.push(new IoProblem(path, describeFsError(error)));
    }
  }
  return { files: [...files].sort(), problems, directories };
}

/** join(directory, name) for a normalized directory and a plain name, without normalizing again. */
function childPath(directory: string, name: string): string {
  if (directory === '.' || directory === './') return name;
  return directory.endsWith('/') ? `${directory}${name}` : `${directory}/${name}`;
}
