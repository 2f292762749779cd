import { NOTHING_ESTIMATED, type TargetAdapter } from '../../compiler/target-adapter';

/** PostgreSQL (and CockroachDB): transactional DDL, a remote server, no partition pruning to lose. */
export const postgresAdapter: TargetAdapter = {
  transactionalDdl: true,
  readsLocalFiles: false,
  createsOriginal: false,
  opensWhileCompiling: false,
  billsBytes: false,
  sessionLocks: true,
  appendsRows: true,
  appendsWithinTransaction: true,
  isEstimated: NOTHING_ESTIMATED,
  workSchema: null,
  prunesOredRanges: true,
  ranksRepeatedCopiesOnly: true,
  passesSingleCopiesThrough: true,
  fetchesByRowid: false,
  buildsDaysInPlace: false,
  indexesCopies: false,
};
