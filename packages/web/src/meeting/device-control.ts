import { t } from '../i18n/index.ts';
import type { LocalMedia } from '../media/local.ts';
import type { DeviceRole } from '../media/preferences.ts';

export type DeviceKind = 'audio' | 'video';

/**
 * The person's own microphone and camera during a visit: turns them on and off, moves to
 * other devices, and says whenever what the others get changes (muted or not) and why a
 * device failed.
 */
export class DeviceControl {
  constructor(
    readonly local: LocalMedia,
    private readonly announce: (kind: DeviceKind, muted: boolean) => void,
    private readonly problem: (text: string) => void,
  ) {}

  /** What the others get: a muted microphone, or a device that failed to open, sends nothing. */
  muted(kind: DeviceKind): boolean {
    return kind === 'audio' ? !this.local.micOn.value || !this.local.audioTrack.value : !this.local.videoTrack.value;
  }

  async setMic(on: boolean): Promise<void> {
    await this.local.setMic(on);
    this.announce('audio', this.muted('audio'));
  }

  async setCamera(on: boolean): Promise<void> {
    try {
      await this.local.setCamera(on);
    } finally {
      this.announce('video', this.muted('video'));
    }
    if (on && !this.local.videoTrack.value) this.problem(this.local.problem.value ?? t('devices.cameraFailed'));
  }

  /**
   * Moves to another device: the live sender gets the new track (no renegotiation), the
   * microphone stays muted or not, and the choice is remembered for the next pre-join screen.
   */
  async choose(role: DeviceRole, deviceId: string): Promise<void> {
    if (role === 'speaker') {
      this.local.chooseSpeaker(deviceId);
      return;
    }
    const kind: DeviceKind = role === 'camera' ? 'video' : 'audio';
    await (role === 'camera' ? this.local.chooseCamera(deviceId) : this.local.chooseMicrophone(deviceId));
    const track = kind === 'video' ? this.local.videoTrack.value : this.local.audioTrack.value;
    const wanted = kind === 'video' ? this.local.cameraOn.value : this.local.micOn.value;
    // Only a device that failed to open changes what the others see or hear.
    if (wanted && !track) {
      this.announce(kind, this.muted(kind));
      this.problem(this.local.problem.value ?? t('devices.deviceFailed'));
    }
  }
}
