import { defineModule } from '../../platform/module.js';
import { appConversationRoutes } from './app-conversations.routes.js';

export const appConversationsModule = defineModule({ name: 'app-conversations', routes: () => appConversationRoutes });
