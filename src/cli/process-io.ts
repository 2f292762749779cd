/** Where a run writes (tests capture it; the binary uses the process streams). */
export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
}

/** Set once standard output's reader has gone (`backfill operations | head -1`): the rest of the output is dropped. */
let stdoutClosed = false;
let stderrClosed = false;

/**
 * A closed pipe on standard output (EPIPE) is not the command's failure: its work goes on (or has committed), what
 * it would print is dropped, and it exits with its own code, without a stack trace. Standard error alike (`2>&1 | head`);
 * yargs' own help goes straight to the streams, so main() watches them before parsing.
 */
export function watchPipes(): void {
  if (process.stdout.listenerCount('error') === 0) process.stdout.on('error', closedPipe(() => (stdoutClosed = true)));
  if (process.stderr.listenerCount('error') === 0) process.stderr.on('error', closedPipe(() => (stderrClosed = true)));
}

function closedPipe(mark: () => void): (err: NodeJS.ErrnoException) => void {
  return (err) => {
    if (err.code !== 'EPIPE') throw err;
    mark();
  };
}

/** The process's own streams. */
export const PROCESS_IO: Io = {
  stdout: (s) => {
    watchPipes();
    if (!stdoutClosed) process.stdout.write(s);
  },
  stderr: (s) => {
    watchPipes();
    if (!stderrClosed) process.stderr.write(s);
  },
};
