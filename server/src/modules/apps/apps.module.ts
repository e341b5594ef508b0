import { defineModule } from '../../platform/module.js';
import { appRoutes } from './apps.routes.js';

export const appsModule = defineModule({ name: 'apps', routes: () => appRoutes });
