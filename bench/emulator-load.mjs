// Load check for the Kaltura emulator: keep-alive connections, each loop does session.start
// (admin secret) then partner.getInfo with the returned v2 KS. Prints requests/s and errors.
// Usage: node bench/emulator-load.mjs <baseUrl> [seconds=5] [connections=8] [partnerId=1001]
import http from 'node:http';

const [baseUrl, secondsArg = '5', connectionsArg = '8', partnerArg = '1001'] = process.argv.slice(2);
if (!baseUrl) {
  console.error('Usage: node bench/emulator-load.mjs <baseUrl> [seconds] [connections] [partnerId]');
  process.exit(2);
}

const seconds = Number(secondsArg);
const connections = Number(connectionsArg);
const partnerId = Number(partnerArg);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });

function post(path, payload) {
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, baseUrl), {
      method: 'POST',
      agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

function get(path) {
  return new Promise((resolve, reject) => {
    http.get(new URL(path, baseUrl), { agent }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    }).on('error', reject);
  });
}

const partner = JSON.parse(await get(`/_control/partners/${partnerId}`));
let requests = 0;
let errors = 0;
let firstError = null;
const deadline = Date.now() + seconds * 1000;

function fail(detail) {
  errors++;
  firstError ??= detail;
}

async function worker() {
  while (Date.now() < deadline) {
    try {
      const start = await post('/api_v3/service/session/action/start', {
        format: 1, secret: partner.adminSecret, partnerId, type: 2, userId: 'load@acme.example',
      });
      requests++;
      const ks = JSON.parse(start.text);
      if (start.status !== 200 || typeof ks !== 'string' || !ks.startsWith('djJ8')) {
        fail(start.text.slice(0, 200));
        continue;
      }

      const info = await post('/api_v3/service/partner/action/getInfo', { format: 1, ks });
      requests++;
      const result = JSON.parse(info.text);
      if (info.status !== 200 || result.objectType !== 'KalturaPartner' || result.id !== partnerId) {
        fail(info.text.slice(0, 200));
      }
    } catch (error) {
      fail(String(error));
    }
  }
}

const started = process.hrtime.bigint();
await Promise.all(Array.from({ length: connections }, worker));
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
agent.destroy();
console.log(`${(requests / elapsed).toFixed(0)} requests/s (${requests} requests in ${elapsed.toFixed(2)} s, ${connections} keep-alive connections), ${errors} errors`);
if (firstError) {
  console.log(`first error: ${firstError}`);
}
process.exitCode = errors === 0 ? 0 : 1;
