import { Toast } from 'antd-mobile';
import { AudioOutline } from 'antd-mobile-icons';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context';
import { describeError } from '../../shared/describe-error';
import { useSendMessage, useUploadMedia } from './chats.queries';
import {
  browserVoiceEnvironment,
  formatDuration,
  isCancelPosition,
  isPermissionDenied,
  MAX_VOICE_MS,
  MIN_VOICE_MS,
  pickVoiceMime,
  voiceUnsupportedReason,
} from './voice-support';

interface Recording {
  startedAt: number;
  cancelled: boolean;
  released: boolean;
  recorder: MediaRecorder | null;
  stream: MediaStream | null;
  limit: ReturnType<typeof setTimeout> | null;
}

/** Ends a recording: its recorder's `onstop` then sends it unless cancelled; the microphone is freed. */
function stopRecording(rec: Recording, cancel: boolean): void {
  rec.released = true;
  rec.cancelled = rec.cancelled || cancel;
  if (rec.limit) clearTimeout(rec.limit);
  if (rec.recorder && rec.recorder.state !== 'inactive') rec.recorder.stop();
  else rec.stream?.getTracks().forEach((track) => track.stop());
}

/**
 * Hold to record a voice message (webm, at most 60 s); release on the button sends it, sliding away or
 * releasing outside cancels. Off, with a Toast saying why, where the browser cannot record.
 */
export function VoiceButton({ conversation }: { conversation: string }) {
  const { t } = useI18n();
  const upload = useUploadMedia();
  const send = useSendMessage(conversation);
  const env = useMemo(() => browserVoiceEnvironment(), []);
  const [denied, setDenied] = useState(false);
  const [recording, setRecording] = useState(false);
  const [outside, setOutside] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const current = useRef<Recording | null>(null);
  const reason = voiceUnsupportedReason(env);
  const why = denied
    ? t('m.voice.denied')
    : reason === 'insecure'
      ? t('m.voice.insecure')
      : reason
        ? t('m.voice.unsupported')
        : null;

  useEffect(() => {
    if (!recording) return;
    const timer = setInterval(() => setElapsed(Date.now() - (current.current?.startedAt ?? Date.now())), 200);
    return () => clearInterval(timer);
  }, [recording]);
  // Leaving the conversation mid-recording drops it and frees the microphone.
  useEffect(() => {
    const holder = current;
    return () => {
      if (holder.current) stopRecording(holder.current, true);
    };
  }, []);

  const deliver = (blob: Blob) => {
    const file = new File([blob], `voice-${Date.now()}.webm`, { type: 'audio/webm' });
    const fail = (error: unknown) => Toast.show({ icon: 'fail', content: describeError(error, t) });
    upload.mutate(
      { type: 'voice', file },
      {
        onSuccess: (media) =>
          send.mutate({ msgType: 'voice', payload: { media_id: media.mediaId } }, { onError: fail }),
        onError: fail,
      },
    );
  };

  const finish = (cancel: boolean) => {
    const rec = current.current;
    if (!rec) return;
    stopRecording(rec, cancel);
    current.current = null;
    setRecording(false);
    setOutside(false);
  };

  const start = async () => {
    const rec: Recording = {
      startedAt: Date.now(),
      cancelled: false,
      released: false,
      recorder: null,
      stream: null,
      limit: null,
    };
    current.current = rec;
    setElapsed(0);
    setRecording(true);
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      rec.stream = stream;
      if (rec.released) {
        stream.getTracks().forEach((track) => track.stop());
        return;
      }
      const recorder = new MediaRecorder(stream, { mimeType: pickVoiceMime(env) ?? 'audio/webm' });
      const chunks: Blob[] = [];
      recorder.ondataavailable = (e) => {
        if (e.data.size > 0) chunks.push(e.data);
      };
      recorder.onstop = () => {
        stream.getTracks().forEach((track) => track.stop());
        if (rec.cancelled) return;
        if (Date.now() - rec.startedAt < MIN_VOICE_MS) Toast.show({ content: t('m.voice.tooShort') });
        else deliver(new Blob(chunks, { type: 'audio/webm' }));
      };
      rec.recorder = recorder;
      rec.startedAt = Date.now();
      recorder.start();
      rec.limit = setTimeout(() => finish(false), MAX_VOICE_MS);
    } catch (error) {
      finish(true);
      if (isPermissionDenied(error)) setDenied(true);
      Toast.show({ icon: 'fail', content: isPermissionDenied(error) ? t('m.voice.denied') : t('m.voice.failed') });
    }
  };

  const position = (e: React.PointerEvent<HTMLButtonElement>) =>
    isCancelPosition({ x: e.clientX, y: e.clientY }, e.currentTarget.getBoundingClientRect());

  return (
    <>
      <button
        type="button"
        className={why ? 'm-icon-button m-voice-off' : 'm-icon-button'}
        aria-label={why ?? t('m.voice.hold')}
        aria-disabled={why !== null}
        data-testid="composer-voice"
        disabled={upload.isPending || send.isPending}
        onContextMenu={(e) => e.preventDefault()}
        onClick={() => {
          if (why) Toast.show({ content: why });
        }}
        onPointerDown={(e) => {
          if (why || current.current) return;
          e.currentTarget.setPointerCapture?.(e.pointerId);
          void start();
        }}
        onPointerMove={(e) => {
          if (current.current) setOutside(position(e));
        }}
        onPointerUp={(e) => finish(position(e))}
        onPointerCancel={() => finish(true)}
      >
        <AudioOutline fontSize={22} />
      </button>
      {recording && (
        <div className={outside ? 'm-voice-overlay m-voice-cancel' : 'm-voice-overlay'} data-testid="voice-recording">
          <div className="m-voice-time">
            {formatDuration(elapsed)} / {formatDuration(MAX_VOICE_MS)}
          </div>
          <div>{outside ? t('m.voice.releaseToCancel') : t('m.voice.recording')}</div>
        </div>
      )}
    </>
  );
}
