// A real OpenID provider (oidc-provider) in a process of its own on 127.0.0.1, for the single
// sign-on tests. Its settings come as JSON in the first argument; it prints "ready" once it listens.
import Provider from 'oidc-provider';

interface Settings {
  port: number;
  client: { id: string; secret: string; redirectUri: string; postLogoutRedirectUri: string; backchannelLogoutUri: string };
  users: Record<string, { email: string; emailVerified: boolean; name: string; groups: string[] }>;
}

const settings = JSON.parse(process.argv[2]!) as Settings;
const issuer = `http://127.0.0.1:${settings.port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: settings.client.id,
      client_secret: settings.client.secret,
      redirect_uris: [settings.client.redirectUri],
      post_logout_redirect_uris: [settings.client.postLogoutRedirectUri],
      backchannel_logout_uri: settings.client.backchannelLogoutUri,
      backchannel_logout_session_required: true,
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  async findAccount(_ctx, id) {
    const user = settings.users[id];
    if (!user) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, email: user.email, email_verified: user.emailVerified, name: user.name, groups: user.groups }) };
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
  // The person's claims in the ID token itself, where moot reads them.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true }, backchannelLogout: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['test-cookie-key-not-secret'] },
  // Its guard against requests to special-use addresses would refuse moot on 127.0.0.1, where the tests run it.
  fetch: (url, options) => globalThis.fetch(url, { ...options, dispatcher: undefined } as RequestInit),
});
provider.proxy = false;
provider.listen(settings.port, '127.0.0.1', () => console.log('ready'));
