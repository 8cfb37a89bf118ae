// appToken and session.startWidgetSession through the official Kaltura Node client: the flow an
// integration follows (widget session, hash of KS + token in Node's crypto, startSession, use the
// KS), the administrator's side (add, get, list with a filter, update, delete) and the errors.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  kaltura, services, enums, newClient, resetEmulator, startSession, PARTNER,
  assertKs, assertNumberish, expectKalturaError, assertEmptyArgs, HEX32,
} from './helpers.mjs';

const { AppToken, AppTokenFilter, FilterPager } = kaltura.objects;

beforeEach(resetEmulator);

const adminClient = async (partnerId = PARTNER.MEDIA) => newClient({ ks: await startSession(partnerId) });

/** hash(KS + token) as lowercase hex, the way an integration computes tokenHash. */
const tokenHash = (hashType, ks, token) => createHash(hashType.toLowerCase()).update(ks + token).digest('hex');

async function widgetKs(partnerId = PARTNER.MEDIA) {
  const widget = await services.session.startWidgetSession(`_${partnerId}`).execute(newClient());
  return widget.ks;
}

test('appToken.add: the server makes the id and the token value; the fields given are kept', async () => {
  const client = await adminClient();
  const before = Math.floor(Date.now() / 1000);
  const token = await services.appToken.add(new AppToken({
    description: 'conformance', sessionType: enums.SessionType.USER, sessionUserId: 'robot@acme.example',
    sessionPrivileges: 'privacycontext:conformance', hashType: enums.AppTokenHashType.SHA256, sessionDuration: 3600,
  })).execute(client);

  assert.equal(token.objectType, 'KalturaAppToken');
  assert.match(token.id, /^0_[0-9a-z]{8}$/);
  assert.match(token.token, HEX32, 'the token value is 32 lowercase hex characters');
  assertNumberish(token.partnerId, PARTNER.MEDIA, 'partnerId');
  assert.equal(token.status, enums.AppTokenStatus.ACTIVE);
  assert.equal(token.hashType, 'SHA256');
  assert.equal(token.sessionType, enums.SessionType.USER);
  assert.equal(token.sessionUserId, 'robot@acme.example');
  assert.equal(token.sessionDuration, 3600);
  assert.equal(token.description, 'conformance');
  assert.ok(token.createdAt >= before - 5 && token.createdAt <= before + 60, `createdAt ${token.createdAt} is now`);
  assert.equal(token.expiry, undefined, 'no expiry: never expires');

  const blank = await services.appToken.add(new AppToken()).execute(client);
  assert.equal(blank.hashType, 'SHA1', 'hashType reads back SHA1 when never set');
  assert.equal(blank.sessionDuration, 86400, 'sessionDuration defaults to the partner\'s KS maximum');
});

test('appToken.get, listAction with a filter and a pager, update, deleteAction', async () => {
  const client = await adminClient();
  const first = await services.appToken.add(new AppToken({ description: 'first' })).execute(client);
  const second = await services.appToken.add(new AppToken({ description: 'second' })).execute(client);
  await services.appToken.add(new AppToken({ description: 'other partner' })).execute(await adminClient(PARTNER.TRAINING));

  const read = await services.appToken.get(first.id).execute(client);
  assert.deepEqual(read, first, 'get answers what add answered');

  const all = await services.appToken.listAction().execute(client);
  assert.equal(all.objectType, 'KalturaAppTokenListResponse');
  assert.equal(all.totalCount, 2, 'only the calling partner\'s tokens');
  assert.deepEqual(all.objects.map((t) => t.id).sort(), [first.id, second.id].sort());

  const filter = new AppTokenFilter({ idIn: `${first.id},${second.id}`, statusEqual: enums.AppTokenStatus.ACTIVE });
  const page = await services.appToken.listAction(filter, new FilterPager({ pageSize: 1, pageIndex: 2 })).execute(client);
  assert.equal(page.objects.length, 1);
  assert.equal(page.totalCount, 2);
  const byId = await services.appToken.listAction(new AppTokenFilter({ idEqual: second.id })).execute(client);
  assert.deepEqual(byId.objects.map((t) => t.description), ['second']);
  const sinceFuture = await services.appToken.listAction(
    new AppTokenFilter({ createdAtGreaterThanOrEqual: Math.floor(Date.now() / 1000) + 3600 * 24 * 365 * 20 })).execute(client);
  assert.equal(sinceFuture.totalCount, 0);

  const updated = await services.appToken.update(first.id, new AppToken({ description: 'renamed', sessionType: enums.SessionType.ADMIN }))
    .execute(client);
  assert.equal(updated.description, 'renamed');
  assert.equal(updated.sessionType, enums.SessionType.ADMIN);
  assert.equal(updated.token, first.token, 'update never changes the token value');

  const deleted = await services.appToken.deleteAction(first.id).execute(client);
  assert.equal(deleted, null, 'delete answers null');
  await expectKalturaError(services.appToken.get(first.id).execute(client), 'APP_TOKEN_ID_NOT_FOUND');
  const remaining = await services.appToken.listAction().execute(client);
  assert.deepEqual(remaining.objects.map((t) => t.id), [second.id]);
});

