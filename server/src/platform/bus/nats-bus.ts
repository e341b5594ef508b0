import { connect, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { type Bus, type BusHandler, encodeBusData } from './bus.js';

/**
 * The bus of a cluster: core NATS publish/subscribe (no JetStream — nothing on the bus must survive). Every
 * subject goes on the wire under the deployment's prefix (`<prefix>.org.7.entries.v2`), so deployments
 * sharing a NATS server never hear each other; callers and handlers see subjects without it.
 */
export class NatsBus implements Bus {
  readonly kind = 'nats' as const;
  private readonly prefix: string;

  constructor(
    private readonly connection: NatsConnection,
    private readonly log: Logger,
    prefix: string,
  ) {
    this.prefix = `${prefix}.`;
  }

  /** Buffered while reconnecting; dropped (and logged) once the connection is closed: the bus is best effort. */
  publish(subject: string, data: Uint8Array | string): void {
    try {
      this.connection.publish(this.prefix + subject, encodeBusData(data));
    } catch (error) {
      this.log.warn({ err: error, subject }, 'bus publish dropped');
    }
  }

  subscribe(subject: string, handler: BusHandler): () => void {
    const subscription = this.connection.subscribe(this.prefix + subject, {
      callback: (error, message) => {
        if (error) {
          this.log.warn({ err: error, subject }, 'bus subscription failed');
          return;
        }
        try {
          handler(message.data, message.subject.slice(this.prefix.length));
        } catch (failure) {
          this.log.warn({ err: failure, subject: message.subject }, 'bus handler failed');
        }
      },
    });
    return () => subscription.unsubscribe();
  }

  /** Resolves once the server has everything sent so far (subscriptions included). */
  flush(): Promise<void> {
    return this.connection.flush();
  }

  /** Sends what is buffered, then disconnects. */
  async close(): Promise<void> {
    if (this.connection.isClosed()) return;
    await this.connection.drain();
  }
}

/**
 * Connects to the NATS servers of a `nats://host:port[,nats://…]` URL, retrying for ever after a loss; `prefix`
 * (dot-separated tokens, ENCLAVE_BUS_PREFIX) is the deployment's namespace on that NATS.
 */
export async function connectNatsBus(url: string, log: Logger, prefix: string): Promise<NatsBus> {
  const servers = url.split(',').map((s) => s.trim());
  const connection = await connect({
    servers,
    name: `enclave-${process.pid}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
  });
  void (async () => {
    for await (const status of connection.status()) {
      log.info({ type: status.type, data: status.data }, 'bus connection status');
    }
  })().catch(() => undefined);
  return new NatsBus(connection, log, prefix);
}
