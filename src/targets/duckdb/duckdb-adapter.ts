import { NOTHING_ESTIMATED, type TargetAdapter } from '../../compiler/target-adapter';

/** The embedded target: session-private work tables, row-group skipping, cheap row ids, DDL inside transactions. */
export const duckdbAdapter: TargetAdapter = {
  transactionalDdl: true,
  readsLocalFiles: true,
  createsOriginal: true,
  opensWhileCompiling: true,
  billsBytes: false,
  sessionLocks: true,
  appendsRows: true,
  appendsWithinTransaction: false,
  isEstimated: NOTHING_ESTIMATED,
  workSchema: 'temp',
  prunesOredRanges: false,
  ranksRepeatedCopiesOnly: true,
  passesSingleCopiesThrough: true,
  fetchesByRowid: true,
  buildsDaysInPlace: true,
  indexesCopies: true,
};
