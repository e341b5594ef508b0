import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { invalid } from '../../../platform/errors.js';

/** Decodes a CSV file written as UTF-8 (with or without BOM) or GBK, as WeCom's clients do. */
export function decodeCsv(data: Buffer): string {
  if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) return data.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return iconv.decode(data, 'gbk');
  }
}

export type CsvTable = { header: string[]; rows: { line: number; cells: string[] }[] };

/** Parses a CSV into its header and rows; each row keeps its line number in the file for the report. */
export function parseCsv(data: Buffer): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(decodeCsv(data), {
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      bom: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    throw invalid('job.invalid_file', `the file is not a readable CSV: ${(error as Error).message}`);
  }
  const [first, ...rest] = records;
  if (!first) throw invalid('job.invalid_file', 'the file is empty');
  return {
    header: first.record.map((h) => h.trim()),
    rows: rest
      .filter((r) => r.record.some((cell) => cell.trim() !== ''))
      .map((r) => ({ line: r.info.lines, cells: r.record })),
  };
}

/** Finds which column holds each field, by any of its accepted header names (Chinese template or English). */
export function mapColumns<F extends string>(header: string[], names: Record<F, string[]>): Partial<Record<F, number>> {
  const out: Partial<Record<F, number>> = {};
  const normalised = header.map((h) => h.toLowerCase().replace(/[\s_]/g, ''));
  for (const [field, aliases] of Object.entries(names) as [F, string[]][]) {
    const index = normalised.findIndex((h) =>
      aliases.some((a) => {
        const alias = a.toLowerCase().replace(/[\s_]/g, '');
        return h === alias || (alias.endsWith('*') && h.startsWith(alias.slice(0, -1)));
      }),
    );
    if (index >= 0) out[field] = index;
  }
  return out;
}