test('startWidgetSession, hash in Node, appToken.startSession, and the KS works for other calls', async () => {
  const token = await services.appToken.add(new AppToken({
    sessionType: enums.SessionType.ADMIN, sessionUserId: 'robot@acme.example', sessionDuration: 600,
    sessionPrivileges: 'privacycontext:cat1', hashType: enums.AppTokenHashType.SHA256,
  })).execute(await adminClient());

  const widget = await services.session.startWidgetSession(`_${PARTNER.MEDIA}`).execute(newClient());
  assert.equal(widget.objectType, 'KalturaStartWidgetSessionResponse');
  assertNumberish(widget.partnerId, PARTNER.MEDIA, 'widget partnerId');
  assertNumberish(widget.userId, 0, 'widget userId');
  assertKs(widget.ks, 'widget ks');

  const before = Math.floor(Date.now() / 1000);
  const info = await services.appToken.startSession(token.id, tokenHash('SHA256', widget.ks, token.token),
    'ignored-user', enums.SessionType.USER, 86400, 'privacycontext:ignored,custom:kept')
    .execute(newClient({ ks: widget.ks }));
  assert.equal(info.objectType, 'KalturaSessionInfo');
  assertKs(info.ks, 'app token ks');
  assertNumberish(info.partnerId, PARTNER.MEDIA, 'partnerId');
  assertNumberish(info.sessionType, enums.SessionType.ADMIN, 'the token\'s session type wins');
  assert.equal(info.userId, 'robot@acme.example', 'the token\'s user wins');
  assert.ok(Number(info.expiry) >= before + 595 && Number(info.expiry) <= before + 660, `expiry ${info.expiry} bounded by sessionDuration 600`);
  assert.equal(info.privileges, `sessionid:${token.id},apptoken:${token.id},privacycontext:cat1,custom:kept`);

  const session = await services.session.get().execute(newClient({ ks: info.ks }));
  assert.equal(session.userId, 'robot@acme.example');
  assertNumberish(session.sessionType, enums.SessionType.ADMIN, 'session.get sessionType');
  const partner = await services.partner.getInfo().execute(newClient({ ks: info.ks }));
  assertNumberish(partner.id, PARTNER.MEDIA, 'getInfo with the app token KS');

  // Deleting the token revokes the KSs it issued.
  await services.appToken.deleteAction(token.id).execute(await adminClient());
  const revoked = await expectKalturaError(services.partner.getInfo().execute(newClient({ ks: info.ks })), 'INVALID_KS');
  assert.equal(revoked.args.KSID, 'LOGOUT');
});

test('appToken.startSession: every hash type the client enumerates', async () => {
  const client = await adminClient();
  for (const hashType of Object.values(enums.AppTokenHashType)) {
    const token = await services.appToken.add(new AppToken({ hashType })).execute(client);
    const ks = await widgetKs();
    const info = await services.appToken.startSession(token.id, tokenHash(hashType, ks, token.token))
      .execute(newClient({ ks }));
    assertNumberish(info.sessionType, enums.SessionType.USER, `${hashType}: a blank token gives a USER KS by default`);
    assert.equal(info.userId, '', `${hashType}: no user`);
  }
});

