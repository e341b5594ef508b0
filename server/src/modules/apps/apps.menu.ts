import {
  type MenuAction,
  type MenuItem,
  MenuItemType as MenuItemTypeSchema,
  type MenuItemType,
} from '@enclave/contracts';
import type { OrgContext } from '../../platform/context.js';
import { invalid, notFound } from '../../platform/errors.js';
import { menuErrors as E } from './apps.errors.js';
import { assertCanConfigureApp } from './apps.policy.js';
import { requireApp } from './apps.service.js';

/** What a menu item does when tapped (WeCom's button types, wecom-api.md §6.2): the contract's list. */
export const MENU_ITEM_TYPES = MenuItemTypeSchema.options;
export type { MenuAction, MenuItem, MenuItemType };

/** A menu item as a caller sent it, before validation (field types unchecked). */
export type MenuItemInput = {
  name?: unknown;
  type?: unknown;
  key?: unknown;
  url?: unknown;
  appId?: unknown;
  pagePath?: unknown;
  items?: unknown;
};

/** Byte limits (UTF-8), as WeCom counts them. */
const LIMITS = { topName: 16, subName: 40, key: 128, url: 1024 } as const;

type Level = {
  name: string;
  type: string;
  key: string;
  url: string;
  urlDomain: string;
  nameBytes: number;
};
const TOP: Level = {
  name: E.buttonName,
  type: E.buttonType,
  key: E.buttonKey,
  url: E.buttonUrl,
  urlDomain: E.buttonUrlDomain,
  nameBytes: LIMITS.topName,
};
const SUB: Level = {
  name: E.subButtonName,
  type: E.subButtonType,
  key: E.subButtonKey,
  url: E.subButtonUrl,
  urlDomain: E.subButtonUrlDomain,
  nameBytes: LIMITS.subName,
};

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function validateAction(input: MenuItemInput, name: string, level: Level): MenuAction {
  const type = text(input.type);
  if (!type || !(MENU_ITEM_TYPES as readonly string[]).includes(type)) {
    throw invalid(level.type, `menu item "${name}" has an unknown type "${type ?? ''}"`);
  }
  if (type === 'view') {
    const url = text(input.url)?.trim() ?? '';
    if (url === '' || bytes(url) > LIMITS.url)
      throw invalid(level.url, `menu item "${name}": url must be 1 to 1024 bytes`);
    if (!isHttpUrl(url)) throw invalid(level.urlDomain, `menu item "${name}": url must be an http(s) URL`);
    return { name, type, url };
  }
  if (type === 'view_miniprogram') {
    const appId = text(input.appId)?.trim() ?? '';
    const pagePath = text(input.pagePath)?.trim() ?? '';
    if (appId === '' || pagePath === '' || bytes(appId) > 64 || bytes(pagePath) > LIMITS.url) {
      throw invalid(E.miniProgram, `menu item "${name}": a mini program item needs appid and pagepath`);
    }
    return { name, type, appId, pagePath };
  }
  const key = text(input.key) ?? '';
  if (key === '' || bytes(key) > LIMITS.key)
    throw invalid(level.key, `menu item "${name}": key must be 1 to 128 bytes`);
  return { name, type: type as Exclude<MenuItemType, 'view' | 'view_miniprogram'>, key };
}

function validateName(input: MenuItemInput, level: Level): string {
  const name = text(input.name) ?? '';
  if (name.trim() === '' || bytes(name) > level.nameBytes) {
    throw invalid(level.name, `menu item names must be 1 to ${level.nameBytes} bytes, got "${name}"`);
  }
  return name;
}

function asInput(value: unknown, level: Level): MenuItemInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(level.type, 'each menu item must be an object');
  }
  return value as MenuItemInput;
}

/**
 * Checks a menu as WeCom does (wecom-api.md §6.2) and returns it with only the fields that matter: 1–3 items,
 * each an action or a group of 1–5 actions, two levels at most.
 */
export function validateMenu(items: unknown): MenuItem[] {
  if (!Array.isArray(items) || items.length < 1 || items.length > 3) {
    throw invalid(E.buttonCount, 'a menu has 1 to 3 items');
  }
  return items.map((raw) => {
    const input = asInput(raw, TOP);
    const name = validateName(input, TOP);
    // WxJava sends `sub_button: []` on every action, so an empty list with a type is an action.
    // With neither, it is an action without a type (40017), unless it sent an empty group (40023).
    const hasType = input.type !== undefined && input.type !== null && input.type !== '';
    const isAbsent = input.items === undefined || input.items === null;
    const isEmptyList = Array.isArray(input.items) && input.items.length === 0;
    if (isAbsent || (isEmptyList && hasType)) return validateAction(input, name, TOP);
    if (!Array.isArray(input.items) || input.items.length < 1 || input.items.length > 5) {
      throw invalid(E.subButtonCount, `menu group "${name}" has 1 to 5 items`);
    }
    const children = input.items.map((rawChild) => {
      const child = asInput(rawChild, SUB);
      const childName = validateName(child, SUB);
      if (Array.isArray(child.items) && child.items.length > 0) {
        throw invalid(E.tooDeep, `menu item "${childName}": menus have two levels at most`);
      }
      return validateAction(child, childName, SUB);
    });
    return { name, items: children };
  });
}

/** The stored menu, or null (stored menus were validated on the way in). */
export function parseStoredMenu(json: string | null): MenuItem[] | null {
  return json === null ? null : (JSON.parse(json) as MenuItem[]);
}

/** Replaces an app's menu (WeCom's menu/create); the app itself or an app manager may. */
export async function setAppMenu(ctx: OrgContext, agentId: number, items: unknown): Promise<MenuItem[]> {
  const app = await requireApp(ctx.db, ctx.orgId, agentId);
  assertCanConfigureApp(ctx.actor, app);
  const menu = validateMenu(items);
  await ctx.db
    .updateTable('apps')
    .set({ menu: JSON.stringify(menu) })
    .where('org_id', '=', ctx.orgId)
    .where('id', '=', app.id)
    .execute();
  return menu;
}

/** An app's menu; an app without one is `menu.not_set` (WeCom's 46003, which SDKs read as "no menu"). */
export async function getAppMenu(ctx: OrgContext, agentId: number): Promise<MenuItem[]> {
  const app = await requireApp(ctx.db, ctx.orgId, agentId);
  assertCanConfigureApp(ctx.actor, app);
  const menu = parseStoredMenu(app.menu);
  if (!menu) throw notFound(E.notSet, `app ${agentId} has no menu`);
  return menu;
}

export async function deleteAppMenu(ctx: OrgContext, agentId: number): Promise<void> {
  const app = await requireApp(ctx.db, ctx.orgId, agentId);
  assertCanConfigureApp(ctx.actor, app);
  await ctx.db
    .updateTable('apps')
    .set({ menu: null })
    .where('org_id', '=', ctx.orgId)
    .where('id', '=', app.id)
    .execute();
}
