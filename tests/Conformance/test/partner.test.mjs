// partner.getSecrets, partner.getInfo and partner.listPartnersForUser, through the official
// Kaltura Node client. Secrets are compared with the emulator's own state (control API).
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  services, enums, newClient, resetEmulator, partnerSecrets, loginKs, startSession,
  LOGIN_ID, PASSWORD, WRONG_PASSWORD, PARTNER, LOGIN_ACTIVE_PARTNER_IDS, HEX32,
  assertNumberish, expectKalturaError, assertEmptyArgs,
} from './helpers.mjs';

beforeEach(resetEmulator);

test('partner.getSecrets: the admin\'s email and password give both secrets', async () => {
  const expected = await partnerSecrets(PARTNER.MEDIA);
  const partner = await services.partner.getSecrets(PARTNER.MEDIA, LOGIN_ID, PASSWORD).execute(newClient());
  assert.equal(partner.objectType, 'KalturaPartner');
  assertNumberish(partner.id, PARTNER.MEDIA, 'id');
  assert.match(partner.adminSecret, HEX32, 'adminSecret is 32 lowercase hex');
  assert.match(partner.secret, HEX32, 'secret is 32 lowercase hex');
  assert.equal(partner.adminSecret, expected.adminSecret, 'adminSecret');
  assert.equal(partner.secret, expected.userSecret, 'secret (the user secret)');
});

test('partner.getSecrets: a wrong password is rejected with USER_DATA_ERROR', async () => {
  const error = await expectKalturaError(
    services.partner.getSecrets(PARTNER.MEDIA, LOGIN_ID, WRONG_PASSWORD).execute(newClient()),
    'USER_DATA_ERROR');
  assertEmptyArgs(error);
});

test('partner.getInfo: an admin KS from a password login on 1001 sees both secrets', async () => {
  const expected = await partnerSecrets(PARTNER.MEDIA);
  const ks = await loginKs(PARTNER.MEDIA);
  const partner = await services.partner.getInfo().execute(newClient({ ks }));
  assert.equal(partner.objectType, 'KalturaPartner');
  assertNumberish(partner.id, PARTNER.MEDIA, 'id');
  assert.equal(typeof partner.name, 'string');
  assert.equal(partner.adminSecret, expected.adminSecret, 'adminSecret');
  assert.equal(partner.secret, expected.userSecret, 'secret');
});

test('partner.getInfo: an admin KS from session.start on 1001 sees both secrets', async () => {
  const expected = await partnerSecrets(PARTNER.MEDIA);
  const ks = await startSession(PARTNER.MEDIA, { type: enums.SessionType.ADMIN });
  const partner = await services.partner.getInfo().execute(newClient({ ks }));
  assertNumberish(partner.id, PARTNER.MEDIA, 'id');
  assert.equal(partner.adminSecret, expected.adminSecret, 'adminSecret');
  assert.equal(partner.secret, expected.userSecret, 'secret');
});

test('partner.getInfo: 1005 (hideSecrets) answers without either secret', async () => {
  const ks = await loginKs(PARTNER.PRIVATE);
  const partner = await services.partner.getInfo().execute(newClient({ ks }));
  assertNumberish(partner.id, PARTNER.PRIVATE, 'id');
  assert.ok(!('adminSecret' in partner), 'adminSecret is absent, not empty');
  assert.ok(!('secret' in partner), 'secret is absent, not empty');
});

test('partner.getInfo: 1008 (role without INTEGRATION_BASE) answers without either secret', async () => {
  const ks = await loginKs(PARTNER.LIMITED);
  const partner = await services.partner.getInfo().execute(newClient({ ks }));
  assertNumberish(partner.id, PARTNER.LIMITED, 'id');
  assert.ok(!('adminSecret' in partner), 'adminSecret is absent, not empty');
  assert.ok(!('secret' in partner), 'secret is absent, not empty');
});

test('partner.getInfo: a USER-type KS is rejected with SERVICE_FORBIDDEN', async () => {
  const { userSecret } = await partnerSecrets(PARTNER.MEDIA);
  const ks = await startSession(PARTNER.MEDIA, { type: enums.SessionType.USER, secret: userSecret, userId: 'viewer' });
  await expectKalturaError(services.partner.getInfo().execute(newClient({ ks })), 'SERVICE_FORBIDDEN');
});

test('partner.listPartnersForUser: lists the login\'s active partners', async () => {
  const ks = await loginKs(PARTNER.MEDIA);
  const list = await services.partner.listPartnersForUser().execute(newClient({ ks }));
  assert.equal(list.objectType, 'KalturaPartnerListResponse');
  assert.ok(Array.isArray(list.objects), 'objects is an array');
  const ids = list.objects.map((p) => Number(p.id)).sort((a, b) => a - b);
  assert.deepEqual(ids, [...LOGIN_ACTIVE_PARTNER_IDS].sort((a, b) => a - b),
    'active partners where the login is an active admin (not the blocked 1006, not 2001/2002)');
  assertNumberish(list.totalCount, list.objects.length, 'totalCount (the size of the returned page)');
  for (const p of list.objects) {
    assert.equal(p.objectType, 'KalturaPartner');
    assert.equal(typeof p.name, 'string', `partner ${p.id} has a name`);
    assertNumberish(p.status, 1, `status of ${p.id}`);
  }
});
