import fs from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/compiler/package-root';
import type { SqlTemplate } from '../../src/compiler/sql-template';

export type AnyHandle = SqlTemplate<string, string>;

function isHandle(v: unknown): v is AnyHandle {
  return typeof v === 'object' && v !== null && typeof (v as AnyHandle).name === 'string' && Array.isArray((v as AnyHandle).keys) && typeof (v as AnyHandle).fragment === 'boolean';
}

/** Every handle declared in the src/<feature>/sql.ts files, with the export that declares it. */
export function sqlHandles(): Array<{ file: string; exported: string; handle: AnyHandle }> {
  const src = path.join(PACKAGE_ROOT, 'src');
  const out: Array<{ file: string; exported: string; handle: AnyHandle }> = [];
  for (const feature of fs.readdirSync(src).sort()) {
    const file = path.join(src, feature, 'sql.ts');
    if (!fs.existsSync(file)) continue;
    const mod = require(file) as Record<string, unknown>;
    for (const [exported, v] of Object.entries(mod)) if (isHandle(v)) out.push({ file, exported, handle: v });
  }
  return out;
}

/** The handle of one SQL file by name (tests that walk every file). */
export function sqlHandle(name: string): AnyHandle {
  const found = sqlHandles().find((h) => h.handle.name === name);
  if (!found) throw new Error(`no handle for ${name}`);
  return found.handle;
}
