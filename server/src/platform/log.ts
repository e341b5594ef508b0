import pino, { type Logger } from 'pino';

/** One logger for the process; secrets never reach it (we log ids, not bodies or query strings). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.cookie', 'req.query.corpsecret', 'req.query.access_token'], remove: true },
  });
}
