/** Longest voice message, in milliseconds. */
export const MAX_VOICE_MS = 60_000;
/** Shorter recordings are dropped (a tap, not a message). */
export const MIN_VOICE_MS = 800;

export type VoiceUnsupportedReason = 'insecure' | 'no-media-devices' | 'no-recorder' | 'no-webm';

/** What the browser offers for recording; passed in so the check stays pure and testable. */
export interface VoiceEnvironment {
  isSecureContext: boolean;
  hasGetUserMedia: boolean;
  hasMediaRecorder: boolean;
  isTypeSupported?: (mime: string) => boolean;
}

export const VOICE_MIME_TYPES = ['audio/webm;codecs=opus', 'audio/webm'] as const;

/** The webm type to record in, or null when the recorder takes none of them. */
export function pickVoiceMime(env: VoiceEnvironment): string | null {
  if (!env.isTypeSupported) return 'audio/webm';
  return VOICE_MIME_TYPES.find((m) => env.isTypeSupported?.(m)) ?? null;
}

/** Why voice messages cannot be recorded here, or null when they can. */
export function voiceUnsupportedReason(env: VoiceEnvironment): VoiceUnsupportedReason | null {
  if (!env.isSecureContext) return 'insecure';
  if (!env.hasGetUserMedia) return 'no-media-devices';
  if (!env.hasMediaRecorder) return 'no-recorder';
  if (!pickVoiceMime(env)) return 'no-webm';
  return null;
}

/** The current browser's environment. */
export function browserVoiceEnvironment(): VoiceEnvironment {
  const recorder = typeof MediaRecorder === 'undefined' ? undefined : MediaRecorder;
  return {
    isSecureContext: typeof window !== 'undefined' && window.isSecureContext,
    hasGetUserMedia: typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function',
    hasMediaRecorder: recorder !== undefined,
    isTypeSupported: recorder?.isTypeSupported ? (mime) => recorder.isTypeSupported(mime) : undefined,
  };
}

/** Whether a getUserMedia failure means the member (or the browser's policy) refused the microphone. */
export function isPermissionDenied(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError';
}

/** 0:07, 1:00 — whole seconds, rounded down. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** Whether releasing at (x, y) cancels: the pointer slid off the button's box. */
export function isCancelPosition(
  point: { x: number; y: number },
  box: { left: number; right: number; top: number; bottom: number },
): boolean {
  return point.x < box.left || point.x > box.right || point.y < box.top || point.y > box.bottom;
}
