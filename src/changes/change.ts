/** What a change feed sends, and to what: shared by the sinks (file, standard output, Pub/Sub) and the outbox. */

/** One change as consumers receive it (inserts are UPDATEs, as in common replication formats). */
export interface Change {
  readonly ts: number;
  readonly doc_type: string;
  readonly doc_id: string;
  readonly op: 'UPDATE' | 'DELETE';
  readonly value: Record<string, unknown>;
}

export interface Sender {
  /** Delivers the changes in order; resolves once the sink has them all, rejects when it refused them. */
  send(changes: readonly Change[]): Promise<void>;
  close(): Promise<void>;
}
