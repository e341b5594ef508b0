/**
 * Direct chats are named by member ids (`dm:<id>:<id>`), which the client cannot look up. The peer's
 * userid is learnt where it is known — opening the chat from a profile, or a message they sent — and
 * remembered on this device so the chat keeps its title and profile link.
 */
const KEY = 'enclave.member.dmPeers';

function readAll(): Record<string, string> {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(KEY) ?? '{}');
    return typeof value === 'object' && value !== null ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function rememberDmPeer(conversation: string, userId: string): void {
  const all = readAll();
  if (all[conversation] === userId) return;
  all[conversation] = userId;
  try {
    window.localStorage.setItem(KEY, JSON.stringify(all));
  } catch {
    // not remembered: the title falls back to names seen in the chat
  }
}

export function rememberedDmPeer(conversation: string): string | null {
  return readAll()[conversation] ?? null;
}
