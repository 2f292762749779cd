/** Where a run writes (tests capture it; the binary uses the process streams). */
export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

/** Set once standard output's reader has gone (`backfill operations | head -1`): the rest of the output is dropped. */
let stdoutClosed = false;

/**
 * A closed pipe on standard output (EPIPE) is not the command's failure: its work goes on (or has committed), what
 * it would print is dropped, and it exits with its own code, without a stack trace.
 */
function watchStdout(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      stdoutClosed = true;
      return;
    }
    throw err;
  });
}

/** The process's own streams. */
export const PROCESS_IO: Io = {
  stdout: (s) => {
    watchStdout();
    if (!stdoutClosed) process.stdout.write(s);
  },
  stderr: (s) => process.stderr.write(s),
};
