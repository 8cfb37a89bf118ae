// Runs the conformance suite with Node's built-in test runner.
// Writes a human-readable report to stdout and a JUnit file for build.ps1 to count
// passed/failed: <repo>/out/test-results/conformance.junit.xml
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

if (!process.env.KALTURA_EMULATOR_URL) {
  console.error('KALTURA_EMULATOR_URL is not set. Start the emulator ' +
    '(dotnet out/emulator/KalturaEmulator.dll prints its base URL on its first line) ' +
    'and set KALTURA_EMULATOR_URL to that URL, or run the suite through build.ps1 -Task Test.');
  process.exit(2);
}

const resultsDir = join(here, '..', '..', 'out', 'test-results');
mkdirSync(resultsDir, { recursive: true });

// Node 20 does not expand globs on the command line: list the test files ourselves.
const testFiles = readdirSync(join(here, 'test'))
  .filter((name) => name.endsWith('.test.mjs'))
  .sort()
  .map((name) => join('test', name));

// The emulator is on loopback: never send its traffic through a proxy from the environment.
const noProxy = ['127.0.0.1', 'localhost', '::1', process.env.NO_PROXY, process.env.no_proxy]
  .filter(Boolean).join(',');

const result = spawnSync(process.execPath, [
  '--test',
  // Every test resets the one shared emulator, so test files must not run in parallel.
  '--test-concurrency=1',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=junit', `--test-reporter-destination=${join('..', '..', 'out', 'test-results', 'conformance.junit.xml')}`,
  ...testFiles,
], { cwd: here, stdio: 'inherit', env: { ...process.env, NO_PROXY: noProxy, no_proxy: noProxy } });

if (result.error) {
  console.error(`Could not start the test runner: ${result.error.message}`);
  process.exit(2);
}
process.exit(result.status ?? 1);
