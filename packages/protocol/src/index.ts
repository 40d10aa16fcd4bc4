export * from './common.ts';
export * from './errors.ts';
export * from './rest.ts';
export * from './signaling.ts';
export * from './limits.ts';
export * from './routes.ts';
export * from './version.ts';
export * from './dashboard.ts';
