import { z } from 'zod';

/** Room and meeting identifiers in URLs: 128 random bits, base64url. */
export const RoomId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'not a room id');

export const Email = z.string().trim().toLowerCase().max(254).email();
export const DisplayName = z.string().trim().min(1, 'a name is required').max(80);
export const Password = z.string().min(10, 'at least 10 characters').max(200);
export const AccessCode = z.string().trim().regex(/^[0-9A-Za-z]{4,16}$/, '4 to 16 letters or digits');

export const GuestPolicy = z.enum(['off', 'link', 'code']);
export type GuestPolicy = z.infer<typeof GuestPolicy>;

export const ServerRole = z.enum(['admin', 'member']);
export type ServerRole = z.infer<typeof ServerRole>;

export const LobbyPolicy = z.enum(['off', 'guests', 'everyone']);
export type LobbyPolicy = z.infer<typeof LobbyPolicy>;
