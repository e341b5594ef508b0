import { invalid } from '../platform/errors.js';

/**
 * Reads WeCom request fields the way real SDKs send them: numbers as strings, `""`/absent meaning "not
 * given", 2015-era spellings. Every reader validates and names the field in its error.
 */
export class Fields {
  constructor(private readonly source: Record<string, unknown>) {}

  static of(value: unknown): Fields {
    return new Fields(
      typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {},
    );
  }

  has(name: string): boolean {
    const v = this.source[name];
    return v !== undefined && v !== null && v !== '';
  }

  string(name: string, options: { max?: number } = {}): string | undefined {
    const v = this.source[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') throw invalid('request.invalid', `${name} must be a string`);
    const s = String(v);
    if (options.max !== undefined && [...s].length > options.max) {
      throw invalid('request.invalid', `${name} may be at most ${options.max} characters`);
    }
    return s;
  }

  requiredString(name: string, missingCode = 'request.invalid', options: { max?: number } = {}): string {
    const s = this.string(name, options);
    if (s === undefined || s.trim() === '') throw invalid(missingCode, `${name} missing`);
    return s;
  }

  int(name: string, options: { min?: number; max?: number } = {}): number | undefined {
    const v = this.source[name];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : Number.NaN;
    if (!Number.isSafeInteger(n)) throw invalid('request.invalid', `${name} must be an integer`);
    if ((options.min !== undefined && n < options.min) || (options.max !== undefined && n > options.max)) {
      throw invalid('request.invalid', `${name} is out of range`);
    }
    return n;
  }

  requiredInt(name: string, missingCode = 'request.invalid', options: { min?: number; max?: number } = {}): number {
    const n = this.int(name, options);
    if (n === undefined) throw invalid(missingCode, `${name} missing`);
    return n;
  }

  /**
   * An integer list; a single number or a `|`/`,`-separated string is accepted too. `max` bounds how many
   * items, `item` the range of each.
   */
  intList(name: string, options: { max?: number; item?: { min?: number; max?: number } } = {}): number[] | undefined {
    const v = this.source[name];
    if (v === undefined || v === null || v === '') return undefined;
    const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[|,]/) : [v];
    const out = items.map((item, i) =>
      Fields.of({ [`${name}[${i}]`]: item }).requiredInt(`${name}[${i}]`, 'request.invalid', options.item),
    );
    if (options.max !== undefined && out.length > options.max) {
      throw invalid('request.invalid', `${name} may hold at most ${options.max} items`);
    }
    return out;
  }

  /** A string list; a `|`-separated string is accepted too (2015-era SDKs). */
  stringList(name: string, options: { max?: number } = {}): string[] | undefined {
    const v = this.source[name];
    if (v === undefined || v === null || v === '') return undefined;
    const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split('|') : [v];
    const out = items.map((item, i) => {
      if (typeof item !== 'string' && typeof item !== 'number')
        throw invalid('request.invalid', `${name}[${i}] must be a string`);
      return String(item);
    });
    if (options.max !== undefined && out.length > options.max) {
      throw invalid('request.invalid', `${name} may hold at most ${options.max} items`);
    }
    return out.filter((s) => s !== '');
  }

  object(name: string): Record<string, unknown> | undefined {
    const v = this.source[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw invalid('request.invalid', `${name} must be an object`);
    return v as Record<string, unknown>;
  }

  bool(name: string): boolean | undefined {
    const v = this.source[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (v === true || v === 1 || v === '1' || v === 'true') return true;
    if (v === false || v === 0 || v === '0' || v === 'false') return false;
    throw invalid('request.invalid', `${name} must be true or false`);
  }
}
