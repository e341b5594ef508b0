import type * as T from './types.js';

/** An answer with a non-zero `errcode`; the whole body stays available (e.g. `invaliduser` beside 81013). */
export class EnclaveApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    /** The endpoint, e.g. `user/get`. */
    readonly path: string,
    readonly body: Record<string, unknown> = {},
  ) {
    super(`${path}: errcode ${errcode}, ${errmsg}`);
    this.name = 'EnclaveApiError';
  }
}

/** A transport failure: the server answered something other than HTTP 200 (WeCom's APIs always answer 200). */
export class EnclaveHttpError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly text: string,
  ) {
    super(`${path}: HTTP ${status} ${text.slice(0, 200)}`);
    this.name = 'EnclaveHttpError';
  }
}

export type EnclaveClientOptions = {
  /** Enclave's address, e.g. `https://enclave.example.com` (a trailing `/cgi-bin` is accepted too). */
  baseUrl: string;
  /** The org's corpid (`ww…`), shown in the admin console. */
  corpId: string;
  /** An app's secret, or the org's directory secret for full directory access. */
  secret: string;
  /** Replaces the global `fetch` (a proxy agent, a test double). */
  fetch?: typeof fetch;
  /** Refresh the token this many seconds before it expires (default 300, at most half its lifetime). */
  refreshMarginSeconds?: number;
};

type Query = Record<string, string | number | undefined>;
type Body = Record<string, unknown> | object;

/** Codes that mean "this token is no longer good": drop it, get another, retry once (wecom-api.md §1.3). */
const TOKEN_ERRORS = new Set([40014, 42001]);

/**
 * A typed client of Enclave's WeCom-compatible open API (`/cgi-bin`). It fetches and caches the access token,
 * refreshes it before expiry and once when the server rejects it, and throws `EnclaveApiError` on a non-zero
 * `errcode`. Methods take and return WeCom's wire shapes (types.ts).
 */
export class EnclaveClient {
  readonly #base: string;
  readonly #corpId: string;
  readonly #secret: string;
  readonly #fetch: typeof fetch;
  readonly #margin: number;
  #token: { value: string; refreshAt: number } | null = null;
  #minting: Promise<string> | null = null;

  constructor(options: EnclaveClientOptions) {
    this.#base = options.baseUrl.replace(/\/+$/, '').replace(/\/cgi-bin$/, '');
    this.#corpId = options.corpId;
    this.#secret = options.secret;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.#margin = options.refreshMarginSeconds ?? 300;
  }

