// Multirequests built by the official Kaltura Node client: `builder.add(otherBuilder)`.
// The client numbers the sub-requests from 0 ("0", "1", ...) in the JSON body; a back-reference
// `{N:result...}` names the N-th request in execution order, 1-based.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  kaltura, services, newClient, resetEmulator, partnerSecrets, loginKs, PARTNER,
  assertKs, assertNumberish, assertIsKalturaApiError,
} from './helpers.mjs';

beforeEach(resetEmulator);

test('multirequest: loginByKs, then getInfo with ks {1:result:ks}, answers the other partner\'s info', async () => {
  const expected = await partnerSecrets(PARTNER.TRAINING);
  const ks = await loginKs(PARTNER.MEDIA);

  const multi = services.user.loginByKs(PARTNER.TRAINING)
    .add(services.partner.getInfo().setKs('{1:result:ks}'));
  assert.ok(multi instanceof kaltura.MultiRequestBuilder);
  const results = await multi.execute(newClient({ ks }));

  assert.ok(Array.isArray(results), 'a multirequest answers an array');
  assert.equal(results.length, 2, 'one result per sub-request');
  const [session, partner] = results;
  assert.equal(session.objectType, 'KalturaSessionResponse');
  assertNumberish(session.partnerId, PARTNER.TRAINING, 'loginByKs partnerId');
  assertKs(session.ks, 'loginByKs ks');
  assert.equal(partner.objectType, 'KalturaPartner');
  assertNumberish(partner.id, PARTNER.TRAINING, 'getInfo ran with the KS from result 1');
  assert.equal(partner.adminSecret, expected.adminSecret, 'adminSecret');
  assert.equal(partner.secret, expected.userSecret, 'secret');
});

test('multirequest: a failed sub-request is an error object in the results; the others still run', async () => {
  const ks = await loginKs(PARTNER.MEDIA);

  const results = await services.user.loginByKs(PARTNER.SECURE) // NEW_LOGIN_REQUIRED
    .add(services.partner.getInfo()) // inherits the top-level KS (1001)
    .execute(newClient({ ks }));

  assert.equal(results.length, 2);
  assertIsKalturaApiError(results[0], 'NEW_LOGIN_REQUIRED');
  assert.equal(results[1].objectType, 'KalturaPartner');
  assertNumberish(results[1].id, PARTNER.MEDIA, 'the second request ran with the top-level KS');
});
