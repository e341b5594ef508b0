import { defineModule } from '../../platform/module.js';
import { jsapiVerifyRoutes } from './jsapi-verify.routes.js';
import { oauthRoutes } from './oauth.routes.js';

export const oauthModule = defineModule({ name: 'oauth', routes: () => [...oauthRoutes, ...jsapiVerifyRoutes] });
