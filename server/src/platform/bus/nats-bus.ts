import { connect, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import { type Bus, type BusHandler, encodeBusData } from './bus.js';

/** The bus of a cluster: core NATS publish/subscribe (no JetStream — nothing on the bus must survive). */
export class NatsBus implements Bus {
  readonly kind = 'nats' as const;

  constructor(
    private readonly connection: NatsConnection,
    private readonly log: Logger,
  ) {}

  /** Buffered while reconnecting; dropped (and logged) once the connection is closed: the bus is best effort. */
  publish(subject: string, data: Uint8Array | string): void {
    try {
      this.connection.publish(subject, encodeBusData(data));
    } catch (error) {
      this.log.warn({ err: error, subject }, 'bus publish dropped');
    }
  }

  subscribe(subject: string, handler: BusHandler): () => void {
    const subscription = this.connection.subscribe(subject, {
      callback: (error, message) => {
        if (error) {
          this.log.warn({ err: error, subject }, 'bus subscription failed');
          return;
        }
        try {
          handler(message.data, message.subject);
        } catch (failure) {
          this.log.warn({ err: failure, subject: message.subject }, 'bus handler failed');
        }
      },
    });
    return () => subscription.unsubscribe();
  }

  /** Sends what is buffered, then disconnects. */
  async close(): Promise<void> {
    if (this.connection.isClosed()) return;
    await this.connection.drain();
  }
}

/** Connects to the NATS servers of a `nats://host:port[,nats://…]` URL, retrying for ever after a loss. */
export async function connectNatsBus(url: string, log: Logger): Promise<NatsBus> {
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
  return new NatsBus(connection, log);
}
