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
 * Runs `action` while recording everything written as text to process.stdout/stderr and
 * through the console methods. Recorded text is not passed on, so a leak cannot reach the
 * test report either. Binary chunks (how `node --test` children report to the runner) are
 * recorded and passed on unchanged. Returns { printed: the text output, all: everything }.
 */
async function captureOutput(action) {
  const recorded = [];
  const restores = [];
  const replace = (owner, name, replacement) => {
    const original = owner[name];
    restores.push(() => { owner[name] = original; });
    owner[name] = replacement(original.bind(owner));
  };
  for (const stream of [process.stdout, process.stderr]) {
    replace(stream, 'write', (write) => (chunk, ...rest) => {
      if (typeof chunk !== 'string') {
        recorded.push({ binary: true, text: Buffer.from(chunk).toString('latin1') });
        return write(chunk, ...rest);
      }
      recorded.push({ binary: false, text: chunk });
      const callback = rest.find((r) => typeof r === 'function');
      if (callback) process.nextTick(callback);
      return true;
    });
  }
  for (const method of ['log', 'error', 'warn', 'info', 'debug', 'dir', 'trace']) {
    replace(console, method, () => (...args) => {
      const text = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a) ?? String(a))).join(' ');
      recorded.push({ binary: false, text });
    });
  }
  try {
    await action();
  } finally {
    for (const restore of restores.reverse()) restore();
  }
  return {
    printed: recorded.filter((r) => !r.binary).map((r) => r.text).join('\n'),
    all: recorded.map((r) => r.text).join('\n'),
  };
}

const CLIENT_LOG_LINE = /URL: \S*api_v3|Response server \[/;

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

  const output = await captureOutput(async () => {
    const client = newClient();
    sessions.push(await services.session.start(adminSecret, '', enums.SessionType.ADMIN, PARTNER.MEDIA).execute(client));
    sessions.push(await services.session.start(userSecret, 'viewer', enums.SessionType.USER, PARTNER.MEDIA).execute(client));
    await services.partner.getSecrets(PARTNER.MEDIA, LOGIN_ID, PASSWORD).execute(client);
    sessions.push(await services.user.loginByLoginId(LOGIN_ID, PASSWORD, PARTNER.SECURE, 86400, '*', otp).execute(client));
    // With a partner id: without one the login goes to its *last* partner, 1003 just above.
    const ks = await services.user.loginByLoginId(LOGIN_ID, PASSWORD, PARTNER.MEDIA).execute(client);
    sessions.push(ks);
    await services.partner.getInfo().execute(newClient({ ks }));
    await services.user.loginByKs(PARTNER.TRAINING).add(services.partner.getInfo().setKs('{1:result:ks}'))
      .execute(newClient({ ks }));
    // An API error, too: the client's error path must not print either.
    await services.partner.getSecrets(PARTNER.MEDIA, LOGIN_ID, 'Wrong-Password-0!').execute(client).catch(() => {});
  });

  assertNoSecretIn(output.all, [...secrets, ...sessions]);
  // The client's log lines: 'URL: <url>, JSON: <body>' and 'Response server [..] session [..]: <body>'.
  assert.doesNotMatch(output.printed, CLIENT_LOG_LINE, 'the client logged requests or responses');
});

test('logging: control experiment, the default logger does print request bodies (so the capture works)', async () => {
  const { adminSecret } = await partnerSecrets(PARTNER.MEDIA);

  const output = await captureOutput(async () => {
    const client = newClient({ logger: null }); // keep the client's default ILogger
    await services.session.start(adminSecret, '', enums.SessionType.ADMIN, PARTNER.MEDIA).execute(client);
  });

  assert.match(output.printed, CLIENT_LOG_LINE, 'the default logger printed its request/response lines');
  assert.ok(output.printed.includes(adminSecret), 'the default logger printed the admin secret from the request body');
});
