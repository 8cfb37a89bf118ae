// session.start and session.get, through the official Kaltura Node client.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  services, enums, newClient, resetEmulator, partnerSecrets, PARTNER,
  assertKs, assertNumberish, expectKalturaError,
} from './helpers.mjs';

beforeEach(resetEmulator);

test('session.start: ADMIN type with the admin secret gives an admin KS', async () => {
  const { adminSecret } = await partnerSecrets(PARTNER.MEDIA);
  const ks = await services.session.start(adminSecret, 'conformance-admin', enums.SessionType.ADMIN, PARTNER.MEDIA)
    .execute(newClient());
  assertKs(ks);

  const info = await services.session.get().execute(newClient({ ks }));
  assertNumberish(info.sessionType, enums.SessionType.ADMIN, 'sessionType');
  assertNumberish(info.partnerId, PARTNER.MEDIA, 'partnerId');
});

test('session.start: USER type with the user secret gives a user KS', async () => {
  const { userSecret } = await partnerSecrets(PARTNER.MEDIA);
  const ks = await services.session.start(userSecret, 'conformance-user', enums.SessionType.USER, PARTNER.MEDIA)
    .execute(newClient());
  assertKs(ks);

  // A user KS cannot call session.get itself; inspect it with an admin KS instead.
  const { adminSecret } = await partnerSecrets(PARTNER.MEDIA);
  const adminKs = await services.session.start(adminSecret, '', enums.SessionType.ADMIN, PARTNER.MEDIA)
    .execute(newClient());
  const info = await services.session.get(ks).execute(newClient({ ks: adminKs }));
  assertNumberish(info.sessionType, enums.SessionType.USER, 'sessionType');
  assertNumberish(info.partnerId, PARTNER.MEDIA, 'partnerId');
  assert.equal(info.userId, 'conformance-user');
});

test('session.start: ADMIN type with the user secret is rejected with START_SESSION_ERROR', async () => {
  const { userSecret } = await partnerSecrets(PARTNER.MEDIA);
  const error = await expectKalturaError(
    services.session.start(userSecret, '', enums.SessionType.ADMIN, PARTNER.MEDIA).execute(newClient()),
    'START_SESSION_ERROR');
  assert.deepEqual(error.args, { PID: String(PARTNER.MEDIA) }, 'args name the partner id');
});

test('session.get on the KS from session.start describes that session', async () => {
  const { adminSecret } = await partnerSecrets(PARTNER.MEDIA);
  const expiry = 3600;
  const before = Math.floor(Date.now() / 1000);
  const ks = await services.session.start(adminSecret, 'conformance@acme.example', enums.SessionType.ADMIN,
    PARTNER.MEDIA, expiry, 'privacycontext:conformance').execute(newClient());
  const after = Math.floor(Date.now() / 1000);

  const info = await services.session.get().execute(newClient({ ks }));
  assert.equal(info.objectType, 'KalturaSessionInfo');
  assertNumberish(info.sessionType, enums.SessionType.ADMIN, 'sessionType');
  assertNumberish(info.partnerId, PARTNER.MEDIA, 'partnerId');
  assert.equal(info.userId, 'conformance@acme.example', 'userId');
  // expiry is an absolute unix time: start time + requested seconds.
  const absoluteExpiry = Number(info.expiry);
  assert.ok(absoluteExpiry >= before + expiry - 5 && absoluteExpiry <= after + expiry + 5,
    `expiry ${info.expiry} is about now + ${expiry}s`);
  assert.equal(typeof info.privileges, 'string', 'privileges is a string');
  assert.ok(info.privileges.includes('privacycontext:conformance'), `privileges keep the one given: ${info.privileges}`);
});
