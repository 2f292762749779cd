import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors';

/**
 * Output files that never follow a planted link: `compile` runs on untrusted branches in CI, so a link at
 * `target/compiled/…/x.sql` (or a linked `target/compiled`) must not send SQL the branch controls over another file.
 */

/**
 * Writes `text` to `file` atomically: a new file beside it (exclusive create, so not through a link), renamed over
 * the destination (a rename replaces a link itself, never what it points at). With `root`, every directory from
 * `root` down to the file's is created as needed and refused when it is a symbolic link.
 */
export function writeFileSafely(file: string, text: string, root?: string): void {
  const dir = path.dirname(file);
  if (root !== undefined) makeDirsInside(root, dir);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(tmp, 'wx', 0o644);
    try {
      fs.writeFileSync(fd, text);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') throw new UsageError(`${shown(file, root)}: is a directory, so the output cannot be written there; remove it`);
    throw err;
  }
}

/** Creates `dir` and its parents below `root` one by one, refusing a symbolic link or a non-directory on the way. */
export function makeDirsInside(root: string, dir: string): void {
  const rel = path.relative(root, dir);
  if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`${dir} is not inside ${root}`);
  let current = root;
  for (const part of rel === '' ? [] : rel.split(path.sep)) {
    current = path.join(current, part);
    let stat = fs.lstatSync(current, { throwIfNoEntry: false });
    if (stat === undefined) {
      try {
        fs.mkdirSync(current);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      stat = fs.lstatSync(current);
    }
    if (stat.isSymbolicLink()) {
      throw new UsageError(`${shown(current, root)}: is a symbolic link; output is never written through links (remove it, e.g. rm ${shown(current, root)}, and run again)`);
    }
    if (!stat.isDirectory()) throw new UsageError(`${shown(current, root)}: is not a directory; remove it so the output can be written`);
  }
}

function shown(file: string, root: string | undefined): string {
  return root === undefined ? file : path.relative(root, file);
}
