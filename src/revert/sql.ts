import { sqlTemplate } from '../compiler/sql-template';

/** The revert SQL files (revert/sql/), by handle. */
export const REVERT_ARCHIVE = sqlTemplate('revert/archive', ['operation_id', 'revert_id']);
export const REVERT_DEPENDENTS = sqlTemplate('revert/dependents', ['operation_id', 'since']);
export const MARK_RESTORED = sqlTemplate('revert/mark_restored', ['operation_id']);
export const MARK_REVERTED = sqlTemplate('revert/mark_reverted', ['operation_id', 'reverted_by']);
export const REVERT_RESTORE = sqlTemplate('revert/restore', ['revert_id']);
