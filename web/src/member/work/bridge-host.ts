/**
 * The member client's end of the H5 JS bridge (web/public/jssdk/enclave-jweixin.js is the page's end).
 * Pure: which messages to take, the config gate and WeCom's result shapes; what each API does (the device,
 * sheets, the server) comes in as `BridgeImpl`, so tests drive it with fakes.
 */

export type BridgeRequest = { id: string; method: string; args: Record<string, unknown> };
export type BridgeResult = { errMsg: string } & Record<string, unknown>;
export type BridgeResponse = { enclaveBridge: 1; id: string; result: BridgeResult };

export type SignatureCheck = { url: string; timestamp: number; nonceStr: string; signature: string; agentId?: number };
export type Location = { latitude: number; longitude: number; accuracy: number; speed: number };
export type PickedContacts = {
  userList: { id: string; name: string; avatar: string }[];
  departmentList: { id: number; name: string }[];
};
export type ContactOptions = { mode: 'single' | 'multi'; types: ('user' | 'department')[]; fromDepartmentId: number };

/** What the client does for each call. `null` from a picker means the member cancelled. */
export type BridgeImpl = {
  verify: (check: SignatureCheck) => Promise<boolean>;
  /** Signs a config for Enclave's own demo page only (see `isDemoPage`). */
  demoSign: (url: string, agentId?: number) => Promise<Record<string, unknown>>;
  getLocation: (type: 'wgs84' | 'gcj02') => Promise<Location | null>;
  scanQRCode: () => Promise<string | null>;
  chooseImage: (count: number) => Promise<string[] | null>;
  getLocalImgData: (localId: string) => Promise<string | null>;
  selectEnterpriseContact: (options: ContactOptions) => Promise<PickedContacts | null>;
  closeWindow: () => void;
};

const MAX_ID = 100;

/** A bridge call as the page sends it, or null for any other message. */
export function parseBridgeRequest(data: unknown): BridgeRequest | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  if (d.enclaveBridge !== 1 || typeof d.id !== 'string' || d.id === '' || d.id.length > MAX_ID) return null;
  if (typeof d.method !== 'string' || d.method.length > 64) return null;
  const args = typeof d.args === 'object' && d.args !== null && !Array.isArray(d.args) ? d.args : {};
  return { id: d.id, method: d.method, args: args as Record<string, unknown> };
}

/**
 * The origin messages from the app's page carry: the home URL's, or 'null' for a page on the client's own
 * origin (it is framed without allow-same-origin, so it runs as an opaque origin).
 */
