/** Issue 16 item 3: output files are replaced atomically and never written through a symbolic link. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../../../src/errors';
import { makeDirsInside, writeFileSafely } from '../../../src/fs/safe-write';

let root: string;
let outside: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'safe-write-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'safe-write-outside-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

test('a link at the destination is replaced by a file; what it pointed at is untouched', () => {
  const victim = path.join(outside, 'bashrc');
  fs.writeFileSync(victim, 'original');
  const file = path.join(root, 'a', 'b.sql');
  fs.mkdirSync(path.dirname(file));
  fs.symlinkSync(victim, file);
  writeFileSafely(file, 'SELECT 1;\n', root);
  expect(fs.readFileSync(victim, 'utf8')).toBe('original');
  expect(fs.lstatSync(file).isSymbolicLink()).toBe(false);
  expect(fs.readFileSync(file, 'utf8')).toBe('SELECT 1;\n');
  expect(fs.readdirSync(path.dirname(file))).toEqual(['b.sql']);
});

test('a dangling link at the destination creates nothing at its target', () => {
  const target = path.join(outside, 'planted');
  const file = path.join(root, 'x.ndjson');
  fs.symlinkSync(target, file);
  writeFileSafely(file, 'x\n');
  expect(fs.existsSync(target)).toBe(false);
  expect(fs.readFileSync(file, 'utf8')).toBe('x\n');
});

test('an existing file is replaced whole, and parents are created', () => {
  const file = path.join(root, 'target', 'compiled', 'local', 'models', 'm.sql');
  writeFileSafely(file, 'a much longer first version\n', root);
  writeFileSafely(file, 'short\n', root);
  expect(fs.readFileSync(file, 'utf8')).toBe('short\n');
});

test.each([['target'], ['target/compiled'], ['target/compiled/local'], ['target/compiled/local/models']])('a linked directory %s is refused, nothing written outside', (linked) => {
  const link = path.join(root, linked);
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(outside, link);
  const file = path.join(root, 'target', 'compiled', 'local', 'models', 'm.sql');
  expect(() => writeFileSafely(file, 'SELECT 1;\n', root)).toThrow(UsageError);
  expect(() => writeFileSafely(file, 'SELECT 1;\n', root)).toThrow(new RegExp(`^${linked}: is a symbolic link`));
  expect(fs.readdirSync(outside)).toEqual([]);
});

test('a file where a directory should be is refused', () => {
  fs.writeFileSync(path.join(root, 'target'), '');
  expect(() => makeDirsInside(root, path.join(root, 'target', 'compiled'))).toThrow(/^target: is not a directory/);
});

test('a directory swapped for a link after the checks (before the rename) is refused; nothing lands outside', () => {
  const victim = path.join(outside, 'b.sql');
  fs.writeFileSync(victim, 'original');
  const dir = path.join(root, 'a');
  fs.mkdirSync(dir);
  const realOpen = fs.openSync;
  // The race: makeDirsInside has checked root/a; then, as the new file is created, root/a becomes a link outside.
  const spy = jest.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, ...rest: unknown[]) => {
    if (String(p).endsWith('.tmp') && !fs.lstatSync(dir).isSymbolicLink()) {
      fs.renameSync(dir, path.join(root, 'a-moved'));
      fs.symlinkSync(outside, dir);
    }
    return (realOpen as (...a: unknown[]) => number)(p, ...rest);
  }) as typeof fs.openSync);
  try {
    expect(() => writeFileSafely(path.join(dir, 'b.sql'), 'SELECT 1;\n', root)).toThrow(/^a: was replaced by a link to somewhere else while writing/);
  } finally {
    spy.mockRestore();
  }
  expect(fs.readFileSync(victim, 'utf8')).toBe('original');
  expect(fs.readdirSync(outside)).toEqual(['b.sql']);
});
