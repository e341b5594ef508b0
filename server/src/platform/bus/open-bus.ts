import type { Logger } from 'pino';
import { type Bus, InProcessBus } from './bus.js';

/**
 * Opens the bus ENCLAVE_BUS_URL names: unset is in-process, `nats://…` connects to NATS, where every subject is
 * put under `prefix` (ENCLAVE_BUS_PREFIX) so that deployments can share a NATS server.
 */
export async function openBus(url: string | undefined, log: Logger, prefix = 'enclave'): Promise<Bus> {
  if (!url) return new InProcessBus(log);
  const { connectNatsBus } = await import('./nats-bus.js');
  return connectNatsBus(url, log, prefix);
}