export function frameOrigin(homeUrl: string, selfOrigin: string): string | null {
  try {
    const url = new URL(homeUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin === selfOrigin ? 'null' : url.origin;
  } catch {
    return null;
  }
}

/** Enclave's demo page, the one page whose config the client signs itself (`__demoSign`). */
export function isDemoPage(homeUrl: string, selfOrigin: string): boolean {
  try {
    const url = new URL(homeUrl);
    return url.origin === selfOrigin && url.pathname === '/jssdk/demo.html';
  } catch {
    return false;
  }
}

/** Whether a message event came from the app's own frame and origin. */
export function isFromFrame(
  event: { source: unknown; origin: string },
  frameWindow: unknown,
  expectedOrigin: string | null,
): boolean {
  return (
    frameWindow != null && event.source === frameWindow && expectedOrigin !== null && event.origin === expectedOrigin
  );
}

function text(value: unknown, max = 2048): string | null {
  return typeof value === 'string' && value !== '' && value.length <= max ? value : null;
}

function int(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

export type BridgeHostOptions = {
  agentId: number;
  /** The home URL's origin: a config must be for a page there. */
  appOrigin: string;
  /** Whether `__demoSign` is honoured (Enclave's own demo page). */
  demo: boolean;
  impl: BridgeImpl;
};

/** One app page's bridge: answers each call with WeCom's `errMsg` convention. */
export function createBridgeHost(options: BridgeHostOptions) {
  const { impl } = options;
  let configured = false;

  const ok = (name: string, extra: Record<string, unknown> = {}): BridgeResult => ({ ...extra, errMsg: `${name}:ok` });
  const fail = (name: string, why?: string): BridgeResult => ({ errMsg: `${name}:fail${why ? ` ${why}` : ''}` });
  const cancel = (name: string): BridgeResult => ({ errMsg: `${name}:cancel` });

  async function config(name: 'config' | 'agentConfig', args: Record<string, unknown>): Promise<BridgeResult> {
    const url = text(args.url);
    const nonceStr = text(args.nonceStr, 128);
    const signature = text(args.signature, 128);
    const timestamp = int(args.timestamp);
    if (!url || !nonceStr || !signature || timestamp === null) return fail(name, 'missing signature fields');
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return fail(name, 'invalid url');
    }
    if (origin !== options.appOrigin) return fail(name, 'invalid url domain');
    let agentId: number | undefined;
    if (name === 'agentConfig') {
      if (int(args.agentid) !== options.agentId) return fail(name, 'invalid agentid');
      agentId = options.agentId;
    }
    const valid = await impl.verify({
      url,
      timestamp,
      nonceStr,
      signature,
      ...(agentId === undefined ? {} : { agentId }),
    });
    if (!valid) return fail(name, 'invalid signature');
    configured = true;
    return ok(name);
  }

  async function run(method: string, args: Record<string, unknown>): Promise<BridgeResult> {
    if (method === 'config' || method === 'agentConfig') return config(method, args);
    if (method === 'closeWindow') {
      impl.closeWindow();
      return ok(method);
    }
    if (method === '__demoSign') {
      const url = text(args.url);
      if (!options.demo || !url || !url.startsWith(`${options.appOrigin}/`)) {
        return fail(method, 'only for the Enclave demo page');
      }
      const agentId = args.agent ? options.agentId : undefined;
      return ok(method, await impl.demoSign(url, agentId));
    }
    if (!configured) return { errMsg: `${method}:permission denied` };
    switch (method) {
      case 'getLocation': {
        const at = await impl.getLocation(args.type === 'gcj02' ? 'gcj02' : 'wgs84');
        return at ? ok(method, at) : cancel(method);
      }
      case 'scanQRCode': {
        const code = await impl.scanQRCode();
        if (code === null) return cancel(method);
        // needResult 0 means WeCom handles the code itself; here the page gets it either way.
        return ok(method, { resultStr: code });
      }
      case 'chooseImage': {
        const count = Math.min(Math.max(int(args.count) ?? 9, 1), 9);
        const localIds = await impl.chooseImage(count);
        return localIds && localIds.length > 0 ? ok(method, { localIds }) : cancel(method);
      }
      case 'getLocalImgData': {
        const localId = text(args.localId);
        const localData = localId ? await impl.getLocalImgData(localId) : null;
        return localData ? ok(method, { localData }) : fail(method, 'unknown localId');
      }
      case 'selectEnterpriseContact': {
        const types = (Array.isArray(args.type) ? args.type : ['user', 'department']).filter(
          (t): t is 'user' | 'department' => t === 'user' || t === 'department',
        );
        const picked = await impl.selectEnterpriseContact({
          mode: args.mode === 'single' ? 'single' : 'multi',
          types: types.length > 0 ? types : ['user'],
          fromDepartmentId: int(args.fromDepartmentId) ?? 0,
        });
        return picked ? ok(method, { result: picked }) : cancel(method);
      }
      default:
        return fail(method, 'not supported');
    }
  }

  return {
    get configured() {
      return configured;
    },
    /** The answer to one call; never throws (a failing implementation becomes ':fail'). */
    async handle(request: BridgeRequest): Promise<BridgeResponse> {
      let result: BridgeResult;
      try {
        result = await run(request.method, request.args);
      } catch (error) {
        result = fail(request.method, error instanceof Error ? error.message : undefined);
      }
      return { enclaveBridge: 1, id: request.id, result };
    },
  };
}
