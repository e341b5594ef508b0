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
