import { Button, Input, Popup } from 'antd-mobile';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';

type Detector = { detect: (source: HTMLVideoElement) => Promise<{ rawValue: string }[]> };
type DetectorClass = new (options?: { formats?: string[] }) => Detector;

function barcodeDetector(): DetectorClass | null {
  const ctor = (window as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  return typeof ctor === 'function' && typeof navigator.mediaDevices?.getUserMedia === 'function' ? ctor : null;
}

/**
 * The bridge's scanQRCode: the camera with BarcodeDetector where the browser has it; otherwise (or when the
 * camera fails) a text box to paste the code's content into, saying so. `onDone(null)` is a cancel.
 */
export function ScanSheet({ onDone }: { onDone: (code: string | null) => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState(() => barcodeDetector() !== null);
  const [typed, setTyped] = useState('');
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  }, [onDone]);

  useEffect(() => {
    const Ctor = barcodeDetector();
    if (!Ctor) return;
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let stopped = false;
    const detector = new Ctor({ formats: ['qr_code', 'ean_13', 'code_128'] });
    const tick = async () => {
      if (stopped || !video.current) return;
      try {
        const found = await detector.detect(video.current);
        const code = found[0]?.rawValue;
        if (code && !stopped) {
          done.current(code);
          return;
        }
      } catch {
        // the frame was not ready; try the next one
      }
      timer = window.setTimeout(() => void tick(), 300);
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (s) => {
        stream = s;
        if (stopped || !video.current) return;
        video.current.srcObject = s;
        await video.current.play();
        void tick();
      })
      .catch(() => setCamera(false));
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  return (
    <Popup visible onMaskClick={() => onDone(null)} bodyStyle={{ padding: 16 }} destroyOnClose>
      <h3 className="m-sheet-title">{t('m.bridge.scanTitle')}</h3>
      {camera ? (
        <>
          <video ref={video} className="m-scan-video" muted playsInline />
          <p className="m-sheet-hint">{t('m.bridge.scanHint')}</p>
        </>
      ) : (
        <p className="m-sheet-hint">{t('m.bridge.scanFallback')}</p>
      )}
      <Input
        value={typed}
        onChange={setTyped}
        placeholder={t('m.bridge.scanPlaceholder')}
        clearable
        data-testid="bridge-scan-input"
      />
      <div className="m-sheet-actions">
        <Button onClick={() => onDone(null)}>{t('m.bridge.cancel')}</Button>
        <Button color="primary" disabled={typed.trim() === ''} onClick={() => onDone(typed.trim())}>
          {t('m.bridge.ok')}
        </Button>
      </div>
    </Popup>
  );
}
