import { resolve } from 'node:path';
import { z } from 'zod';
import type { HttpTimeouts } from './platform/http/server.js';
import { parseRoles, type Role } from './platform/module.js';
import type { RateLimits } from './platform/rate-limit.js';

/**
 * Every setting Enclave reads, with its type, default and validation. docs/configuration.md mirrors this
 * list for operators.
 */
const schema = z.object({
  /** HTTP port of the api role (admin console, client API, open API). */
  ENCLAVE_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Address to listen on. */
  ENCLAVE_HOST: z.string().min(1).default('0.0.0.0'),
  /** `sqlite:PATH` (embedded, the default) or `postgres://…` (cluster). */
  ENCLAVE_DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
    .optional(),
  /** Bus between the processes of a cluster (`nats://host:4222`, several comma-separated); unset: in-process. */
  ENCLAVE_BUS_URL: z
    .string()
    .regex(/^nats:\/\/[^,\s]+(,\s*nats:\/\/[^,\s]+)*$/, 'must be nats://host:port (comma-separated for several)')
    .optional(),
  /** Redis for rate-limit and quota counters shared by a cluster's processes; unset: each process counts alone. */
  ENCLAVE_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be redis://[user:password@]host:port[/db]')
    .optional(),
  /** Prefix of every key Enclave writes in that Redis, so that several deployments can share one. */
  ENCLAVE_REDIS_PREFIX: z
    .string()
    .regex(/^[\w:.-]{1,64}$/, 'letters, digits and _ : . - only, at most 64')
    .default('enclave:'),
  /**
   * Prefix of every subject Enclave sends on that NATS (dot-separated tokens), so that several deployments can
   * share one; unset: ENCLAVE_REDIS_PREFIX's tokens (`enclave:` gives `enclave`).
   */
  ENCLAVE_BUS_PREFIX: z
    .string()
    .regex(/^(?=.{1,64}$)[\w-]+(\.[\w-]+)*$/, 'letters, digits, _ and - in dot-separated parts, at most 64')
    .optional(),
  /**
   * Which parts this process plays, comma-separated: `api` (admin and client API, /cgi-bin), `realtime`
   * (members' WebSockets), `worker` (jobs, outbox relay, callback delivery). Unset: all three. Splitting them
   * needs PostgreSQL (several processes on one store).
   */
  ENCLAVE_ROLES: z
    .string()
    .refine((value) => parseRoles(value) !== null, 'a comma-separated list of api, realtime and worker')
    .optional(),
  /** Folder for the SQLite file and media blobs. */
  ENCLAVE_DATA_DIR: z.string().min(1).default('./data'),
  /** 1 creates a demo org on first start; 0 skips it. */
  ENCLAVE_DEMO: z.enum(['0', '1']).default('1'),
  /**
   * Proxies in front whose X-Forwarded-For is believed for the client's address (which the sign-in limits count
   * per): how many (hops), or their addresses / CIDRs comma-separated; 0 believes none.
   */
  ENCLAVE_TRUST_PROXY: z
    .string()
    .trim()
    .regex(
      /^(\d{1,2}|[\da-fA-F.:/]+(\s*,\s*[\da-fA-F.:/]+)*)$/,
      'a number of proxies, or their addresses or CIDRs comma-separated',
    )
    .default('0'),
  /** Marks session cookies Secure; turn on behind HTTPS. */
  ENCLAVE_SECURE_COOKIES: z.enum(['0', '1']).default('0'),
  /**
   * 1 checks every client and admin API answer against its contract (@enclave/contracts) and answers 500 for
   * one outside it: on in tests and `npm run dev`; off in production, where the check would only cost.
   */
  ENCLAVE_CHECK_RESPONSES: z.enum(['0', '1']).default('0'),
  /** pino level. */
  ENCLAVE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Open-API calls per org per API per minute / hour (WeCom's figures by default); 45009 beyond. */
  ENCLAVE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(1).default(10_000),
  ENCLAVE_LIMIT_API_PER_HOUR: z.coerce.number().int().min(1).default(150_000),
  /** Messages per app per member per minute / hour; the excess is dropped silently, as WeCom does. */
  ENCLAVE_LIMIT_MESSAGES_PER_MEMBER_MINUTE: z.coerce.number().int().min(1).default(30),
  ENCLAVE_LIMIT_MESSAGES_PER_MEMBER_HOUR: z.coerce.number().int().min(1).default(1_000),
  /** SMTP server for verification codes by email (`smtp://user:pass@host:587`); unset: the development outbox. */
  ENCLAVE_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  /**
   * Where users reach this Enclave (`https://enclave.example.com`), for the links in mail (admin sign-up).
   * Unset: the address the request came to, which a client chooses: set it whenever mail goes out (SMTP).
   */
  ENCLAVE_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** Sender address of those emails. */
  ENCLAVE_MAIL_FROM: z.string().min(3).default('Enclave <no-reply@enclave.local>'),
  /** Largest upload (media, CSV imports) in megabytes. */
  ENCLAVE_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(1024).default(20),
  /**
   * Seconds a client has to send a whole request, headers and body (408 and closed past it): a body trickled in
   * never holds a connection for ever. An open WebSocket is no longer a request. Leave room for the largest upload
   * over the slowest link served (20 MB in 300 s is 70 KB/s).
   */
  ENCLAVE_HTTP_REQUEST_TIMEOUT_S: z.coerce.number().int().min(1).max(86_400).default(300),
  /** Seconds a client has to send a request's headers; at most the request timeout. */
  ENCLAVE_HTTP_HEADERS_TIMEOUT_S: z.coerce.number().int().min(1).max(86_400).default(30),
  /** Seconds a connection may pass with nothing sent either way before it is closed (WebSockets keep their own). */
  ENCLAVE_HTTP_IDLE_TIMEOUT_S: z.coerce.number().int().min(1).max(86_400).default(120),
  /** Seconds an idle keep-alive connection waits for its next request; keep it above a load balancer's idle timeout. */
  ENCLAVE_HTTP_KEEP_ALIVE_TIMEOUT_S: z.coerce.number().int().min(1).max(86_400).default(72),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string;
  /** Unset: the in-process bus (one process). */
  busUrl: string | undefined;
  redisUrl: string | undefined;
  redisPrefix: string;
  /** The deployment's namespace on the bus: every NATS subject starts with it. */
  busPrefix: string;
  dataDir: string;
  /** The parts this process plays (ENCLAVE_ROLES). */
  roles: ReadonlySet<Role>;
  demo: boolean;
  secureCookies: boolean;
  /** Answers checked against their contracts (ENCLAVE_CHECK_RESPONSES). */
  checkResponses: boolean;
  /** Fastify's trustProxy: false (the socket's address), a number of hops, or the proxies' addresses. */
  trustProxy: false | number | string[];
  logLevel: z.infer<typeof schema>['ENCLAVE_LOG_LEVEL'];
  maxUploadBytes: number;
  httpTimeouts: HttpTimeouts;
  limits: RateLimits;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** ENCLAVE_PUBLIC_URL without a trailing slash. */
  publicUrl: string | undefined;
};

function trustProxyOf(value: string): Config['trustProxy'] {
  if (/^\d+$/.test(value)) return Number(value) > 0 ? Number(value) : false;
  return value.split(',').map((address) => address.trim());
}

/** The bus prefix of a deployment that names only its Redis prefix: the same tokens (`acme:enclave:` → `acme.enclave`). */
function busPrefixOf(redisPrefix: string): string {
  return redisPrefix.split(/[:.]/).filter(Boolean).join('.') || 'enclave';
}

/** Reads the environment; an invalid value stops start-up with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.ENCLAVE_HTTP_HEADERS_TIMEOUT_S > e.ENCLAVE_HTTP_REQUEST_TIMEOUT_S) {
    throw new Error(
      'invalid configuration:\n  ENCLAVE_HTTP_HEADERS_TIMEOUT_S: must be at most ENCLAVE_HTTP_REQUEST_TIMEOUT_S',
    );
  }
  // Mailed links must not take their address from a request's Host header, which a client chooses.
  if (e.ENCLAVE_SMTP_URL && !e.ENCLAVE_PUBLIC_URL) {
    throw new Error(
      'invalid configuration:\n  ENCLAVE_PUBLIC_URL: required with ENCLAVE_SMTP_URL (the address in mailed sign-up links)',
    );
  }
  const dataDir = resolve(e.ENCLAVE_DATA_DIR);
  const roles = parseRoles(e.ENCLAVE_ROLES) ?? new Set<Role>();
  const databaseUrl = e.ENCLAVE_DATABASE_URL ?? `sqlite:${resolve(dataDir, 'enclave.db')}`;
  if (roles.size < 3 && databaseUrl.startsWith('sqlite:')) {
    throw new Error(
      'invalid configuration:\n  ENCLAVE_ROLES: a process on SQLite plays every role (split roles need PostgreSQL)',
    );
  }
  return {
    port: e.ENCLAVE_PORT,
    host: e.ENCLAVE_HOST,
    databaseUrl,
    busUrl: e.ENCLAVE_BUS_URL,
    redisUrl: e.ENCLAVE_REDIS_URL,
    redisPrefix: e.ENCLAVE_REDIS_PREFIX,
    busPrefix: e.ENCLAVE_BUS_PREFIX ?? busPrefixOf(e.ENCLAVE_REDIS_PREFIX),
    dataDir,
    roles,
    demo: e.ENCLAVE_DEMO === '1',
    secureCookies: e.ENCLAVE_SECURE_COOKIES === '1',
    checkResponses: e.ENCLAVE_CHECK_RESPONSES === '1',
    trustProxy: trustProxyOf(e.ENCLAVE_TRUST_PROXY),
    logLevel: e.ENCLAVE_LOG_LEVEL,
    maxUploadBytes: e.ENCLAVE_MAX_UPLOAD_MB * 1024 * 1024,
    httpTimeouts: {
      requestMs: e.ENCLAVE_HTTP_REQUEST_TIMEOUT_S * 1000,
      headersMs: e.ENCLAVE_HTTP_HEADERS_TIMEOUT_S * 1000,
      idleMs: e.ENCLAVE_HTTP_IDLE_TIMEOUT_S * 1000,
      keepAliveMs: e.ENCLAVE_HTTP_KEEP_ALIVE_TIMEOUT_S * 1000,
    },
    smtpUrl: e.ENCLAVE_SMTP_URL,
    mailFrom: e.ENCLAVE_MAIL_FROM,
    publicUrl: e.ENCLAVE_PUBLIC_URL,
    limits: {
      apiPerMinute: e.ENCLAVE_LIMIT_API_PER_MINUTE,
      apiPerHour: e.ENCLAVE_LIMIT_API_PER_HOUR,
      messagesPerMemberMinute: e.ENCLAVE_LIMIT_MESSAGES_PER_MEMBER_MINUTE,
      messagesPerMemberHour: e.ENCLAVE_LIMIT_MESSAGES_PER_MEMBER_HOUR,
    },
  };
}
