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
 * `root` down to the file's is created as needed and refused when it is a symbolic link; and once the new file
 * exists, its directory's real path is checked to be still inside `root` and to hold that very file (a directory
 * swapped for a link after the checks), and the rename goes through that real path. Node has no openat/renameat, so
 * a swap between that check and the rename is still possible, but the window is a few system calls.
 */
export function writeFileSafely(file: string, text: string, root?: string): void {
  const dir = path.dirname(file);
  const realRoot = root === undefined ? undefined : fs.realpathSync(root);
  if (root !== undefined) makeDirsInside(root, dir);
  const name = `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  let tmp = path.join(dir, name);
  try {
    const { O_CREAT, O_EXCL, O_WRONLY, O_NOFOLLOW } = fs.constants;
    const fd = fs.openSync(tmp, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW, 0o644);
    let target = file;
    try {
      if (realRoot !== undefined) {
        const realDir = fs.realpathSync(dir);
        const made = fs.fstatSync(fd);
        const there = fs.lstatSync(path.join(realDir, name), { throwIfNoEntry: false });
        if (!inside(realRoot, realDir) || there === undefined || there.ino !== made.ino || there.dev !== made.dev) {
          throw new UsageError(`${shown(dir, root)}: was replaced by a link to somewhere else while writing; output is never written through links (check it and run again)`);
        }
        tmp = path.join(realDir, name);
        target = path.join(realDir, path.basename(file));
      }
      fs.writeFileSync(fd, text);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, target);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') throw new UsageError(`${shown(file, root)}: is a directory, so the output cannot be written there; remove it`);
    throw err;
  }
}

/** Whether real path `p` is `root` or below it. */
function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
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
