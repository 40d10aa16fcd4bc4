/**
 * The signaling protocol's version (docs/protocol.md). The browser sends it in `join` and
 * `resume`; a server speaking another version refuses with `unsupported-version`, so a tab left
 * open across an upgrade is told to reload instead of failing on the first changed message.
 */
export const PROTOCOL_VERSION = 6;
