/** Events this module records in the outbox, in the transaction of the change. */
export type AppChatCreatedEvent = {
  type: 'appchat.created';
  payload: { chatId: string; appId: number; name: string; ownerId: number; memberIds: number[] };
};

export type AppChatUpdatedEvent = {
  type: 'appchat.updated';
  payload: {
    chatId: string;
    appId: number;
    /** Present when the name changed. */
    name?: string;
    /** Present when the owner changed. */
    ownerId?: number;
    addedMemberIds: number[];
    removedMemberIds: number[];
  };
};

export type AppChatEvent = AppChatCreatedEvent | AppChatUpdatedEvent;
