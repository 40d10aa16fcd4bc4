import { signal } from '@preact/signals';
import { cameraConstraints, describeMediaError, microphoneConstraints } from './devices.ts';

/**
 * The person's own microphone and camera, shared by the pre-join screen and the meeting.
 * A stopped camera has no track at all (so its light goes off); a muted microphone keeps its
 * track but disabled, so unmuting is instant.
 */
export class LocalMedia {
  readonly audioTrack = signal<MediaStreamTrack | null>(null);
  readonly videoTrack = signal<MediaStreamTrack | null>(null);
  readonly micOn = signal(true);
  readonly cameraOn = signal(true);
  readonly micId = signal<string | undefined>(undefined);
  readonly cameraId = signal<string | undefined>(undefined);
  /** Why devices could not be opened; null when they could (or were not asked for). */
  readonly problem = signal<string | null>(null);

  /** Opens whatever the person wants on; falls back to one device when both fail together. */
  async start(): Promise<void> {
    const wantAudio = this.micOn.value && !this.audioTrack.value;
    const wantVideo = this.cameraOn.value && !this.videoTrack.value;
    if (!wantAudio && !wantVideo) return;
    try {
      const stream = await this.open(wantAudio, wantVideo);
      this.adopt(stream);
      this.problem.value = null;
    } catch (error) {
      this.problem.value = describeMediaError(error);
      if (wantAudio && wantVideo) {
        await this.open(true, false).then((s) => this.adopt(s), () => undefined);
        await this.open(false, true).then((s) => this.adopt(s), () => undefined);
      }
    }
  }

  setMic(on: boolean): Promise<void> {
    this.micOn.value = on;
    const track = this.audioTrack.value;
    if (track) {
      track.enabled = on;
      return Promise.resolve();
    }
    return on ? this.start() : Promise.resolve();
  }

  setCamera(on: boolean): Promise<void> {
    this.cameraOn.value = on;
    if (on) return this.start();
    this.videoTrack.value?.stop();
    this.videoTrack.value = null;
    return Promise.resolve();
  }

  async chooseCamera(deviceId: string): Promise<void> {
    this.cameraId.value = deviceId;
    if (!this.cameraOn.value) return;
    this.videoTrack.value?.stop();
    this.videoTrack.value = null;
    await this.start();
  }

  async chooseMicrophone(deviceId: string): Promise<void> {
    this.micId.value = deviceId;
    this.audioTrack.value?.stop();
    this.audioTrack.value = null;
    if (this.micOn.value) await this.start();
  }

  stop(): void {
    this.audioTrack.value?.stop();
    this.videoTrack.value?.stop();
    this.audioTrack.value = null;
    this.videoTrack.value = null;
  }

  private open(audio: boolean, video: boolean): Promise<MediaStream> {
    if (!navigator.mediaDevices) return Promise.reject(new Error('no media devices'));
    return navigator.mediaDevices.getUserMedia({
      audio: audio && microphoneConstraints(this.micId.value),
      video: video && cameraConstraints(this.cameraId.value),
    });
  }

  private adopt(stream: MediaStream): void {
    const [audio] = stream.getAudioTracks();
    const [video] = stream.getVideoTracks();
    if (audio) {
      audio.enabled = this.micOn.value;
      this.audioTrack.value = audio;
    }
    if (video) {
      // The camera may have been turned off while it was starting.
      if (this.cameraOn.value) this.videoTrack.value = video;
      else video.stop();
    }
  }
}
