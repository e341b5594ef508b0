import type { FastifyRequest } from 'fastify';
import { DomainError, invalid } from '../errors.js';

export type MultipartFile = {
  /** The text fields sent before the file, of those the route asked for. */
  fields: Record<string, string>;
  filename: string;
  /** The part's Content-Type as the client sent it (callers normalise it before storing it). */
  contentType: string;
  data: Buffer;
};

export type ReadFileOptions = {
  /** The field the file must come in (`media` on /cgi-bin, `file` for imports). */
  field: string;
  /** Text fields to keep; others are ignored. */
  fields?: string[];
  /** Read no further than this (the server's upload limit otherwise). */
  maxBytes?: number;
  /** The domain code of "no file in that field" (and of a body that is not multipart or cannot be read). */
  missingCode: string;
  /** The domain code and message of a file past the limit. */
  tooLarge: { code: string; message: string };
};

/**
 * Reads the one file of a multipart upload. A file in any other field is refused at once: the parser holds each
 * file part until it is read, so leaving one unread would leave the request (and the client) waiting forever;
 * it is drained so that the client can finish sending and read the answer. A truncated or malformed body is
 * the caller's mistake, never a server failure.
 */
export async function readMultipartFile(request: FastifyRequest, options: ReadFileOptions): Promise<MultipartFile> {
  const missing = `send the file as multipart/form-data field "${options.field}"`;
  if (!request.isMultipart()) throw invalid(options.missingCode, missing);
  const fields: Record<string, string> = {};
  try {
    const limits = options.maxBytes === undefined ? undefined : { limits: { fileSize: options.maxBytes } };
    for await (const part of request.parts(limits)) {
      if (part.type === 'field') {
        if (options.fields?.includes(part.fieldname)) fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.fieldname !== options.field) {
        part.file.resume();
        throw invalid(options.missingCode, `${missing}; a file came in field "${part.fieldname}"`);
      }
      return { fields, filename: part.filename, contentType: part.mimetype, data: await part.toBuffer() };
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw invalid(options.tooLarge.code, options.tooLarge.message);
    }
    throw invalid(options.missingCode, `the multipart body could not be read: ${(error as Error).message}`);
  }
  throw invalid(options.missingCode, `multipart field "${options.field}" missing`);
}
