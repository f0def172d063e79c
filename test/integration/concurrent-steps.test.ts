import { getConnectionToken } from '@nestjs/mongoose';
import { Client } from '@temporalio/client';
import { type Connection } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { type WebPage } from '../support/browser-less';
import { Harness, newHire } from '../support/harness';
import { eventually } from '../support/wait';
import { WebSession } from '../support/web-session';

/** A lucky ordering can hide a race: each one is run this many times. */
const ROUNDS = 5;

interface View {
  employeeId: string;
  status: string;
  history: { from: string | null; to: string }[];
}

/**
 * Two browsers, each with its own cookies and address, take the same step at the same moment
 * over real HTTP: exactly one may win, and the other must be told why.
 */
describe('two browsers taking the same step at the same moment', () => {
  let h: Harness;
  let db: Connection;
  beforeAll(async () => {
    h = await Harness.start({
      // Each browser's own address (X-Forwarded-For) is what per-address limits count.
      configure: (c) => ({ ...c, http: { ...c.http, trustProxyHops: 1 } }),
    });
    db = h.api.get<Connection>(getConnectionToken());
  });
  afterAll(async () => {
    await h.close();
  });

  async function hire(): Promise<{ id: string; code: string }> {
    const res = await h.hr<{ onboardingId: string }>('POST', '/api/v1/onboardings', newHire());
    expect(res.status).toBe(202);
    const id = res.body.onboardingId;
    const code = await eventually('the invite', () => h.latestCode(id).catch(() => undefined));
    return { id, code };
  }

  const view = async (id: string) => (await h.hr<View>('GET', `/api/v1/onboardings/${id}`)).body;

  /** Opens the invite link and sends the code, as the employee's browser does. */
  async function redeem(browser: WebSession, id: string, code: string): Promise<WebPage> {
    const login = await browser.get(`/login?invite=${id}`);
    return browser.post('/login/code', { code, invite: id, _csrf: WebSession.csrf(login) });
  }

  /** How often the workflow accepted an update of this name: each is a step it took. */
  async function acceptedUpdates(workflowId: string, name: string): Promise<number> {
    const history = await h.get(Client).workflow.getHandle(workflowId).fetchHistory();
    return (history.events ?? []).filter(
      (e) =>
        e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === name,
    ).length;
  }

  function split<T>(pair: [T, T], won: [boolean, boolean]): { winner: T; loser: T } {
    return won[0] ? { winner: pair[0], loser: pair[1] } : { winner: pair[1], loser: pair[0] };
  }

  it(`lets exactly one of two browsers redeem the same code (${ROUNDS} rounds)`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const { id, code } = await hire();
      const browsers: [WebSession, WebSession] = [new WebSession(h.url), new WebSession(h.url)];
      const forms = await Promise.all(browsers.map((b) => b.get(`/login?invite=${id}`)));
      const answers = await Promise.all(
        browsers.map((b, i) =>
          b.post('/login/code', { code, invite: id, _csrf: WebSession.csrf(forms[i]!) }),
        ),
      );
      const won = answers.map((a) => a.status === 303 && a.location === '/account/credentials');
      expect({ round, winners: won.filter(Boolean).length }).toEqual({ round, winners: 1 });
      const { winner, loser } = split(browsers, won as [boolean, boolean]);
      const refusal = split(answers as [WebPage, WebPage], won as [boolean, boolean]).loser;

      // The other browser is told, next to the code field, that the code is in use elsewhere.
      expect(refusal.status).toBe(200);
      expect(refusal.body).toMatch(
        /id="code-error">Deze logincode wordt op dit moment in een ander venster/,
      );
      expect(refusal.body).toMatch(/<input\s+id="code"[^>]*aria-invalid="true"/);
      expect((await winner.get('/account/credentials')).status).toBe(200);
      expect((await loser.get('/account/credentials')).location).toBe('/login');

      // The onboarding moved on once: one transition, one HR event, one workflow step.
      const after = await view(id);
      expect(after.status).toBe('code_redeemed');
      expect(after.history.map((t) => t.to)).toEqual(['invited', 'code_redeemed']);
      const events = await db
        .collection('events')
        .countDocuments({ onboardingId: id, type: 'onboarding.code_redeemed' });
      expect(events).toBe(1);
      expect(await acceptedUpdates(`onboarding/default/${after.employeeId}`, 'redeemCode')).toBe(1);
    }
  });

  it(`gives a username to exactly one of two onboardings choosing it at once (${ROUNDS} rounds)`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const hires = await Promise.all([hire(), hire()]);
      const browsers: [WebSession, WebSession] = [new WebSession(h.url), new WebSession(h.url)];
      for (const [i, b] of browsers.entries()) {
        expect((await redeem(b, hires[i]!.id, hires[i]!.code)).location).toBe(
          '/account/credentials',
        );
      }
      const forms = await Promise.all(browsers.map((b) => b.get('/account/credentials')));
      const username = `racer${round}x${randomBytes(3).toString('hex')}`;
      // Usernames are unique regardless of case: every other round, one types it in capitals.
      const typed = [username, round % 2 === 0 ? username.toUpperCase() : username];
      const answers = await Promise.all(
        browsers.map((b, i) => chooseCredentials(b, forms[i]!, typed[i]!)),
      );
      const won = answers.map((a) => a.status === 303 && a.location === '/account/2fa');
      expect({ round, winners: won.filter(Boolean).length }).toEqual({ round, winners: 1 });
      const pair = won as [boolean, boolean];
      const refusal = split(answers as [WebPage, WebPage], pair).loser;
      const { winner, loser } = split(hires, pair);

      // The other browser is told next to the username field, and may pick another name.
      expect(refusal.status).toBe(200);
      expect(refusal.body).toMatch(/id="username-error">Deze gebruikersnaam is al in gebruik/);
      expect(refusal.body).toMatch(/<input\s+id="username"[^>]*aria-invalid="true"/);
      const usernameKey = username.toLowerCase();
      const owners = await db.collection('accounts').find({ usernameKey }).toArray();
      expect(owners.map((a) => a._id)).toEqual([winner.id]);
      expect((await view(winner.id)).status).toBe('credentials_set');
      expect((await view(loser.id)).status).toBe('code_redeemed');

      const loserBrowser = split(browsers, pair).loser;
      const retry = await chooseCredentials(
        loserBrowser,
        await loserBrowser.get('/account/credentials'),
        `${username}b`,
      );
      expect(retry.location).toBe('/account/2fa');
      expect((await view(loser.id)).status).toBe('credentials_set');
    }
  });

  function chooseCredentials(browser: WebSession, form: WebPage, username: string) {
    const password = `Molen-Gracht-${randomBytes(4).toString('hex')}-2026!`;
    return browser.post('/account/credentials', {
      _csrf: WebSession.csrf(form),
      email: /name="email"[^>]*value="([^"]*)"/.exec(form.body)?.[1] ?? '',
      username,
      password,
      repeat: password,
    });
  }
});
