// Shared helpers for the conformance suite: the emulator's URLs, its control API, a
// silent official client, and assertions for Kaltura API errors.
import assert from 'node:assert/strict';
import kaltura from 'kaltura-client';

export { kaltura };
export const { services, enums } = kaltura;

// ---------------------------------------------------------------------------------------
// Where the emulator is. build.ps1 starts it and sets KALTURA_EMULATOR_URL.
// ---------------------------------------------------------------------------------------
const rawUrl = process.env.KALTURA_EMULATOR_URL;
if (!rawUrl) {
  throw new Error('KALTURA_EMULATOR_URL is not set: start the emulator ' +
    '(its first stdout line is its base URL) and set KALTURA_EMULATOR_URL to it. ' +
    'This suite does not start the emulator itself.');
}
export const EMULATOR_URL = rawUrl.replace(/\/+$/, '');
export const CONTROL_URL = `${EMULATOR_URL}/_control`;

// ---------------------------------------------------------------------------------------
// Sample fixtures (tests/KalturaEmulator/README.md, accounts.sample.json)
// ---------------------------------------------------------------------------------------
export const LOGIN_ID = 'admin@acme.example';
export const PASSWORD = 'Acme-Demo-2026!';
export const TOTP_SEED = 'JBSWY3DPEHPK3PXP';
export const WRONG_PASSWORD = 'Not-The-Password-1!';

export const PARTNER = Object.freeze({
  MEDIA: 1001,      // plain password account, the login's default partner
  TRAINING: 1002,   // plain password account
  SECURE: 1003,     // 2FA
  SSO: 1004,        // SSO
  PRIVATE: 1005,    // hideSecrets
  SUSPENDED: 1006,  // status BLOCKED
  ROTATING: 1007,   // one additional admin secret
  LIMITED: 1008,    // the login's role there lacks INTEGRATION_BASE
  RESELLER: 2000,   // parent of 2001 and 2002
  CHILD_A: 2001,
  CHILD_B: 2002,
});
export const ALL_SAMPLE_PARTNER_IDS = Object.freeze(Object.values(PARTNER));

// Partners where the login is an active admin and the partner is ACTIVE: what
// partner.listPartnersForUser must answer (1006 is blocked; 2001/2002 are not the login's).
export const LOGIN_ACTIVE_PARTNER_IDS = Object.freeze([1001, 1002, 1003, 1004, 1005, 1007, 1008, 2000]);

