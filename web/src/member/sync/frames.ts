import type { ServerFrame } from './inbox-types';

/** Parses a gateway frame; unknown or malformed frames come back as null and are ignored. */
export function parseServerFrame(text: string): ServerFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const frame = value as { type?: unknown; entry?: unknown; seq?: unknown; message?: unknown };
  switch (frame.type) {
    case 'hello':
    case 'resync':
    case 'pong':
      return { type: frame.type };
    case 'entry':
      return typeof frame.entry === 'object' && frame.entry !== null
        ? ({ type: 'entry', entry: frame.entry } as ServerFrame)
        : null;
    case 'synced':
      return typeof frame.seq === 'number' ? { type: 'synced', seq: frame.seq } : null;
    case 'error':
      return { type: 'error', message: typeof frame.message === 'string' ? frame.message : '' };
    default:
      return null;
  }
}
