// The official client prints request and response bodies through its logger unless it is
// silenced (see SILENT_LOGGER in helpers.mjs). Those bodies hold secrets, passwords and KSs.
// These tests capture everything the process writes while the client works.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  services, enums, newClient, resetEmulator, partnerSecrets, allSampleSecrets, currentTotp,
  LOGIN_ID, PASSWORD, PARTNER,
} from './helpers.mjs';

beforeEach(resetEmulator);

/**
 * Runs `action` while recording what is written to process.stdout/stderr and through the
 * console methods. Writes are still forwarded (the test runner reports through stdout), with
 * every known secret in text output replaced by [REDACTED]. Returns the recorded text.
 */
async function captureOutput(secrets, action) {
  const recorded = [];
  const redact = (text) => secrets.reduce((t, s) => t.split(s).join('[REDACTED]'), text);
  const asText = (chunk) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('latin1'));

  const originals = [];
  const wrap = (owner, name, wrapper) => {
    const original = owner[name];
    originals.push(() => { owner[name] = original; });
    owner[name] = wrapper(original.bind(owner));
  };
  for (const stream of [process.stdout, process.stderr]) {
    wrap(stream, 'write', (write) => (chunk, ...rest) => {
      recorded.push(asText(chunk));
      return write(typeof chunk === 'string' ? redact(chunk) : chunk, ...rest);
    });
  }
  for (const method of ['log', 'error', 'warn', 'info', 'debug', 'dir', 'trace']) {
    wrap(console, method, (original) => (...args) => {
      recorded.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a) ?? String(a))).join(' '));
      return original(...args.map((a) => (typeof a === 'string' ? redact(a) : a)));
    });
  }
  try {
    await action();
  } finally {
    for (const restore of originals.reverse()) restore();
  }
  return recorded.join('\n');
}

function assertNoSecretIn(output, secrets) {
  const leaked = secrets.filter((s) => output.includes(s));
  // Name how many leaked, never which value.
  assert.equal(leaked.length, 0, `${leaked.length} secret value(s) appeared in the process output`);
}

test('logging: the silenced client prints no secret while it starts sessions, logs in and reads secrets', async () => {
  const secrets = await allSampleSecrets();
  const { adminSecret, userSecret } = await partnerSecrets(PARTNER.MEDIA);
  const otp = await currentTotp(LOGIN_ID);
  const sessions = [];

  const output = await captureOutput(secrets, async () => {
    const client = newClient();
    sessions.push(await services.session.start(adminSecret, '', enums.SessionType.ADMIN, PARTNER.MEDIA).execute(client));
    sessions.push(await services.session.start(userSecret, 'viewer', enums.SessionType.USER, PARTNER.MEDIA).execute(client));
    await services.partner.getSecrets(PARTNER.MEDIA, LOGIN_ID, PASSWORD).execute(client);
    sessions.push(await services.user.loginByLoginId(LOGIN_ID, PASSWORD, PARTNER.SECURE, 86400, '*', otp).execute(client));
    const ks = await services.user.loginByLoginId(LOGIN_ID, PASSWORD).execute(client);
    sessions.push(ks);
    await services.partner.getInfo().execute(newClient({ ks }));
    await services.user.loginByKs(PARTNER.TRAINING).add(services.partner.getInfo().setKs('{1:result:ks}'))
      .execute(newClient({ ks }));
    // An API error, too: the client's error path must not print either.
    await services.partner.getSecrets(PARTNER.MEDIA, LOGIN_ID, 'Wrong-Password-0!').execute(client).catch(() => {});
  });

  assertNoSecretIn(output, [...secrets, ...sessions]);
  assert.equal(output.includes('api_v3'), false, 'no request URL was logged');
});

test('logging: control experiment, the default logger does print request bodies (so the capture works)', async () => {
  const secrets = await allSampleSecrets();
  const { adminSecret } = await partnerSecrets(PARTNER.MEDIA);

  const output = await captureOutput(secrets, async () => {
    const client = newClient({ logger: null }); // keep the client's default ILogger
    await services.session.start(adminSecret, '', enums.SessionType.ADMIN, PARTNER.MEDIA).execute(client);
  });

  assert.ok(output.includes(adminSecret), 'the default logger printed the admin secret from the request body');
});
