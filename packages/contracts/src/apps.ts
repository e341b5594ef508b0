import { z } from 'zod';

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
  z.object({ name: z.string(), type: z.literal('view'), url: z.string() }),
  z.object({ name: z.string(), type: z.literal('view_miniprogram'), appId: z.string(), pagePath: z.string() }),
  z.object({ name: z.string(), type: MenuItemType.exclude(['view', 'view_miniprogram']), key: z.string() }),
]);
export type MenuAction = z.infer<typeof MenuAction>;

/** A top-level menu entry: an action, or a group of 1–5 actions (WeCom's `sub_button`). */
export const MenuItem = z.union([z.object({ name: z.string(), items: z.array(MenuAction).min(1).max(5) }), MenuAction]);
export type MenuItem = z.infer<typeof MenuItem>;

/** An app as the member client shows it: on the workbench, as a conversation, with its menu (1–3 entries). */
export const MemberApp = z.object({
  agentId: z.number().int(),
  name: z.string(),
  description: z.string(),
  homeUrl: z.string(),
  logoUrl: z.string().nullable(),
  menu: z.array(MenuItem).max(3).nullable(),
});
export type MemberApp = z.infer<typeof MemberApp>;

/** `GET /api/client/apps` */
export const MemberAppList = z.object({ items: z.array(MemberApp) });
export type MemberAppList = z.infer<typeof MemberAppList>;
