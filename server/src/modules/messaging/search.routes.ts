import { FoundMessageList } from '@enclave/contracts';
import { z } from 'zod';
import { defineRoute } from '../../platform/http/route.js';
import { MAX_QUERY_CHARS } from './search-text.js';
import { searchOwnMessages } from './search.service.js';

const SearchQuery = z.object({
  q: z.string().trim().min(1).max(MAX_QUERY_CHARS),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** The member client's search in its own messages. */
export const messageSearchRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/client/messages/search',
    principal: 'member',
    response: FoundMessageList,
    query: SearchQuery,
    handler: async ({ ctx, query }) => ({
      items: await searchOwnMessages(ctx, { query: query.q, limit: query.limit }),
    }),
  }),
];
