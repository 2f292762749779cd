import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { serverBinary, zetasqlModule, type ZetasqlClient } from './package';

const READY_TIMEOUT_MS = 20_000;

/**
 * ZetaSQL's local service (the package's remote_server binary) on a free local port, supervised: started and
 * waited for until it answers, restarted on its port as soon as it dies unasked, stopped on request. `generation`
 * counts the processes started, so a caller can tell that what it registered with an earlier one is gone.
 */
export class ZetasqlService {
  private child: ChildProcess | null = null;
  private stopping = false;
  private starting: Promise<void> | null = null;
  private gen = 0;
  port = 0;

  constructor(private readonly log: (line: string) => void = () => undefined) {}

  get generation(): number {
    return this.gen;
  }

  /** The running process's id (null when none). */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Starts the service (once) and resolves when it answers. */
  start(): Promise<void> {
    this.stopping = false;
    this.starting ??= this.spawnAndWait().catch((err: unknown) => {
      this.starting = null;
      throw err;
    });
    return this.starting;
  }

  /** The client for the running service (started or restarted first when needed). */
  async client(): Promise<ZetasqlClient> {
    await this.start();
    return zetasqlModule().ZetaSQLClient.getInstance();
  }

  stop(): void {
    this.stopping = true;
    this.starting = null;
    this.child?.kill('SIGKILL');
    this.child = null;
  }

  private async spawnAndWait(): Promise<void> {
    const { ZetaSQLClient } = zetasqlModule(); // first: a missing package says so before anything is started
    const binary = serverBinary();
    // A restart keeps its port: clients elsewhere (test workers) still know the service by it.
    this.port ||= await freePort();
    const child = spawn(binary, ['localhost', String(this.port)], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    this.gen++;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    const died = new Promise<never>((_, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => reject(new Error(`ZetaSQL service exited (${signal ?? code}) while starting: ${stderr.trim()}`)));
    });
    died.catch(() => undefined);
    let answered = false;
    child.once('exit', (code, signal) => {
      if (this.child !== child || this.stopping) return;
      this.child = null;
      if (!answered) return; // died while starting: start() fails with its message
      this.log(`ZetaSQL service died (${signal ?? code}); restarting`);
      this.starting = null;
      // Right away, not on the next call: clients in other processes (test workers) know it by its port only.
      // A restart that fails is logged; the next client() tries again.
      this.start().catch((err: unknown) => this.log(`ZetaSQL service did not restart: ${String((err as Error).message ?? err)}`));
    });
    ZetaSQLClient.init(this.port);
    await Promise.race([waitUntilReady(ZetaSQLClient.getInstance()), died]);
    answered = true;
  }
}

/** Resolves when the service answers (it may be starting or restarting), or fails after READY_TIMEOUT_MS. */
export async function waitUntilReady(client: ZetasqlClient): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      await client.formatSql({ sql: 'SELECT 1' });
      return;
    } catch (err) {
      if ((err as { code?: number }).code !== 14 || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, 'localhost', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A service some other process supervises (jest's global set-up), known by its port. */
export class AttachedService {
  readonly generation = 1;
  private ready: Promise<void> | null = null;

  constructor(private readonly port: number) {}

  async client(): Promise<ZetasqlClient> {
    const { ZetaSQLClient } = zetasqlModule();
    this.ready ??= (async () => {
      ZetaSQLClient.init(this.port);
      await waitUntilReady(ZetaSQLClient.getInstance());
    })();
    await this.ready;
    return ZetaSQLClient.getInstance();
  }
}
