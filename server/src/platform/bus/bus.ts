import type { Logger } from 'pino';

/** What a subscriber receives: the bytes as published (strings arrive as their UTF-8 bytes). */
export type BusHandler = (data: Uint8Array, subject: string) => void;

/**
 * Messages between the processes of one Enclave (DESIGN.md §2): in-process in embedded mode, NATS in
 * cluster mode. Delivery is best effort and at most once — the database stays the truth; the bus only
 * says "look now" (realtime pushes, cache invalidation). Subjects are dot-separated; a subscription may use
 * NATS wildcards: `*` matches one token, a final `>` one or more. Subjects are the deployment's own
 * (`org.7.entries.v2`): the NATS bus puts them under the deployment's prefix on the wire.
 */
export interface Bus {
  /** `in-process` or `nats`. */
  readonly kind: 'in-process' | 'nats';
  publish(subject: string, data: Uint8Array | string): void;
  /** Returns the function that ends the subscription. */
  subscribe(subject: string, handler: BusHandler): () => void;
  close(): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeBusData(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

export function decodeBusData(data: Uint8Array): string {
  return decoder.decode(data);
}

/** Whether a subject matches a subscription pattern (NATS rules for `*` and `>`). */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i += 1) {
    if (p[i] === '>') return i === p.length - 1 && s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

/**
 * The bus of a single process: handlers run synchronously inside `publish`, so a publisher that awaits
 * nothing still sees its subscribers done. A throwing handler is logged and does not reach the publisher.
 */
export class InProcessBus implements Bus {
  readonly kind = 'in-process' as const;
  private readonly subscriptions = new Set<{ pattern: string; handler: BusHandler }>();

  constructor(private readonly log?: Logger) {}

  publish(subject: string, data: Uint8Array | string): void {
    const bytes = encodeBusData(data);
    for (const subscription of [...this.subscriptions]) {
      if (!subjectMatches(subscription.pattern, subject)) continue;
      try {
        subscription.handler(bytes, subject);
      } catch (error) {
        this.log?.warn({ err: error, subject }, 'bus handler failed');
      }
    }
  }

  subscribe(subject: string, handler: BusHandler): () => void {
    const subscription = { pattern: subject, handler };
    this.subscriptions.add(subscription);
    return () => this.subscriptions.delete(subscription);
  }

  close(): Promise<void> {
    this.subscriptions.clear();
    return Promise.resolve();
  }
}