// ---------------------------------------------------------------------------------------
// Control API
// ---------------------------------------------------------------------------------------
async function control(method, path, body) {
  const response = await fetch(`${CONTROL_URL}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  // Never quote the body in the error: control answers can hold secrets.
  assert.ok(response.ok, `control API ${method} ${path} answered HTTP ${response.status}`);
  return text ? JSON.parse(text) : null;
}

/** Back to the accounts loaded at start (clears lockout counters, faults, clock offset...). */
export const resetEmulator = () => control('POST', '/reset');

/** The emulator's accounts document, and loading one in its place (until the next reset). */
export const getAccounts = () => control('GET', '/accounts');
export const loadAccounts = (document) => control('POST', '/accounts', document);

/** The emulator's current state of a partner, secrets included. */
export const getControlPartner = (id) => control('GET', `/partners/${id}`);

/** The emulator's current TOTP code for a login, as its authenticator app would show it. */
export async function currentTotp(loginId = LOGIN_ID) {
  const answer = await control('GET', `/totp?loginId=${encodeURIComponent(loginId)}`);
  assert.match(answer.code, /^\d{6}$/, 'control /totp gives a 6-digit code');
  return answer.code;
}

/** Admin and user secret of a partner as the emulator holds them. */
export async function partnerSecrets(id) {
  const partner = await getControlPartner(id);
  return {
    adminSecret: partner.adminSecret,
    userSecret: partner.userSecret ?? partner.secret,
    additionalAdminSecrets: partner.additionalAdminSecrets ?? [],
  };
}

/** Every secret the sample fixtures hold: partner secrets, the login's password and seed. */
export async function allSampleSecrets() {
  const secrets = [PASSWORD, TOTP_SEED, 'Expired-Demo-2026!'];
  for (const id of ALL_SAMPLE_PARTNER_IDS) {
    const s = await partnerSecrets(id);
    secrets.push(s.adminSecret, s.userSecret, ...s.additionalAdminSecrets);
  }
  return secrets.filter((s) => typeof s === 'string' && s.length > 0);
}

// ---------------------------------------------------------------------------------------
// The official client, silenced
// ---------------------------------------------------------------------------------------
// KalturaClientBase.js: the client logs (console.log) every request URL and JSON body, and
// every response body, whenever `config.getLogger() instanceof kaltura.ILogger` at the time
// the client is constructed (that check sets client.shouldLog). The default logger is an
// ILogger, so by default secrets, passwords and KSs are printed. A logger object that is not
// an ILogger turns logging off entirely; its methods are no-ops in case anything calls them.
export const SILENT_LOGGER = Object.freeze({ log() {}, error() {}, debug() {} });

/** A client for the emulator with logging off. `ks` optional. Never set a proxy: it logs. */
export function newClient({ ks, logger = SILENT_LOGGER } = {}) {
  const config = new kaltura.Configuration();
  config.serviceUrl = EMULATOR_URL;
  config.timeout = 10000;
  if (logger) config.setLogger(logger); // must happen before new Client(config)
  const client = new kaltura.Client(config);
  if (ks) client.setKs(ks);
  return client;
}

/** KS of the sample login on a partner (default: the login's default partner). */
export async function loginKs(partnerId = null, otp = null) {
  return services.user.loginByLoginId(LOGIN_ID, PASSWORD, partnerId, 86400, '*', otp)
    .execute(newClient());
}

/** KS from session.start with the partner's secret. */
export async function startSession(partnerId, { type = enums.SessionType.ADMIN, secret, userId = '', expiry = 86400, privileges = null } = {}) {
  const s = secret ?? (await partnerSecrets(partnerId)).adminSecret;
  return services.session.start(s, userId, type, partnerId, expiry, privileges).execute(newClient());
}

// ---------------------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------------------
/** Numbers may arrive as JSON strings (KalturaSessionInfo): compare them leniently. */
export function assertNumberish(actual, expected, what) {
  assert.ok(actual !== undefined && actual !== null, `${what} is present`);
  assert.equal(Number(actual), expected, `${what}: expected ${expected}, got ${JSON.stringify(actual)}`);
}

export function assertKs(value, what = 'result') {
  assert.equal(typeof value, 'string', `${what} is a KS string`);
  assert.ok(value.length > 20, `${what} looks like a KS`);
}

/**
 * How the official client reports a Kaltura API error: the promise from execute() rejects
 * with the server's error object itself, as parsed from the JSON (not an Error instance):
 * { code: string, message: string, objectType: 'KalturaAPIException', args }.
 * Returns that object for further checks.
 */
export function assertIsKalturaApiError(error, expectedCode) {
  assert.ok(error && typeof error === 'object', 'the rejection is an object');
  assert.ok(!(error instanceof Error),
    `expected a Kaltura API error object, got a transport/JS error: ${error instanceof Error ? error.message : ''}`);
  assert.equal(error.objectType, 'KalturaAPIException', 'objectType of an API error');
  assert.equal(typeof error.code, 'string', 'code is a string');
  assert.equal(error.code, expectedCode, 'error code');
  assert.equal(typeof error.message, 'string', 'message is a string');
  assert.ok(error.message.length > 0, 'message is not empty');
  assert.ok('args' in error, 'args is present');
  return error;
}

/** Runs the request and expects the client to reject it with that Kaltura error code. */
export async function expectKalturaError(promise, expectedCode) {
  let error;
  try {
    const result = await promise;
    assert.fail(`expected Kaltura error ${expectedCode}, but the call succeeded (result type ${typeof result})`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    error = e;
  }
  return assertIsKalturaApiError(error, expectedCode);
}

/** args is `[]` (a JSON array, not `{}`) when an error has no placeholders. */
export function assertEmptyArgs(error) {
  assert.ok(Array.isArray(error.args) && error.args.length === 0,
    `args of ${error.code} is an empty JSON array, got ${JSON.stringify(error.args)}`);
}

export const HEX32 = /^[0-9a-f]{32}$/;
