// user.loginByLoginId and user.loginByKs, through the official Kaltura Node client.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  services, enums, newClient, resetEmulator, currentTotp, loginKs, getAccounts, loadAccounts,
  LOGIN_ID, PASSWORD, WRONG_PASSWORD, PARTNER,
  assertKs, assertNumberish, expectKalturaError, assertEmptyArgs,
} from './helpers.mjs';

beforeEach(resetEmulator);

test('user.loginByLoginId: the right password gives an admin KS for the default partner', async () => {
  const ks = await services.user.loginByLoginId(LOGIN_ID, PASSWORD).execute(newClient());
  assertKs(ks);

  const info = await services.session.get().execute(newClient({ ks }));
  assertNumberish(info.partnerId, PARTNER.MEDIA, 'partnerId (the login\'s default partner)');
  assertNumberish(info.sessionType, enums.SessionType.ADMIN, 'sessionType');
  assert.ok(info.userId, 'the KS names a user');
});

test('user.loginByLoginId: a wrong password is rejected with USER_WRONG_PASSWORD', async () => {
  const error = await expectKalturaError(
    services.user.loginByLoginId(LOGIN_ID, WRONG_PASSWORD, PARTNER.MEDIA).execute(newClient()),
    'USER_WRONG_PASSWORD');
  assertEmptyArgs(error);
});

test('user.loginByLoginId: the 2FA partner without an OTP is rejected with MISSING_OTP', async () => {
  await expectKalturaError(
    services.user.loginByLoginId(LOGIN_ID, PASSWORD, PARTNER.SECURE).execute(newClient()),
    'MISSING_OTP');
});

test('user.loginByLoginId: the 2FA partner with the current TOTP code succeeds', async () => {
  const otp = await currentTotp(LOGIN_ID);
  const ks = await services.user.loginByLoginId(LOGIN_ID, PASSWORD, PARTNER.SECURE, 86400, '*', otp)
    .execute(newClient());
  assertKs(ks);

  const info = await services.session.get().execute(newClient({ ks }));
  assertNumberish(info.partnerId, PARTNER.SECURE, 'partnerId');
  assertNumberish(info.sessionType, enums.SessionType.ADMIN, 'sessionType');
});

test('user.loginByKs: switching from 1001 to password partner 1002 gives an admin KS for 1002', async () => {
  const ks = await loginKs(PARTNER.MEDIA);
  const response = await services.user.loginByKs(PARTNER.TRAINING).execute(newClient({ ks }));
  assert.equal(response.objectType, 'KalturaSessionResponse');
  assertNumberish(response.partnerId, PARTNER.TRAINING, 'partnerId');
  assert.ok(response.userId, 'userId is present');
  assertKs(response.ks, 'ks');
  assert.notEqual(response.ks, ks, 'a new KS for the other partner');

  const info = await services.session.get().execute(newClient({ ks: response.ks }));
  assertNumberish(info.partnerId, PARTNER.TRAINING, 'partnerId of the new KS');
  assertNumberish(info.sessionType, enums.SessionType.ADMIN, 'sessionType of the new KS');
  assert.equal(info.userId, response.userId, 'the new KS is for the same user');
});

test('user.loginByKs: switching from a password partner to the 2FA partner 1003 needs NEW_LOGIN_REQUIRED', async () => {
  const ks = await loginKs(PARTNER.MEDIA);
  const error = await expectKalturaError(
    services.user.loginByKs(PARTNER.SECURE).execute(newClient({ ks })),
    'NEW_LOGIN_REQUIRED');
  assertEmptyArgs(error);
});

test('user.loginByKs: switching from a password partner to the SSO partner 1004 needs NEW_LOGIN_REQUIRED', async () => {
  const ks = await loginKs(PARTNER.MEDIA);
  await expectKalturaError(
    services.user.loginByKs(PARTNER.SSO).execute(newClient({ ks })),
    'NEW_LOGIN_REQUIRED');
});

// UserLoginDataPeer::verifyAuthenticatedPartnerSwitch (see the emulator's README): a session signed in
// with the OTP reaches the login's other two-factor partners without a code, never an SSO partner.
test('user.loginByKs: from a 2FA session, another 2FA partner needs no code; an SSO partner needs NEW_LOGIN_REQUIRED', async () => {
  const accounts = await getAccounts();
  accounts.partners.find((p) => p.id === PARTNER.PRIVATE).authenticationType = '2fa';
  await loadAccounts(accounts);
  const ks = await loginKs(PARTNER.SECURE, await currentTotp(LOGIN_ID));

  const response = await services.user.loginByKs(PARTNER.PRIVATE).execute(newClient({ ks }));
  assertNumberish(response.partnerId, PARTNER.PRIVATE, 'partnerId');
  const info = await services.session.get().execute(newClient({ ks: response.ks }));
  assertNumberish(info.partnerId, PARTNER.PRIVATE, 'partnerId of the new KS');

  assertNumberish((await services.user.loginByKs(PARTNER.TRAINING).execute(newClient({ ks }))).partnerId, PARTNER.TRAINING, 'a password partner');
  await expectKalturaError(services.user.loginByKs(PARTNER.SSO).execute(newClient({ ks })), 'NEW_LOGIN_REQUIRED');
  await expectKalturaError(services.user.loginByKs(PARTNER.PRIVATE).execute(newClient({ ks: await loginKs(PARTNER.MEDIA) })), 'NEW_LOGIN_REQUIRED');
});
