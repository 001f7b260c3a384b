// The official HubSpot SDK (@hubspot/api-client, pinned) against `callbrief-cli sandbox
// serve --seed demo`. Where the SDK and the sandbox disagree, the sandbox is wrong.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@hubspot/api-client';

const here = path.dirname(fileURLToPath(import.meta.url));
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(here, '..', '..', 'target');
const cli = process.env.CALLBRIEF_CLI ?? path.join(targetDir, 'debug', 'callbrief-cli');

let sandbox;
let endpoint;
let client;

function startSandbox(args) {
  const child = spawn(cli, ['sandbox', 'serve', '--seed', 'demo', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const firstLine = new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`sandbox exited early with ${code}`)));
    setTimeout(() => reject(new Error('no first line from the sandbox within 30 s')), 30_000).unref();
  });
  return { child, firstLine };
}

function stopSandbox(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

before(async () => {
  sandbox = startSandbox([]);
  const info = await sandbox.firstLine;
  assert.deepEqual(Object.keys(info), ['hubspot']);
  endpoint = info.hubspot;
  client = new Client({ accessToken: endpoint.token, basePath: endpoint.base_url });
});

after(async () => {
  await stopSandbox(sandbox.child);
});

const unique = () => `${Date.now()}${Math.floor(Math.random() * 1e6)}`;

test('basicApi.getPage pages through the demo companies with paging.next.after', async () => {
  const first = await client.crm.companies.basicApi.getPage(3, undefined, ['name', 'domain']);
  assert.equal(first.results.length, 3);
  assert.ok(first.paging?.next?.after, 'a next cursor');
  assert.ok(first.results[0].createdAt instanceof Date);
  const second = await client.crm.companies.basicApi.getPage(3, first.paging.next.after, ['name']);
  const ids = new Set([...first.results, ...second.results].map((c) => c.id));
  assert.equal(ids.size, 6);
  const names = [...first.results, ...second.results].map((c) => c.properties.name);
  assert.ok(names.includes('上海星河机器人有限公司'), names.join(', '));
});

test('basicApi.getById with properties, associations and idProperty', async () => {
  const page = await client.crm.contacts.basicApi.getPage(1, undefined, ['email']);
  const contact = page.results[0];
  const byId = await client.crm.contacts.basicApi.getById(contact.id, ['email', 'firstname', 'jobtitle'], undefined, ['companies']);
  assert.equal(byId.id, contact.id);
  assert.equal(byId.properties.email, contact.properties.email);
  const companies = byId.associations?.companies?.results ?? [];
  assert.ok(companies.length >= 1, 'the contact is associated with its company');
  assert.ok(companies.some((a) => a.type === 'contact_to_company'));
  const byEmail = await client.crm.contacts.basicApi.getById(contact.properties.email, ['email'], undefined, undefined, false, 'email');
  assert.equal(byEmail.id, contact.id);
});

test('create, update and archive a contact', async () => {
  const email = `sdk-${unique()}@example.com`;
  const created = await client.crm.contacts.basicApi.create({ properties: { email, firstname: 'Sdk', lastname: 'Test' }, associations: [] });
  assert.match(created.id, /^\d+$/);
  assert.equal(created.properties.email, email);
  const updated = await client.crm.contacts.basicApi.update(created.id, { properties: { jobtitle: 'Tester' } });
  assert.equal(updated.properties.jobtitle, 'Tester');
  await client.crm.contacts.basicApi.archive(created.id);
  await assert.rejects(client.crm.contacts.basicApi.getById(created.id), (err) => err.code === 404);
});

test('a note with associations on create, then read back with associations', async () => {
  const companies = await client.crm.companies.basicApi.getPage(1);
  const companyId = companies.results[0].id;
  const note = await client.crm.objects.notes.basicApi.create({
    properties: { hs_note_body: '<p>SDK 兼容性测试</p>', hs_timestamp: new Date().toISOString() },
    associations: [{ to: { id: companyId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 190 }] }],
  });
  const read = await client.crm.objects.notes.basicApi.getById(note.id, ['hs_note_body'], undefined, ['companies']);
  assert.equal(read.properties.hs_note_body, '<p>SDK 兼容性测试</p>');
  assert.equal(read.associations.companies.results[0].id, companyId);
});

test('a note without hs_timestamp is a VALIDATION_ERROR surfaced by the SDK', async () => {
  await assert.rejects(
    client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: 'no time' }, associations: [] }),
    (err) => err.code === 400 && err.body.category === 'VALIDATION_ERROR' && /hs_timestamp/.test(err.body.message),
  );
});

test('searchApi.doSearch with filterGroups, sorts and paging', async () => {
  const result = await client.crm.companies.searchApi.doSearch({
    filterGroups: [
      { filters: [{ propertyName: 'domain', operator: 'EQ', value: 'acme-robotics.example' }] },
      { filters: [{ propertyName: 'name', operator: 'CONTAINS_TOKEN', value: '星河*' }] },
    ],
    sorts: [{ propertyName: 'name', direction: 'ASCENDING' }],
    properties: ['name', 'domain'],
    limit: 10,
    after: undefined,
  });
  assert.equal(result.total, 2);
  assert.deepEqual(result.results.map((c) => c.properties.name).sort(), ['Acme Robotics', '上海星河机器人有限公司'].sort());
  const paged = await client.crm.contacts.searchApi.doSearch({
    filterGroups: [{ filters: [{ propertyName: 'email', operator: 'HAS_PROPERTY' }] }],
    sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }],
    properties: ['email'],
    limit: 5,
  });
  assert.equal(paged.results.length, 5);
  assert.ok(paged.total > 5);
  assert.equal(paged.paging.next.after, '5');
});

