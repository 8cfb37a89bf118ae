// How Kaltura API errors reach a caller of the official Kaltura Node client.
// (Every error test in this suite also goes through assertIsKalturaApiError.)
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  services, enums, newClient, resetEmulator, PARTNER, assertIsKalturaApiError,
} from './helpers.mjs';

beforeEach(resetEmulator);

test('errors: an API error rejects with the server\'s error object, keys code, message, objectType, args', async () => {
  const wrongSecret = '0'.repeat(32);
  let error;
  await services.session.start(wrongSecret, '', enums.SessionType.ADMIN, PARTNER.MEDIA)
    .execute(newClient())
    .then(() => assert.fail('session.start with a wrong secret succeeded'), (e) => { error = e; });

  assertIsKalturaApiError(error, 'START_SESSION_ERROR');
  assert.equal(Object.getPrototypeOf(error), Object.prototype, 'a plain object parsed from JSON, not an Error');
  assert.deepEqual(Object.keys(error), ['code', 'message', 'objectType', 'args'], 'key order on the wire');
  assert.deepEqual(error.args, { PID: String(PARTNER.MEDIA) });
});

test('errors: an API error through the callback style arrives as success=false with the same object', async () => {
  const wrongSecret = '0'.repeat(32);
  const [success, result] = await new Promise((resolve) => {
    services.session.start(wrongSecret, '', enums.SessionType.ADMIN, PARTNER.MEDIA)
      .execute(newClient(), (ok, value) => resolve([ok, value]));
  });
  assert.equal(success, false);
  assertIsKalturaApiError(result, 'START_SESSION_ERROR');
});
