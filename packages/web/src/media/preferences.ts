/** The devices a person chose, remembered in this browser for the next meeting. */
const keys = { camera: 'moot.camera', microphone: 'moot.microphone', speaker: 'moot.speaker' } as const;

export type DeviceRole = keyof typeof keys;

export function rememberedDevice(role: DeviceRole): string | undefined {
  return localStorage.getItem(keys[role]) ?? undefined;
}

export function rememberDevice(role: DeviceRole, deviceId: string): void {
  localStorage.setItem(keys[role], deviceId);
}
