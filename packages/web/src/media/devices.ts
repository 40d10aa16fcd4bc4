import { t } from '../i18n/index.ts';

export interface DeviceOption {
  deviceId: string;
  label: string;
}

export interface DeviceLists {
  cameras: DeviceOption[];
  microphones: DeviceOption[];
  /** Audio outputs; browsers without setSinkId list none worth offering. */
  speakers: DeviceOption[];
}

/** Whether this browser can send sound to a chosen output (Safari and Firefox on phones cannot). */
export const canChooseSpeaker = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/** Cameras, microphones and speakers; labels are only known once the person has granted access. */
export async function listDevices(): Promise<DeviceLists> {
  const devices = await navigator.mediaDevices?.enumerateDevices().catch(() => []) ?? [];
  const pick = (kind: MediaDeviceKind, fallback: 'devices.cameraNumber' | 'devices.microphoneNumber' | 'devices.speakerNumber') =>
    devices
      .filter((device) => device.kind === kind && device.deviceId)
      .map((device, index) => ({ deviceId: device.deviceId, label: device.label || t(fallback, { number: index + 1 }) }));
  return {
    cameras: pick('videoinput', 'devices.cameraNumber'),
    microphones: pick('audioinput', 'devices.microphoneNumber'),
    speakers: canChooseSpeaker ? pick('audiooutput', 'devices.speakerNumber') : [],
  };
}

const videoConstraints = { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 24 } };

/** A chosen device must be that one: Chromium keeps an already open device for a mere `ideal`. */
function deviceConstraint(deviceId: string | undefined): MediaTrackConstraints {
  return deviceId ? { deviceId: { exact: deviceId } } : {};
}

export function cameraConstraints(deviceId: string | undefined): MediaTrackConstraints {
  return { ...videoConstraints, ...deviceConstraint(deviceId) };
}

export function microphoneConstraints(deviceId: string | undefined): MediaTrackConstraints {
  return { echoCancellation: true, noiseSuppression: true, autoGainControl: true, ...deviceConstraint(deviceId) };
}

/** The error getUserMedia gives for a device that is not there (any more). */
export function isMissingDevice(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'OverconstrainedError' || error.name === 'NotFoundError');
}

/** Why a device could not be opened, in words for the person at the screen. */
export function describeMediaError(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  if (!navigator.mediaDevices) return t('devices.insecure');
  if (name === 'NotAllowedError' || name === 'SecurityError') return t('devices.notAllowed');
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return t('devices.notFound');
  if (name === 'NotReadableError') return t('devices.inUse');
  return t('devices.failed');
}

/**
 * Reports the loudness (0 to 1) of a microphone track about 20 times a second.
 * Returns a function that stops the meter and releases its AudioContext.
 */
export function meterLevel(track: MediaStreamTrack, onLevel: (level: number) => void): () => void {
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  const source = context.createMediaStreamSource(new MediaStream([track]));
  source.connect(analyser);
  // Browsers start an AudioContext suspended until the page has had a click or a key press.
  const wake = () => void context.resume();
  wake();
  addEventListener('pointerdown', wake, { once: true });
  const samples = new Float32Array(analyser.fftSize);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    // RMS of speech sits around 0.02–0.2; scale so normal speech fills most of the bar.
    onLevel(Math.min(1, Math.sqrt(sum / samples.length) * 5));
  }, 50);
  return () => {
    clearInterval(timer);
    removeEventListener('pointerdown', wake);
    source.disconnect();
    void context.close();
  };
}
