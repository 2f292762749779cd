/**
 * Publishes changes to Google Cloud Pub/Sub with the official client: ordering key = doc_id (the changes of one
 * event stay in order), batched publishing, bounded retries of transient errors (the client's own retry settings).
 */
import { PubSub, type Topic } from '@google-cloud/pubsub';
import type { SinkConfig } from '../config/schema';
import { OperationError } from '../errors';
import type { Change, Sender } from './change';

type PubsubConfig = Extract<SinkConfig, { type: 'pubsub' }>;

const TRANSIENT = [4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 10 /* ABORTED */, 13 /* INTERNAL */, 14 /* UNAVAILABLE */];

export class PubsubSender implements Sender {
  private readonly client: PubSub;
  private readonly topic: Topic;

  constructor(config: PubsubConfig) {
    this.client = new PubSub({
      projectId: config.project,
      ...(config.api_endpoint ? { apiEndpoint: config.api_endpoint, emulatorMode: true } : {}),
    });
    this.topic = this.client.topic(config.topic, {
      messageOrdering: true,
      batching: { maxMessages: config.batch_size, maxMilliseconds: 20 },
      gaxOpts: {
        retry: {
          retryCodes: TRANSIENT,
          backoffSettings: {
            initialRetryDelayMillis: 100,
            retryDelayMultiplier: 2,
            maxRetryDelayMillis: 5000,
            initialRpcTimeoutMillis: 10_000,
            rpcTimeoutMultiplier: 1,
            maxRpcTimeoutMillis: 10_000,
            maxRetries: config.max_retries,
          },
        },
      },
    });
  }

  async send(changes: readonly Change[]): Promise<void> {
    const results = await Promise.allSettled(
      changes.map((c) => this.topic.publishMessage({ data: Buffer.from(JSON.stringify(c)), orderingKey: c.doc_id, attributes: { doc_type: c.doc_type, op: c.op } })),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      // A failed ordering key stays paused in the client; the next delivery starts from a fresh client.
      const reason = failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
      throw new OperationError(`Pub/Sub topic ${this.topic.name}: ${reason.split('\n')[0]}`);
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
