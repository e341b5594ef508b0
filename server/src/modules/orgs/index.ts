export {
  corpIdOf,
  createOrg,
  findOrgByCorpId,
  getOrg,
  rotateContactSecret,
  validateAdminInput,
  type CreatedOrg,
  type CreateOrgOptions,
} from './orgs.service.js';
export { createAdmin, listAdmins, type AdminRole, type AdminView, type CreateAdminOptions } from './admins.service.js';
export { requireAdmin, useSecureCookies, SESSION_COOKIE } from './session-cookie.js';
export { createDemoOrg, DEMO_ADMIN } from './demo.js';
export { orgRoutes } from './orgs.routes.js';
export { orgsModule } from './orgs.module.js';
export { DevMailbox, listDevMail, signUpMailerFor, type SignUpMailer } from './sign-up-mail.js';
