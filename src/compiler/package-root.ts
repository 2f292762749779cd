import path from 'node:path';

/** Where the package's own macros, dialect fragments, private SQL (src/<feature>/sql) and migrations live. */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
