import { describe, expect, it, vi } from 'vitest';
import {
  createBridgeHost,
  frameOrigin,
  isDemoPage,
  isFromFrame,
  parseBridgeRequest,
  type BridgeImpl,
} from './bridge-host';

function fakeImpl(overrides: Partial<BridgeImpl> = {}): BridgeImpl {
  return {
    verify: vi.fn(async (c) => c.signature === 'good'),
    demoSign: vi.fn(async () => ({ timestamp: 1, nonceStr: 'n', signature: 'good', appId: 'corp' })),
    getLocation: vi.fn(async () => ({ latitude: 31.2, longitude: 121.5, accuracy: 30, speed: 0 })),
    scanQRCode: vi.fn(async () => 'https://example.com/qr'),
    chooseImage: vi.fn(async (count: number) => Array.from({ length: count }, (_, i) => `blob:x/${i}`)),
    getLocalImgData: vi.fn(async (id: string) => (id === 'blob:x/0' ? 'data:image/png;base64,AA==' : null)),
    selectEnterpriseContact: vi.fn(async () => ({
      userList: [{ id: 'zhangsan', name: '张三', avatar: '' }],
      departmentList: [{ id: 2, name: 'R&D' }],
    })),
    closeWindow: vi.fn(),
    ...overrides,
  };
}

const ORIGIN = 'https://app.example.com';
const signed = { url: `${ORIGIN}/page?a=1`, timestamp: 1414587457, nonceStr: 'abc', signature: 'good' };

function host(impl = fakeImpl(), demo = false) {
  const h = createBridgeHost({ agentId: 1000002, appOrigin: ORIGIN, demo, impl });
  let n = 0;
  const call = async (method: string, args: Record<string, unknown> = {}) =>
    (await h.handle({ id: `r${++n}`, method, args })).result;
  return { h, call, impl };
}

describe('parseBridgeRequest', () => {
  it('takes only well-formed bridge calls', () => {
    expect(parseBridgeRequest({ enclaveBridge: 1, id: 'a', method: 'getLocation', args: { type: 'gcj02' } })).toEqual({
      id: 'a',
      method: 'getLocation',
      args: { type: 'gcj02' },
    });
    expect(parseBridgeRequest({ enclaveBridge: 1, id: 'a', method: 'x', args: [1] })?.args).toEqual({});
    for (const bad of [
      null,
      'str',
      {},
      { enclaveBridge: 2, id: 'a', method: 'x' },
      { enclaveBridge: 1, method: 'x' },
    ]) {
      expect(parseBridgeRequest(bad)).toBeNull();
    }
    expect(parseBridgeRequest({ enclaveBridge: 1, id: 'x'.repeat(101), method: 'x' })).toBeNull();
  });
});

describe('where messages may come from', () => {
  it("is the app's frame at the home URL's origin, or an opaque origin for the client's own pages", () => {
    expect(frameOrigin('https://app.example.com/home?x=1', 'https://enclave.test')).toBe(ORIGIN);
    expect(frameOrigin('https://enclave.test/jssdk/demo.html', 'https://enclave.test')).toBe('null');
    expect(frameOrigin('javascript:alert(1)', 'https://enclave.test')).toBeNull();
    expect(frameOrigin('nope', 'https://enclave.test')).toBeNull();
    const frame = {};
    expect(isFromFrame({ source: frame, origin: ORIGIN }, frame, ORIGIN)).toBe(true);
    expect(isFromFrame({ source: {}, origin: ORIGIN }, frame, ORIGIN)).toBe(false);
    expect(isFromFrame({ source: frame, origin: 'https://evil.test' }, frame, ORIGIN)).toBe(false);
    expect(isFromFrame({ source: null, origin: ORIGIN }, null, ORIGIN)).toBe(false);
    expect(isDemoPage('https://enclave.test/jssdk/demo.html', 'https://enclave.test')).toBe(true);
    expect(isDemoPage('https://app.example.com/jssdk/demo.html', 'https://enclave.test')).toBe(false);
  });
});

