/** Wire shapes of the member inbox (GET /api/client/inbox and the realtime gateway): the server's contracts. */
export type { ClientFrame, InboxItem, InboxMessage, InboxSender, ServerFrame } from '@enclave/contracts';
