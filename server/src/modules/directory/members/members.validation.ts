import { invalid } from '../../../platform/errors.js';
import { memberErrors as E } from './members.errors.js';
import type { MemberDepartment } from './members.types.js';

const USER_ID = /^[0-9A-Za-z][0-9A-Za-z_\-@.]{0,63}$/;
const MOBILE = /^\+?[0-9][0-9 -]{3,30}[0-9]$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MAX_DEPARTMENTS_PER_MEMBER = 100;

export function validateUserId(userId: string): string {
  const value = userId.trim();
  if (!USER_ID.test(value)) {
    throw invalid(E.invalidUserId, 'userid must be 1 to 64 letters, digits or _-@., starting with a letter or digit', {
      field: 'userid',
    });
  }
  return value;
}

export function validateName(name: string): string {
  const value = name.trim();
  if (value.length === 0 || [...value].length > 64) {
    throw invalid(E.invalidName, 'name must be 1 to 64 characters', { field: 'name' });
  }
  return value;
}

/** Empty means "no mobile"; anything else must look like a phone number. */
export function validateMobile(mobile: string | null | undefined): string | null {
  const value = mobile?.trim() ?? '';
  if (value === '') return null;
  if (!MOBILE.test(value)) throw invalid(E.invalidMobile, `"${value}" is not a mobile number`, { field: 'mobile' });
  return value;
}

export function validateEmail(email: string | null | undefined): string | null {
  const value = email?.trim().toLowerCase() ?? '';
  if (value === '') return null;
  if (!EMAIL.test(value) || value.length < 6 || value.length > 64) {
    throw invalid(E.invalidEmail, `"${value}" is not an email address`, { field: 'email' });
  }
  return value;
}

export function validateText(field: string, value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if ([...trimmed].length > max) {
    throw invalid(E.invalidField, `${field} may be at most ${max} characters`, { field });
  }
  return trimmed;
}

export function validateGender(gender: number | undefined): number | undefined {
  if (gender === undefined) return undefined;
  if (![0, 1, 2].includes(gender)) {
    throw invalid(E.invalidField, 'gender must be 0 (unset), 1 (male) or 2 (female)', { field: 'gender' });
  }
  return gender;
}

/** De-duplicates the department list, keeping the first mention, and bounds its size. */
export function validateDepartments(departments: MemberDepartment[]): MemberDepartment[] {
  const seen = new Set<number>();
  const out = departments.filter((d) => !seen.has(d.id) && seen.add(d.id));
  if (out.length > MAX_DEPARTMENTS_PER_MEMBER) {
    throw invalid(E.tooManyDepartments, `a member can be in at most ${MAX_DEPARTMENTS_PER_MEMBER} departments`, {
      field: 'department',
    });
  }
  return out;
}

/** Bounds on a member's extattr; WeCom documents the shape (wecom-api.md §3.2) but not these figures. */
export const EXTATTR_LIMITS = {
  attrs: 100,
  name: 64,
  text: 1024,
  url: 2048,
  title: 128,
  appId: 64,
  pagePath: 1024,
  /** The whole extattr as stored (UTF-8 bytes of its JSON): it comes back in every user/get and user/list. */
  bytes: 64 * 1024,
} as const;

type Attr =
  | { type: 0; name: string; text: { value: string } }
  | { type: 1; name: string; web: { url: string; title: string } }
  | { type: 2; name: string; miniprogram: { appid: string; pagepath: string; title: string } };

function extattrError(message: string) {
  return invalid(E.invalidField, `extattr: ${message}`, { field: 'extattr' });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field of an attribute: absent is empty, anything but a string of at most `max` characters is refused. */
function attrText(where: string, value: unknown, max: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' || [...value].length > max) {
    throw extattrError(`${where} must be text of at most ${max} characters`);
  }
  return value;
}

/** The part an attribute of this type keeps its value in (`text`, `web`, `miniprogram`): an object. */
function attrPart(where: string, item: Record<string, unknown>, key: string): Record<string, unknown> {
  const part = item[key] ?? {};
  if (!isRecord(part)) throw extattrError(`${where}.${key} must be an object`);
  return part;
}

/** The type an attribute declares (a number, or a numeric string), or the one its fields imply. */
function attrTypeOf(where: string, item: Record<string, unknown>): 0 | 1 | 2 {
  const declared = item.type;
  if (declared === undefined || declared === null || declared === '') {
    if (item.web !== undefined) return 1;
    if (item.miniprogram !== undefined) return 2;
    return 0;
  }
  const type = typeof declared === 'string' && /^\d$/.test(declared) ? Number(declared) : declared;
  if (type !== 0 && type !== 1 && type !== 2) {
    throw extattrError(`${where}.type must be 0 (text), 1 (web) or 2 (mini program)`);
  }
  return type;
}

function attrOf(item: unknown, i: number): Attr {
  const where = `attrs[${i}]`;
  if (!isRecord(item)) throw extattrError(`${where} must be an object`);
  const name = attrText(`${where}.name`, item.name, EXTATTR_LIMITS.name);
  if (name.trim() === '') throw extattrError(`${where}.name is required`);
  const type = attrTypeOf(where, item);
  const L = EXTATTR_LIMITS;
  if (type === 1) {
    const web = attrPart(where, item, 'web');
    return {
      type,
      name,
      web: {
        url: attrText(`${where}.web.url`, web.url, L.url),
        title: attrText(`${where}.web.title`, web.title, L.title),
      },
    };
  }
  if (type === 2) {
    const mp = attrPart(where, item, 'miniprogram');
    return {
      type,
      name,
      miniprogram: {
        appid: attrText(`${where}.miniprogram.appid`, mp.appid, L.appId),
        pagepath: attrText(`${where}.miniprogram.pagepath`, mp.pagepath, L.pagePath),
        title: attrText(`${where}.miniprogram.title`, mp.title, L.title),
      },
    };
  }
  // 2015-era items were flat: {name, value}.
  const value = item.text === undefined && item.value !== undefined ? item.value : attrPart(where, item, 'text').value;
  return { type, name, text: { value: attrText(`${where}.text.value`, value, L.text) } };
}

/**
 * A member's custom attributes in WeCom's shape, `{attrs: [...]}`, each item reduced to its documented fields
 * (2015-era flat `{name, value}` items become text items), other keys dropped. Refused past the counts and lengths of
 * EXTATTR_LIMITS: stored unchecked, one caller's extattr would come back, whatever its size, in every listing.
 */
export function validateExtattr(
  extattr: Record<string, unknown> | undefined,
): { attrs: Attr[] } | Record<string, never> | undefined {
  if (extattr === undefined) return undefined;
  if (!isRecord(extattr)) throw extattrError('must be an object {"attrs": [...]}');
  const attrs = extattr.attrs;
  // None given: stored as nothing, as before (a member's extattr reads {} until it has attributes).
  if (attrs === undefined || attrs === null) return {};
  if (!Array.isArray(attrs)) throw extattrError('attrs must be a list');
  if (attrs.length > EXTATTR_LIMITS.attrs) throw extattrError(`at most ${EXTATTR_LIMITS.attrs} attributes`);
  const normalised = { attrs: attrs.map(attrOf) };
  if (Buffer.byteLength(JSON.stringify(normalised)) > EXTATTR_LIMITS.bytes) {
    throw extattrError(`at most ${EXTATTR_LIMITS.bytes / 1024} KB in all`);
  }
  return normalised;
}
