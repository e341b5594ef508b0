import { z } from 'zod';
import { Id } from './common.js';

/** Apps: the member client's workbench and menus (`/api/client/apps`), the console's app settings (`/api/admin/apps`). */

/** What a menu item does when tapped (WeCom's button types, wecom-api.md §6.2). */
export const MenuItemType = z.enum([
  'click',
  'view',
  'scancode_push',
  'scancode_waitmsg',
  'pic_sysphoto',
  'pic_photo_or_album',
  'pic_weixin',
  'location_select',
  'view_miniprogram',
]);
export type MenuItemType = z.infer<typeof MenuItemType>;

/** One action of an app's menu. */
export const MenuAction = z.discriminatedUnion('type', [
  z.strictObject({ name: z.string(), type: z.literal('view'), url: z.string() }),
  z.strictObject({ name: z.string(), type: z.literal('view_miniprogram'), appId: z.string(), pagePath: z.string() }),
  z.strictObject({ name: z.string(), type: MenuItemType.exclude(['view', 'view_miniprogram']), key: z.string() }),
]);
export type MenuAction = z.infer<typeof MenuAction>;

/** A top-level menu entry: an action, or a group of 1–5 actions (WeCom's `sub_button`). */
export const MenuItem = z.union([
  z.strictObject({ name: z.string(), items: z.array(MenuAction).min(1).max(5) }),
  MenuAction,
]);
export type MenuItem = z.infer<typeof MenuItem>;

/** An app as the member client shows it: on the workbench, as a conversation, with its menu (1–3 entries). */
export const MemberApp = z.strictObject({
  agentId: Id,
  name: z.string(),
  description: z.string(),
  homeUrl: z.string(),
  logoUrl: z.string().nullable(),
  menu: z.array(MenuItem).max(3).nullable(),
});
export type MemberApp = z.infer<typeof MemberApp>;

/** `GET /api/client/apps` */
export const MemberAppList = z.strictObject({ items: z.array(MemberApp) });
export type MemberAppList = z.infer<typeof MemberAppList>;

/** An app as the console lists it. */
export const AppView = z.strictObject({
  id: Id,
  agentId: Id,
  name: z.string(),
  description: z.string(),
  /** Its secret may edit the directory through the open API (an HR sync app). */
  canWriteDirectory: z.boolean(),
  isEnabled: z.boolean(),
});
export type AppView = z.infer<typeof AppView>;

/** `GET /api/admin/apps` */
export const AppList = z.array(AppView);
export type AppList = z.infer<typeof AppList>;

/** `POST /api/admin/apps`: the new app and its secret, shown this once (it is stored hashed). */
export const CreatedApp = z.strictObject({ app: AppView, secret: z.string() });
export type CreatedApp = z.infer<typeof CreatedApp>;

/** `POST /api/admin/apps/:agentId/secret`: the new secret, shown this once. */
export const AppSecret = z.strictObject({ secret: z.string() });
export type AppSecret = z.infer<typeof AppSecret>;

/** Who may see and use an app; all three empty means the whole org. */
export const AppScopeView = z.strictObject({
  memberUserIds: z.array(z.string()),
  departmentIds: z.array(Id),
  tagIds: z.array(Id),
});
export type AppScopeView = z.infer<typeof AppScopeView>;

/** `GET /api/admin/apps/:agentId`, and what each settings change answers. */
export const AppDetails = AppView.extend({
  /** An external URL or a path on this server; '' when unset. */
  squareLogoUrl: z.string(),
  homeUrl: z.string(),
  /** The trusted domain for OAuth and JS-SDK signatures; '' when unset. */
  redirectDomain: z.string(),
  reportLocation: z.boolean(),
  reportEnter: z.boolean(),
  /** Opened to external contacts (off by default). */
  externalContacts: z.boolean(),
  menu: z.array(MenuItem).max(3).nullable(),
  scope: AppScopeView,
});
export type AppDetails = z.infer<typeof AppDetails>;
