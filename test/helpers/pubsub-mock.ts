/**
 * A local Pub/Sub Publisher (gRPC, the protocol the real client speaks) that records every publish request, and can
 * fail the next ones with a transient error (UNAVAILABLE) or a permanent one (PERMISSION_DENIED).
 */
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export interface PublishedMessage {
  readonly data: string;
  readonly orderingKey: string;
  readonly attributes: Record<string, string>;
}

export interface PublishRequest {
  readonly topic: string;
  readonly messages: readonly PublishedMessage[];
}

export class PubsubMock {
  readonly requests: PublishRequest[] = [];
  /** Errors to answer the next publish calls with, first one first. */
  readonly failures: Array<'transient' | 'denied'> = [];
  private constructor(
    private readonly server: grpc.Server,
    readonly port: number,
  ) {}

  static async start(): Promise<PubsubMock> {
    const protoDir = path.join(path.dirname(require.resolve('@google-cloud/pubsub/package.json')), 'build', 'protos');
    const gaxProtos = path.join(path.dirname(require.resolve('google-gax')), '..', 'protos');
    const def = protoLoader.loadSync(path.join(protoDir, 'google/pubsub/v1/pubsub.proto'), { includeDirs: [gaxProtos, protoDir], keepCase: false, longs: String, defaults: true });
    const pkg = grpc.loadPackageDefinition(def) as unknown as { google: { pubsub: { v1: { Publisher: { service: grpc.ServiceDefinition } } } } };
    const server = new grpc.Server();
    let mock: PubsubMock | undefined;
    let ids = 0;
    server.addService(pkg.google.pubsub.v1.Publisher.service, {
      Publish: (call: grpc.ServerUnaryCall<{ topic: string; messages: Array<{ data: Buffer; orderingKey: string; attributes: Record<string, string> }> }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
        const failure = mock!.failures.shift();
        if (failure === 'transient') return cb({ code: grpc.status.UNAVAILABLE, details: 'try again' } as grpc.ServiceError, null);
        if (failure === 'denied') return cb({ code: grpc.status.PERMISSION_DENIED, details: 'User not authorized to perform this action.' } as grpc.ServiceError, null);
        const messages = call.request.messages.map((m) => ({ data: Buffer.from(m.data).toString('utf8'), orderingKey: m.orderingKey, attributes: { ...m.attributes } }));
        mock!.requests.push({ topic: call.request.topic, messages });
        cb(null, { messageIds: messages.map(() => String(++ids)) });
      },
    });
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    mock = new PubsubMock(server, port);
    return mock;
  }

  /** Every message published, in order. */
  messages(): PublishedMessage[] {
    return this.requests.flatMap((r) => r.messages);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }
}
