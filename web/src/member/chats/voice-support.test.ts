import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  isCancelPosition,
  isPermissionDenied,
  pickVoiceMime,
  voiceUnsupportedReason,
  type VoiceEnvironment,
} from './voice-support';

const full: VoiceEnvironment = {
  isSecureContext: true,
  hasGetUserMedia: true,
  hasMediaRecorder: true,
  isTypeSupported: (m) => m.startsWith('audio/webm'),
};

describe('voiceUnsupportedReason', () => {
  it('accepts a browser with a webm recorder', () => {
    expect(voiceUnsupportedReason(full)).toBeNull();
    expect(pickVoiceMime(full)).toBe('audio/webm;codecs=opus');
  });

  it('names what is missing', () => {
    expect(voiceUnsupportedReason({ ...full, isSecureContext: false })).toBe('insecure');
    expect(voiceUnsupportedReason({ ...full, hasGetUserMedia: false })).toBe('no-media-devices');
    expect(voiceUnsupportedReason({ ...full, hasMediaRecorder: false })).toBe('no-recorder');
    expect(voiceUnsupportedReason({ ...full, isTypeSupported: () => false })).toBe('no-webm');
  });

  it('assumes webm when the recorder cannot be asked', () => {
    expect(pickVoiceMime({ ...full, isTypeSupported: undefined })).toBe('audio/webm');
  });
});

describe('isPermissionDenied', () => {
  it('recognises refusals', () => {
    expect(isPermissionDenied({ name: 'NotAllowedError' })).toBe(true);
    expect(isPermissionDenied({ name: 'NotFoundError' })).toBe(false);
    expect(isPermissionDenied(null)).toBe(false);
  });
});

describe('formatDuration', () => {
  it('shows minutes and seconds', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7_900)).toBe('0:07');
    expect(formatDuration(60_000)).toBe('1:00');
    expect(formatDuration(-5)).toBe('0:00');
  });
});

describe('isCancelPosition', () => {
  const box = { left: 0, right: 100, top: 500, bottom: 540 };
  it('keeps a release on the button and cancels outside it', () => {
    expect(isCancelPosition({ x: 50, y: 520 }, box)).toBe(false);
    expect(isCancelPosition({ x: 50, y: 400 }, box)).toBe(true);
    expect(isCancelPosition({ x: 150, y: 520 }, box)).toBe(true);
  });
});
