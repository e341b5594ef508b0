import { Dialog } from 'antd-mobile';
import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { goBack } from '../layout/member-route';
import {
  createBridgeHost,
  frameOrigin,
  isDemoPage,
  isFromFrame,
  parseBridgeRequest,
  type BridgeImpl,
  type ContactOptions,
  type PickedContacts,
} from './bridge-host';
import { ContactPickerSheet } from './contact-picker-sheet';
import { ScanSheet } from './scan-sheet';
import { signJsapiConfig, verifyJsapiSignature, type MemberApp } from './work.queries';

type Sheet =
  | { kind: 'scan'; resolve: (code: string | null) => void }
  | { kind: 'contacts'; options: ContactOptions; resolve: (picked: PickedContacts | null) => void };

const consentKey = (agentId: number) => `enclave.bridge.location.${agentId}`;

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error('cannot read the image'));
    reader.readAsDataURL(file);
  });
}

function currentPosition(): Promise<GeolocationPosition> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) return reject(new Error('no location on this device'));
    navigator.geolocation.getCurrentPosition(resolve, (e) => reject(new Error(e.message || 'location failed')), {
      enableHighAccuracy: true,
      timeout: 15_000,
    });
  });
}

/**
 * The member client's end of the JS bridge for an app's page in `frame` (see bridge-host.ts): listens for
 * calls from that frame only, and renders the sheets and the hidden file input the calls need.
 */
export function useAppBridge(
  frame: RefObject<HTMLIFrameElement | null>,
  app: MemberApp | undefined,
  url: string | null,
): ReactNode {
  const { t } = useI18n();
  const [sheet, setSheet] = useState<Sheet | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const images = useRef(new Map<string, File>());
  const translate = useRef(t);
  useEffect(() => {
    translate.current = t;
  }, [t]);
  const agentId = app?.agentId;
  const appName = app?.name ?? '';

  useEffect(() => {
    if (agentId === undefined || url === null) return;
    const self = window.location.origin;
    const expected = frameOrigin(url, self);
    if (expected === null) return;
    const openSheet = <T,>(make: (resolve: (value: T | null) => void) => Sheet) =>
      new Promise<T | null>((resolve) => {
        setSheet((old) => {
          // One sheet at a time: a new call cancels the one still open.
          if (old) old.resolve(null);
          return make((value) => {
            setSheet(null);
            resolve(value);
          });
        });
      });
    const impl: BridgeImpl = {
      verify: (check) => verifyJsapiSignature(check),
      demoSign: (pageUrl, forApp) => signJsapiConfig(pageUrl, forApp),
      getLocation: async () => {
        if (localStorage.getItem(consentKey(agentId)) !== 'allow') {
          const tr = translate.current;
          const allowed = await Dialog.confirm({
            title: tr('m.bridge.locationTitle', { app: appName }),
            content: tr('m.bridge.locationBody'),
            confirmText: tr('m.bridge.allow'),
            cancelText: tr('m.bridge.deny'),
          });
          if (!allowed) return null;
          localStorage.setItem(consentKey(agentId), 'allow');
        }
        const { coords } = await currentPosition();
        // Browsers give WGS84; a gcj02 request gets the same (no offset applied).
        return {
          latitude: coords.latitude,
          longitude: coords.longitude,
          accuracy: coords.accuracy,
          speed: coords.speed ?? 0,
        };
      },
      scanQRCode: () => openSheet<string>((resolve) => ({ kind: 'scan', resolve })),
      chooseImage: (count) =>
        new Promise((resolve) => {
          const input = fileInput.current;
          if (!input) return resolve(null);
          input.multiple = count > 1;
          input.value = '';
          input.onchange = () => {
            const files = Array.from(input.files ?? []).slice(0, count);
            const ids = files.map((file) => {
              const id = URL.createObjectURL(file);
              images.current.set(id, file);
              return id;
            });
            resolve(ids);
          };
          input.oncancel = () => resolve(null);
          input.click();
        }),
      getLocalImgData: async (localId) => {
        const file = images.current.get(localId);
        return file ? readAsDataUrl(file) : null;
      },
      selectEnterpriseContact: (options) =>
        openSheet<PickedContacts>((resolve) => ({ kind: 'contacts', options, resolve })),
      closeWindow: () => goBack({ name: 'work' }),
    };
    const host = createBridgeHost({ agentId, appOrigin: new URL(url).origin, demo: isDemoPage(url, self), impl });
    const onMessage = (event: MessageEvent) => {
      const target = frame.current?.contentWindow;
      if (!target || !isFromFrame(event, target, expected)) return;
      const request = parseBridgeRequest(event.data);
      if (!request) return;
      // A page on the client's origin runs as an opaque origin ('null'), which only '*' reaches.
      void host.handle(request).then((response) => target.postMessage(response, expected === 'null' ? '*' : expected));
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [agentId, appName, url, frame]);

  useEffect(() => {
    const held = images.current;
    return () => {
      for (const id of held.keys()) URL.revokeObjectURL(id);
      held.clear();
    };
  }, []);

  return (
    <>
      <input ref={fileInput} type="file" accept="image/*" hidden data-testid="bridge-file-input" />
      {sheet?.kind === 'scan' && <ScanSheet onDone={sheet.resolve} />}
      {sheet?.kind === 'contacts' && <ContactPickerSheet options={sheet.options} onDone={sheet.resolve} />}
    </>
  );
}
