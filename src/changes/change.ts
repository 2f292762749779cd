/** What flows through a change feed, apart from where it goes (sinks.ts) and how each sink delivers it. */

/** One change as consumers receive it (inserts are UPDATEs, as in common replication formats). */
export interface Change {
  readonly ts: number;
  readonly doc_type: string;
  readonly doc_id: string;
  readonly op: 'UPDATE' | 'DELETE';
  readonly value: Record<string, unknown>;
}

/** An open sink: delivers changes, then is closed. */
export interface Sender {
  /** Delivers the changes in order; resolves once the sink has them all, rejects when it refused them. */
  send(changes: readonly Change[]): Promise<void>;
  close(): Promise<void>;
}