test('appToken errors as the client reports them', async () => {
  const client = await adminClient();
  const token = await services.appToken.add(new AppToken({ expiry: Math.floor(Date.now() / 1000) + 3600 })).execute(client);
  const ks = await widgetKs();

  const wrongHash = await expectKalturaError(
    services.appToken.startSession(token.id, tokenHash('SHA1', ks, token.token).toUpperCase()).execute(newClient({ ks })),
    'INVALID_APP_TOKEN_HASH');
  assertEmptyArgs(wrongHash);
  await expectKalturaError(
    services.appToken.startSession(token.id, tokenHash('SHA1', token.token, ks)).execute(newClient({ ks })),
    'INVALID_APP_TOKEN_HASH');

  const unknown = await expectKalturaError(services.appToken.get('0_nosuchid').execute(client), 'APP_TOKEN_ID_NOT_FOUND');
  assert.deepEqual(unknown.args, { ID: '0_nosuchid' });
  const noKs = await expectKalturaError(
    services.appToken.startSession(token.id, tokenHash('SHA1', ks, token.token)).execute(newClient()), 'SERVICE_FORBIDDEN');
  assert.equal(typeof noKs.args.SERVICE, 'string');
  await expectKalturaError(services.appToken.listAction().execute(newClient({ ks })), 'SERVICE_FORBIDDEN');
  const userKs = await startSession(PARTNER.MEDIA, { type: enums.SessionType.USER });
  await expectKalturaError(services.appToken.add(new AppToken()).execute(newClient({ ks: userKs })), 'SERVICE_FORBIDDEN');

  const badHashType = await expectKalturaError(
    services.appToken.add(new AppToken({ hashType: 'sha256' })).execute(client), 'INVALID_ENUM_VALUE');
  assert.deepEqual(badHashType.args, { ENUM_VAL: 'sha256', PARAM_NAME: 'hashType', ENUM_TYPE: 'KalturaAppTokenHashType' });
  const readOnly = await expectKalturaError(
    services.appToken.update(token.id, new AppToken({ status: enums.AppTokenStatus.DISABLED })).execute(client),
    'PROPERTY_VALIDATION_NOT_UPDATABLE');
  assert.deepEqual(readOnly.args, { PROP_NAME: 'KalturaAppToken::status' });
  await expectKalturaError(services.session.startWidgetSession('_999999').execute(newClient()), 'INVALID_WIDGET_ID');
  // Another partner's token is unknown to this partner.
  await expectKalturaError(services.appToken.get(token.id).execute(await adminClient(PARTNER.TRAINING)), 'APP_TOKEN_ID_NOT_FOUND');
});

test('multirequest: add, then get and list with {1:result:id}', async () => {
  const client = await adminClient();
  const results = await services.appToken.add(new AppToken({ description: 'multi' }))
    .add(services.appToken.get('{1:result:id}'))
    .add(services.appToken.listAction(new AppTokenFilter({ idEqual: '{1:result:id}' })))
    .execute(client);
  assert.equal(results.length, 3);
  const [added, read, list] = results;
  assert.equal(added.objectType, 'KalturaAppToken');
  assert.equal(read.id, added.id);
  assert.equal(read.description, 'multi');
  assert.deepEqual(list.objects.map((t) => t.id), [added.id]);
});

// deployment/permissions/service.baseentry.ini: BASE_USER_SESSION_PERMISSION holds baseEntry.list.
test('baseEntry.list: the USER session an app token starts lists media (none on the emulator)', async () => {
  const token = await services.appToken.add(new AppToken({ sessionType: enums.SessionType.USER, sessionUserId: 'reports@acme.example' }))
    .execute(await adminClient());
  const ks = await widgetKs();
  const info = await services.appToken.startSession(token.id, tokenHash(token.hashType, ks, token.token)).execute(newClient({ ks }));
  assertNumberish(info.sessionType, enums.SessionType.USER, 'sessionType');

  const list = await services.baseEntry.listAction().execute(newClient({ ks: info.ks }));
  assert.equal(list.objectType, 'KalturaBaseEntryListResponse');
  assertNumberish(list.totalCount, 0, 'totalCount');
  assert.deepEqual(list.objects ?? [], [], 'no entries');
});
