import { z } from 'zod';
import { defineEvent } from '../../platform/outbox/events.js';

/** Who entered and who left an app's range (internal member ids): its callback hears subscribe / unsubscribe. */
export const AppScopeChanged = defineEvent(
  'app.scope_changed',
  z.object({ appId: z.number(), added: z.array(z.number()), removed: z.array(z.number()) }),
);
