/** The devices a person chose, remembered in this browser for the next meeting. */
const keys = { camera: 'moot.camera', microphone: 'moot.microphone', speaker: 'moot.speaker' } as const;

export type DeviceRole = keyof typeof keys;

export function rememberedDevice(role: DeviceRole): string | undefined {
  return localStorage.getItem(keys[role]) ?? undefined;
}

export function rememberDevice(role: DeviceRole, deviceId: string): void {
  localStorage.setItem(keys[role], deviceId);
}

const RELAY_ONLY_KEY = 'moot.relayOnly';

/**
 * "Use relay only": media goes through the server's TURN relay and nowhere else, for networks
 * that let no direct connection through and for people who keep their address from the media server.
 */
export function relayOnly(): boolean {
  return localStorage.getItem(RELAY_ONLY_KEY) === 'true';
}

export function rememberRelayOnly(on: boolean): void {
  if (on) localStorage.setItem(RELAY_ONLY_KEY, 'true');
  else localStorage.removeItem(RELAY_ONLY_KEY);
}