test('batchApi create, read and upsert by a unique custom property', async () => {
  const propertyName = `callbrief_push_id_${unique()}`;
  const property = await client.crm.properties.coreApi.create('notes', {
    name: propertyName,
    label: 'Callbrief push id',
    type: 'string',
    fieldType: 'text',
    groupName: 'note',
    hasUniqueValue: true,
  });
  assert.equal(property.name, propertyName);
  assert.equal(property.hasUniqueValue, true);

  const timestamp = new Date().toISOString();
  const created = await client.crm.objects.notes.batchApi.create({
    inputs: [
      { properties: { hs_note_body: 'one', hs_timestamp: timestamp, [propertyName]: 'push-1' }, associations: [] },
      { properties: { hs_note_body: 'two', hs_timestamp: timestamp, [propertyName]: 'push-2' }, associations: [] },
    ],
  });
  assert.equal(created.status, 'COMPLETE');
  assert.equal(created.results.length, 2);

  const read = await client.crm.objects.notes.batchApi.read({
    inputs: [{ id: 'push-1' }, { id: 'push-2' }],
    idProperty: propertyName,
    properties: ['hs_note_body'],
    propertiesWithHistory: [],
  });
  assert.deepEqual(read.results.map((n) => n.properties.hs_note_body).sort(), ['one', 'two']);

  const upserted = await client.crm.objects.notes.batchApi.upsert({
    inputs: [
      { id: 'push-1', idProperty: propertyName, properties: { hs_note_body: 'one, edited' } },
      { id: 'push-3', idProperty: propertyName, properties: { hs_note_body: 'three', hs_timestamp: timestamp } },
    ],
  });
  const byKey = Object.fromEntries(upserted.results.map((r) => [r.properties[propertyName], r]));
  assert.equal(byKey['push-1'].properties.hs_note_body, 'one, edited');
  assert.equal(byKey['push-1']._new ?? byKey['push-1']['new'], false);
  assert.equal(byKey['push-3']._new ?? byKey['push-3']['new'], true);

  await assert.rejects(
    client.crm.objects.notes.basicApi.create({ properties: { hs_note_body: 'dup', hs_timestamp: timestamp, [propertyName]: 'push-2' }, associations: [] }),
    (err) => err.code === 400 && err.body.category === 'VALIDATION_ERROR',
  );
});

test('properties coreApi.getAll lists realistic built-in properties', async () => {
  const all = await client.crm.properties.coreApi.getAll('contacts');
  const email = all.results.find((p) => p.name === 'email');
  assert.ok(email);
  assert.equal(email.type, 'string');
  assert.equal(email.hubspotDefined, true);
});

test('owners getPage with email filter', async () => {
  const page = await client.crm.owners.ownersApi.getPage();
  assert.equal(page.results.length, 2);
  const li = await client.crm.owners.ownersApi.getPage('li.wei@seller.example');
  assert.equal(li.results.length, 1);
  assert.equal(li.results[0].firstName, 'Li');
  const one = await client.crm.owners.ownersApi.getById(Number(li.results[0].id));
  assert.equal(one.email, 'li.wei@seller.example');
});

test('associations v4 basicApi.create and batchApi.create', async () => {
  const deals = await client.crm.deals.basicApi.getPage(1);
  const contacts = await client.crm.contacts.basicApi.getPage(2);
  const dealId = deals.results[0].id;
  const made = await client.crm.associations.v4.basicApi.create('deals', dealId, 'contacts', contacts.results[1].id, [
    { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 },
  ]);
  assert.equal(String(made.toObjectId), contacts.results[1].id);
  const batch = await client.crm.associations.v4.batchApi.create('deals', 'contacts', {
    inputs: [{ _from: { id: dealId }, to: { id: contacts.results[0].id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }],
  });
  assert.equal(batch.status, 'COMPLETE');
  const listed = await client.crm.associations.v4.basicApi.getPage('deals', dealId, 'contacts');
  const linked = listed.results.map((r) => String(r.toObjectId));
  assert.ok(linked.includes(contacts.results[0].id) && linked.includes(contacts.results[1].id));
});

test('a wrong token is a 401 with HubSpot\'s body', async () => {
  const wrong = new Client({ accessToken: 'pat-na1-wrong', basePath: endpoint.base_url });
  await assert.rejects(wrong.crm.contacts.basicApi.getPage(1), (err) => {
    assert.equal(err.code, 401);
    assert.equal(err.body.status, 'error');
    assert.equal(err.body.category, 'INVALID_AUTHENTICATION');
    assert.match(err.body.correlationId, /^[0-9a-f-]{36}$/);
    return true;
  });
});

test('the rate limit is a 429 with policyName TEN_SECONDLY_ROLLING', async () => {
  const limited = startSandbox(['--rate-limit', '3']);
  try {
    const info = await limited.firstLine;
    const sdk = new Client({ accessToken: info.hubspot.token, basePath: info.hubspot.base_url });
    for (let i = 0; i < 3; i += 1) await sdk.crm.contacts.basicApi.getPage(1);
    await assert.rejects(sdk.crm.contacts.basicApi.getPage(1), (err) => {
      assert.equal(err.code, 429);
      assert.equal(err.body.policyName, 'TEN_SECONDLY_ROLLING');
      assert.equal(err.body.category, 'RATE_LIMITS');
      assert.equal(err.headers['x-hubspot-ratelimit-remaining'], '0');
      return true;
    });
  } finally {
    await stopSandbox(limited.child);
  }
});
