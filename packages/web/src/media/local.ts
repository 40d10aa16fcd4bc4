import { signal } from '@preact/signals';
import { cameraConstraints, describeMediaError, isMissingDevice, microphoneConstraints } from './devices.ts';
import { rememberDevice, rememberedDevice } from './preferences.ts';

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
  readonly micId = signal(rememberedDevice('microphone'));
  readonly cameraId = signal(rememberedDevice('camera'));
  /** Where the others' voices play; undefined for the browser's default output. */
  readonly speakerId = signal(rememberedDevice('speaker'));
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

  /** Moves to another camera; a camera that is off just starts on it next time. */
  async chooseCamera(deviceId: string): Promise<void> {
    this.cameraId.value = deviceId;
    rememberDevice('camera', deviceId);
    if (this.cameraOn.value) await this.reopen('video');
  }

  /** Moves to another microphone, muted or not as before. */
  async chooseMicrophone(deviceId: string): Promise<void> {
    this.micId.value = deviceId;
    rememberDevice('microphone', deviceId);
    // A muted microphone keeps its track, so it moves too: unmuting must not reopen the old one.
    if (this.audioTrack.value || this.micOn.value) await this.reopen('audio');
  }

  chooseSpeaker(deviceId: string): void {
    this.speakerId.value = deviceId;
    rememberDevice('speaker', deviceId);
  }

  stop(): void {
    this.audioTrack.value?.stop();
    this.videoTrack.value?.stop();
    this.audioTrack.value = null;
    this.videoTrack.value = null;
  }

  /**
   * Opens the chosen device before letting go of the old one, so a live sender swaps tracks
   * without a gap. Phones that open one camera at a time refuse that: then the old one stops
   * first and the new one is opened again.
   */
  private async reopen(kind: 'audio' | 'video'): Promise<void> {
    const current = kind === 'audio' ? this.audioTrack : this.videoTrack;
    const old = current.value;
    const openIt = () => this.open(kind === 'audio', kind === 'video', true);
    try {
      const stream = await openIt().catch(() => {
        old?.stop();
        current.value = null;
        return openIt();
      });
      this.adopt(stream);
      this.problem.value = null;
    } catch (error) {
      this.problem.value = describeMediaError(error);
    }
    if (current.value !== old) old?.stop();
  }

  /**
   * Opens the chosen devices. A remembered choice may have been unplugged since: then any device
   * will do. `picked`: the device was just chosen from a list, so no other will do.
   */
  private async open(audio: boolean, video: boolean, picked = false): Promise<MediaStream> {
    const devices = navigator.mediaDevices;
    if (!devices) throw new Error('no media devices');
    const ask = (chosen: boolean) =>
      devices.getUserMedia({
        audio: audio && microphoneConstraints(chosen ? this.micId.value : undefined),
        video: video && cameraConstraints(chosen ? this.cameraId.value : undefined),
      });
    try {
      return await ask(true);
    } catch (error) {
      if (picked || !isMissingDevice(error)) throw error;
      return ask(false);
    }
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
