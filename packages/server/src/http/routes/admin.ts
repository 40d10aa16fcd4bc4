import type { FastifyInstance } from 'fastify';
import { CreateUserBody, SettingsBody, routes } from '@moot/protocol';
import type { Services } from '../../services.ts';
import { EmailTakenError, createUser, listUsers, userView } from '../../accounts/accounts.ts';
import { getSettings, setSetting } from '../../settings/settings.ts';
import { audit } from '../../audit/audit.ts';
import { authorize, currentUser } from '../auth.ts';
import { HttpError, parse } from '../errors.ts';
import { requireRecentPassword } from './recent-password.ts';

export function adminRoutes(app: FastifyInstance, { db, config }: Services): void {
  const fresh = config.accounts.reauthMinutes;
  app.get(routes.adminUsers, async (request) => {
    authorize(await currentUser(db, request), 'admin.users');
    return { users: (await listUsers(db)).map(userView) };
  });

  // The web form creates members only: administrators are made on the server's command line.
  app.post(routes.adminUsers, async (request, reply) => {
    const admin = await currentUser(db, request);
    authorize(admin, 'admin.users');
    await requireRecentPassword(db, request, fresh);
    const body = parse(CreateUserBody, request.body);
    try {
      const user = await createUser(db, { ...body, role: 'member' });
      await audit(db, { actor: admin!.email, action: 'user.create', target: user.email, origin: request.ip, details: { role: 'member' } });
      return reply.code(201).send({ user: userView(user) });
    } catch (err) {
      if (err instanceof EmailTakenError) throw new HttpError('email-taken');
      throw err;
    }
  });

  app.get(routes.adminSettings, async (request) => {
    authorize(await currentUser(db, request), 'admin.settings');
    return getSettings(db);
  });

  app.put(routes.adminSettings, async (request) => {
    const admin = await currentUser(db, request);
    authorize(admin, 'admin.settings');
    await requireRecentPassword(db, request, fresh);
    const body = parse(SettingsBody, request.body);
    await setSetting(db, 'guests', body.guests);
    await audit(db, { actor: admin!.email, action: 'settings.set', target: 'guests', origin: request.ip, details: { guests: body.guests } });
    return getSettings(db);
  });
}
