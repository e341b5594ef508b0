import { defineModule } from '../../platform/module.js';
import { chatRoutes } from './chat.routes.js';

export const chatModule = defineModule({ name: 'chat', routes: () => chatRoutes });