describe('createBridgeHost', () => {
  it('refuses every API until config is verified, then answers with WeCom result shapes', async () => {
    const { h, call, impl } = host();
    expect(await call('getLocation')).toEqual({ errMsg: 'getLocation:permission denied' });
    expect(impl.getLocation).not.toHaveBeenCalled();
    expect(await call('config', { ...signed, signature: 'bad' })).toEqual({ errMsg: 'config:fail invalid signature' });
    expect(h.configured).toBe(false);
    expect(await call('config', signed)).toEqual({ errMsg: 'config:ok' });
    expect(impl.verify).toHaveBeenLastCalledWith(signed);
    expect(await call('getLocation', { type: 'gcj02' })).toMatchObject({ errMsg: 'getLocation:ok', latitude: 31.2 });
    expect(impl.getLocation).toHaveBeenCalledWith('gcj02');
    expect(await call('scanQRCode', { needResult: 1 })).toEqual({
      errMsg: 'scanQRCode:ok',
      resultStr: 'https://example.com/qr',
    });
    expect(await call('chooseImage', { count: 2 })).toEqual({
      errMsg: 'chooseImage:ok',
      localIds: ['blob:x/0', 'blob:x/1'],
    });
    expect(await call('getLocalImgData', { localId: 'blob:x/0' })).toMatchObject({ errMsg: 'getLocalImgData:ok' });
    expect(await call('getLocalImgData', { localId: 'blob:other' })).toMatchObject({
      errMsg: 'getLocalImgData:fail unknown localId',
    });
    expect(await call('selectEnterpriseContact', { mode: 'single', type: ['user'] })).toEqual({
      errMsg: 'selectEnterpriseContact:ok',
      result: { userList: [{ id: 'zhangsan', name: '张三', avatar: '' }], departmentList: [{ id: 2, name: 'R&D' }] },
    });
    expect(impl.selectEnterpriseContact).toHaveBeenCalledWith({ mode: 'single', types: ['user'], fromDepartmentId: 0 });
    expect(await call('openEnterpriseChat')).toEqual({ errMsg: 'openEnterpriseChat:fail not supported' });
  });

  it('refuses a config for a page on another origin, and agentConfig for another app', async () => {
    const { call, impl } = host();
    expect(await call('config', { ...signed, url: 'https://evil.test/page' })).toEqual({
      errMsg: 'config:fail invalid url domain',
    });
    expect(await call('config', { ...signed, timestamp: 'soon' })).toEqual({
      errMsg: 'config:fail missing signature fields',
    });
    expect(await call('agentConfig', { ...signed, agentid: 1000003 })).toEqual({
      errMsg: 'agentConfig:fail invalid agentid',
    });
    expect(impl.verify).not.toHaveBeenCalled();
    expect(await call('agentConfig', { ...signed, timestamp: '1414587457', agentid: '1000002' })).toEqual({
      errMsg: 'agentConfig:ok',
    });
    expect(impl.verify).toHaveBeenCalledWith({ ...signed, agentId: 1000002 });
  });

  it('reports cancel when the member backs out, and fail when the device does', async () => {
    const impl = fakeImpl({
      getLocation: async () => null,
      scanQRCode: async () => null,
      chooseImage: async () => [],
      selectEnterpriseContact: async () => {
        throw new Error('offline');
      },
    });
    const { call } = host(impl);
    await call('config', signed);
    expect(await call('getLocation')).toEqual({ errMsg: 'getLocation:cancel' });
    expect(await call('scanQRCode')).toEqual({ errMsg: 'scanQRCode:cancel' });
    expect(await call('chooseImage')).toEqual({ errMsg: 'chooseImage:cancel' });
    expect(await call('selectEnterpriseContact')).toEqual({ errMsg: 'selectEnterpriseContact:fail offline' });
  });

  it('closes without config and signs only for the demo page', async () => {
    const { call, impl } = host();
    expect(await call('closeWindow')).toEqual({ errMsg: 'closeWindow:ok' });
    expect(impl.closeWindow).toHaveBeenCalled();
    expect(await call('__demoSign', { url: signed.url })).toEqual({
      errMsg: '__demoSign:fail only for the Enclave demo page',
    });
    const demo = host(fakeImpl(), true);
    expect(await demo.call('__demoSign', { url: signed.url, agent: true })).toMatchObject({
      errMsg: '__demoSign:ok',
      signature: 'good',
    });
    expect(demo.impl.demoSign).toHaveBeenCalledWith(signed.url, 1000002);
  });
});