  /** A valid access token: the cached one, or a new one from `gettoken` when it is missing or about to expire. */
  async getAccessToken(): Promise<string> {
    if (this.#token && Date.now() < this.#token.refreshAt) return this.#token.value;
    // Concurrent calls share one gettoken request.
    this.#minting ??= this.#mintToken().finally(() => {
      this.#minting = null;
    });
    return this.#minting;
  }

  /** Forgets the cached token, so the next call fetches a new one. */
  forgetAccessToken(): void {
    this.#token = null;
  }

  async #mintToken(): Promise<string> {
    const body = await this.#send<T.GetTokenResponse>('GET', 'gettoken', {
      corpid: this.#corpId,
      corpsecret: this.#secret,
    });
    const lifetime = Number(body.expires_in);
    const margin = Math.min(this.#margin, lifetime / 2);
    this.#token = { value: body.access_token, refreshAt: Date.now() + (lifetime - margin) * 1000 };
    return body.access_token;
  }

  #url(path: string, query: Query): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    return `${this.#base}/cgi-bin/${path}?${params.toString()}`;
  }

  async #fetchOk(method: 'GET' | 'POST', path: string, query: Query, body?: Body | FormData): Promise<Response> {
    const init: RequestInit = { method };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json; charset=utf-8' };
    }
    const response = await this.#fetch(this.#url(path, query), init);
    if (response.status !== 200) throw new EnclaveHttpError(response.status, path, await response.text());
    return response;
  }

  /** One request without a token (gettoken); throws on a non-zero errcode. */
  async #send<R>(method: 'GET' | 'POST', path: string, query: Query, body?: Body | FormData): Promise<R> {
    const response = await this.#fetchOk(method, path, query, body);
    return checked<R>(path, await readJson(path, response));
  }

  /**
   * Calls any `/cgi-bin` endpoint with the access token, retrying once with a new token when the server says
   * the token is invalid or expired. For endpoints this client has no method for.
   */
  async request<R = T.ApiResult>(
    method: 'GET' | 'POST',
    path: string,
    options: { query?: Query; body?: Body | FormData } = {},
  ): Promise<R> {
    const answer = await this.#authorized(method, path, options.query ?? {}, options.body);
    // A JSON body without its Content-Type is still read as JSON.
    return checked<R>(path, 'json' in answer ? answer.json : await readJson(path, answer.response));
  }

  /**
   * Sends a request with the token. A JSON answer is returned parsed (after one retry with a new token when the
   * old one was refused); any other answer (media bytes) is returned as it came.
   */
  async #authorized(
    method: 'GET' | 'POST',
    path: string,
    query: Query,
    body?: Body | FormData,
  ): Promise<{ json: Record<string, unknown>; response: Response; bytes: Uint8Array } | { response: Response }> {
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.getAccessToken();
      const response = await this.#fetchOk(method, path, { ...query, access_token: token }, body);
      if (!isJson(response)) return { response };
      const bytes = new Uint8Array(await response.arrayBuffer());
      const json = parseJson(path, response.status, new TextDecoder().decode(bytes));
      if (attempt === 0 && TOKEN_ERRORS.has(Number(json.errcode))) {
        // Only drop the token that failed; a concurrent call may already have replaced it.
        if (this.#token?.value === token) this.forgetAccessToken();
        continue;
      }
      return { json, response, bytes };
    }
  }

  #get<R>(path: string, query: Query = {}): Promise<R> {
    return this.request<R>('GET', path, { query });
  }

  #post<R>(path: string, body: Body, query: Query = {}): Promise<R> {
    return this.request<R>('POST', path, { query, body });
  }

  /** Departments (wecom-api.md §3.1). */
  readonly department = {
    create: (body: T.CreateDepartmentRequest) => this.#post<T.CreateDepartmentResponse>('department/create', body),
    update: (body: T.UpdateDepartmentRequest) => this.#post<T.ApiResult>('department/update', body),
    delete: (id: number) => this.#get<T.ApiResult>('department/delete', { id }),
    /** The department and all its descendants; the whole tree visible to the token without an id. */
    list: (id?: number) => this.#get<T.ListDepartmentsResponse>('department/list', { id }),
    simpleList: (id?: number) => this.#get<T.SimpleListDepartmentsResponse>('department/simplelist', { id }),
    get: (id: number) => this.#get<T.GetDepartmentResponse>('department/get', { id }),
  };

  /** Members (wecom-api.md §3.2). */
  readonly user = {
    create: (body: T.CreateUserRequest) => this.#post<T.ApiResult>('user/create', body),
    get: (userid: string) => this.#get<T.GetUserResponse>('user/get', { userid }),
    update: (body: T.UpdateUserRequest) => this.#post<T.ApiResult>('user/update', body),
    delete: (userid: string) => this.#get<T.ApiResult>('user/delete', { userid }),
    list: (query: T.ListUsersQuery) => this.#get<T.ListUsersResponse>('user/list', query),
    simpleList: (query: T.ListUsersQuery) => this.#get<T.SimpleListUsersResponse>('user/simplelist', query),
    /** One page of (userid, department) pairs; pass `next_cursor` back until it is empty. */
    listId: (body: T.ListUserIdsRequest = {}) => this.#post<T.ListUserIdsResponse>('user/list_id', body),
  };

  /** Tags (wecom-api.md §3.3). */
  readonly tag = {
    create: (body: T.CreateTagRequest) => this.#post<T.CreateTagResponse>('tag/create', body),
    update: (body: T.UpdateTagRequest) => this.#post<T.ApiResult>('tag/update', body),
    delete: (tagid: number) => this.#get<T.ApiResult>('tag/delete', { tagid }),
    get: (tagid: number) => this.#get<T.GetTagResponse>('tag/get', { tagid }),
    list: () => this.#get<T.ListTagsResponse>('tag/list'),
    addUsers: (body: T.TagUsersRequest) => this.#post<T.TagUsersResponse>('tag/addtagusers', body),
    delUsers: (body: T.TagUsersRequest) => this.#post<T.TagUsersResponse>('tag/deltagusers', body),
  };

  /** Directory imports from an uploaded CSV (wecom-api.md §3.4). */
  readonly batch = {
    syncUser: (body: T.BatchJobRequest) => this.#post<T.BatchJobResponse>('batch/syncuser', body),
    replaceUser: (body: T.BatchJobRequest) => this.#post<T.BatchJobResponse>('batch/replaceuser', body),
    replaceParty: (body: T.BatchJobRequest) => this.#post<T.BatchJobResponse>('batch/replaceparty', body),
    getResult: (jobid: string) => this.#get<T.BatchResultResponse>('batch/getresult', { jobid }),
  };

  /** App messages (wecom-api.md §4.1, §4.2). */
  readonly message = {
    send: (body: T.SendMessageRequest) => this.#post<T.SendMessageResponse>('message/send', body),
    recall: (msgid: string) => this.#post<T.ApiResult>('message/recall', { msgid }),
  };

  /** Temporary media (wecom-api.md §5). */
  readonly media = {
    /** Uploads a file as the multipart field `media`; the filename is what recipients see. */
    upload: (type: T.MediaType, file: Blob, filename: string) => {
      const form = new FormData();
      form.append('media', file, filename);
      return this.request<T.UploadMediaResponse>('POST', 'media/upload', { query: { type }, body: form });
    },
    /** The stored bytes with their type and name. */
    get: async (mediaId: string): Promise<T.DownloadedMedia> => {
      const answer = await this.#authorized('GET', 'media/get', { media_id: mediaId });
      // A JSON answer is an error, unless the stored file is itself JSON (then it carries no errcode).
      if ('json' in answer && answer.json.errcode !== undefined) checked('media/get', answer.json);
      const { response } = answer;
      return {
        data: 'bytes' in answer ? answer.bytes : new Uint8Array(await response.arrayBuffer()),
        contentType: response.headers.get('content-type') ?? 'application/octet-stream',
        filename: filenameOf(response.headers.get('content-disposition')),
      };
    },
  };

  /** The app itself (wecom-api.md §6.1); only an app's own token reads or changes it. */
  readonly agent = {
    get: (agentid: number) => this.#get<T.GetAgentResponse>('agent/get', { agentid }),
    set: (body: T.SetAgentRequest) => this.#post<T.ApiResult>('agent/set', body),
    list: () => this.#get<T.ListAgentsResponse>('agent/list'),
  };

  /** The app's menu (wecom-api.md §6.2); `get` throws errcode 46003 when none is set. */
  readonly menu = {
    create: (agentid: number, menu: T.Menu) => this.#post<T.ApiResult>('menu/create', menu, { agentid }),
    get: (agentid: number) => this.#get<T.GetMenuResponse>('menu/get', { agentid }),
    delete: (agentid: number) => this.#get<T.ApiResult>('menu/delete', { agentid }),
  };
}

function isJson(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json');
}

async function readJson(path: string, response: Response): Promise<Record<string, unknown>> {
  return parseJson(path, response.status, await response.text());
}

function parseJson(path: string, status: number, text: string): Record<string, unknown> {
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) return json as Record<string, unknown>;
  } catch {
    // fall through: not JSON
  }
  throw new EnclaveHttpError(status, path, `expected a JSON object, got: ${text}`);
}

function checked<R>(path: string, json: Record<string, unknown>): R {
  const errcode = Number(json.errcode ?? 0);
  if (errcode !== 0) throw new EnclaveApiError(errcode, String(json.errmsg ?? ''), path, json);
  return json as R;
}

/** `filename*=UTF-8''…` when present (RFC 6266), else the plain `filename="…"` (percent-decoded if it is). */
function filenameOf(disposition: string | null): string {
  if (!disposition) return '';
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
  const raw = extended?.[2] ?? plain?.[1] ?? plain?.[2]?.trim() ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
