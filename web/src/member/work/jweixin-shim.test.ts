import { describe, expect, it } from 'vitest';
import shimSource from '../../../public/jssdk/enclave-jweixin.js?raw';

type Posted = { enclaveBridge: number; id: string; method: string; args: Record<string, unknown> };
type Result = Record<string, unknown> & { errMsg: string };
type Wx = Record<string, (options?: Record<string, unknown>) => void>;

/** Runs the page's script against a fake window whose parent records what is posted. */
function loadShim(options: { top?: boolean } = {}) {
  const posted: Posted[] = [];
  const listeners: ((event: { data: unknown; source: unknown }) => void)[] = [];
  const parent = { postMessage: (message: Posted) => posted.push(message) };
  const win: Record<string, unknown> = {
    parent,
    location: { href: 'https://app.example.com/page?a=1#/route' },
    addEventListener: (type: string, fn: (event: { data: unknown; source: unknown }) => void) => {
      if (type === 'message') listeners.push(fn);
    },
  };
  if (options.top) win.parent = win;
  new Function('window', shimSource)(win);
  const answer = (id: string, result: Result, source: unknown = parent) => {
    for (const fn of listeners) fn({ data: { enclaveBridge: 1, id, result }, source });
  };
  return { wx: win.wx as Wx, ww: win.ww, posted, answer };
}

function recorder() {
  const calls: [string, Result | undefined][] = [];
  const on = (name: string) => (r?: Result) => calls.push([name, r]);
  return {
    calls,
    callbacks: { success: on('success'), fail: on('fail'), cancel: on('cancel'), complete: on('complete') },
  };
}

describe('enclave-jweixin.js', () => {
  it('defines wx and ww, and refuses APIs before config without asking the client', () => {
    const { wx, ww, posted } = loadShim();
    expect(ww).toBe(wx);
    const r = recorder();
    wx.getLocation?.({ type: 'wgs84', ...r.callbacks });
    expect(r.calls.map((c) => c[0])).toEqual(['fail', 'complete']);
    expect(r.calls[0]?.[1]).toEqual({ errMsg: 'getLocation:permission denied' });
    expect(posted).toEqual([]);
  });

  it('posts config with the page URL (no fragment), runs ready on ok, then matches answers by id', () => {
    const { wx, posted, answer } = loadShim();
    const events: string[] = [];
    wx.ready?.((() => events.push('ready')) as never);
    wx.config?.({ appId: 'corp', timestamp: 1, nonceStr: 'n', signature: 's', jsApiList: ['getLocation'] });
    const config = posted[0];
    expect(config).toMatchObject({ enclaveBridge: 1, method: 'config' });
    expect(config?.args).toEqual({
      appId: 'corp',
      timestamp: 1,
      nonceStr: 'n',
      signature: 's',
      jsApiList: ['getLocation'],
      url: 'https://app.example.com/page?a=1',
    });
    answer(config?.id ?? '', { errMsg: 'config:ok' });
    expect(events).toEqual(['ready']);

    const a = recorder();
    const b = recorder();
    wx.scanQRCode?.({ needResult: 1, ...a.callbacks });
    wx.chooseImage?.({ count: 1, ...b.callbacks });
    const [scan, choose] = posted.slice(1);
    expect(scan?.args).toEqual({ needResult: 1 });
    expect(scan?.id).not.toBe(choose?.id);
    // An answer from elsewhere, or to an unknown id, is ignored.
    answer(scan?.id ?? '', { errMsg: 'scanQRCode:ok', resultStr: 'x' }, {});
    answer('nosuch', { errMsg: 'scanQRCode:ok' });
    expect(a.calls).toEqual([]);
    answer(choose?.id ?? '', { errMsg: 'chooseImage:cancel' });
    expect(b.calls.map((c) => c[0])).toEqual(['cancel', 'complete']);
    answer(scan?.id ?? '', { errMsg: 'scanQRCode:ok', resultStr: 'x' });
    expect(a.calls[0]).toEqual(['success', { errMsg: 'scanQRCode:ok', resultStr: 'x' }]);
    // Each answer is taken once.
    answer(scan?.id ?? '', { errMsg: 'scanQRCode:ok', resultStr: 'y' });
    expect(a.calls).toHaveLength(2);
  });

  it('calls error handlers when config fails, and keeps APIs closed', () => {
    const { wx, posted, answer } = loadShim();
    const errors: unknown[] = [];
    wx.error?.(((res: Result) => errors.push(res)) as never);
    wx.config?.({ signature: 'bad' });
    answer(posted[0]?.id ?? '', { errMsg: 'config:fail invalid signature' });
    expect(errors).toEqual([{ errMsg: 'config:fail invalid signature' }]);
    const r = recorder();
    wx.selectEnterpriseContact?.({ mode: 'single', ...r.callbacks });
    expect(r.calls[0]?.[1]).toEqual({ errMsg: 'selectEnterpriseContact:permission denied' });
    expect(posted).toHaveLength(1);
  });

  it('answers checkJsApi itself and lets closeWindow through without config', () => {
    const { wx, posted } = loadShim();
    const r = recorder();
    wx.checkJsApi?.({ jsApiList: ['getLocation', 'openEnterpriseChat'], ...r.callbacks });
    expect(r.calls[0]?.[1]).toEqual({
      errMsg: 'checkJsApi:ok',
      checkResult: { getLocation: true, openEnterpriseChat: false },
    });
    wx.closeWindow?.();
    expect(posted[0]?.method).toBe('closeWindow');
  });

  it('fails at once on a page opened outside the client', () => {
    const { wx } = loadShim({ top: true });
    const r = recorder();
    wx.agentConfig?.({ agentid: 1, ...r.callbacks });
    expect(r.calls[0]).toEqual(['fail', { errMsg: 'agentConfig:fail not inside the Enclave client' }]);
  });
});
