/**
 * Where a change feed goes: an NDJSON file (appended, `-` for standard output), a Pub/Sub topic
 * (`pubsub://<topic>`), or a sink named in backfill.yml under `changes.sinks`.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RunContext } from '../compiler/statements';
import { pubsubTopic, type SinkConfig } from '../config/schema';
import { UsageError } from '../errors';
import type { Change, Sender } from './change';
import { PubsubSender } from './pubsub-sink';

export interface Sink {
  /** The sink's name in the ledger (`change_sinks.sink`). */
  readonly name: string;
  /** What the user wrote, kept so `changes resume` can open it again. */
  readonly spec: string;
  readonly config: SinkConfig;
  open(stdout: (text: string) => void): Sender;
}

/** Resolves `--changes <spec>`: a configured sink's name, `pubsub://<topic>`, `-`, or a file path. */
export function resolveSink(ctx: RunContext, spec: string): Sink {
  const changes = ctx.project.config.changes;
  const named = changes.sinks[spec];
  if (named) return sink(spec, spec, named);
  if (spec.startsWith('pubsub://')) {
    const topic = spec.slice('pubsub://'.length);
    if (!pubsubTopic.safeParse(topic).success) throw new UsageError(`--changes: '${topic.slice(0, 60)}' is not a Pub/Sub topic id (e.g. pubsub://stage-changes)`);
    if (!changes.pubsub_project) throw new UsageError(`--changes ${spec}: set changes.pubsub_project in backfill.yml (or name a sink under changes.sinks)`);
    return sink(spec, spec, { type: 'pubsub', project: changes.pubsub_project, topic, max_retries: 5, batch_size: 100 });
  }
  if (spec === '-' || spec === 'stdout') return sink('stdout', '-', { type: 'file', path: '-' });
  if (spec.trim() === '' || spec.includes('\0')) throw new UsageError(`--changes: give a file path, - (standard output), pubsub://<topic> or a sink named in backfill.yml`);
  const file = path.resolve(spec);
  return sink(file, file, { type: 'file', path: file });
}

function sink(name: string, spec: string, config: SinkConfig): Sink {
  return {
    name,
    spec,
    config,
    open: (stdout) => (config.type === 'pubsub' ? new PubsubSender(config) : new FileSender(config.path, stdout)),
  };
}

/**
 * Opens a feed file for appending, never through a symbolic link at its path (a link planted there would send the
 * feed into whatever it points at). A feed is appended to, so it cannot be replaced atomically: a link is refused.
 */
function openForAppend(file: string): number {
  const { O_APPEND, O_CREAT, O_WRONLY, O_NOFOLLOW } = fs.constants;
  try {
    return fs.openSync(file, O_APPEND | O_CREAT | O_WRONLY | O_NOFOLLOW, 0o644);
  } catch (err) {
    // Linux says ELOOP for a link under O_NOFOLLOW (some systems EMLINK or EFTYPE).
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK' || code === 'EFTYPE') {
      throw new Error(`${file} is a symbolic link; the change feed is never appended through links (remove it, e.g. rm ${file})`);
    }
    throw err;
  }
}

/** Appends NDJSON lines and syncs them to disk before the changes count as delivered. */
class FileSender implements Sender {
  constructor(
    private readonly file: string,
    private readonly stdout: (text: string) => void,
  ) {}

  async send(changes: readonly Change[]): Promise<void> {
    const text = changes.map((c) => `${JSON.stringify(c)}\n`).join('');
    if (this.file === '-') {
      this.stdout(text);
      return;
    }
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const fd = openForAppend(this.file);
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  async close(): Promise<void> {}
}
