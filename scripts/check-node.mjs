/**
 * The Node.js version check that runs before anything else in every entry point: imported first by bin/netops.mjs,
 * bin/netops-probe.mjs (the probe agent), scripts/start.mjs (`npm start`), scripts/build.mjs (`npm run build`,
 * `prepare`) and the vitest configs (`npm test`, `npm run test:e2e`), and run as the `pre<script>` of the npm
 * scripts that start tsx (`npm run emulator`, `npm run netops`, …). On an older Node it prints one line naming the
 * version needed and how to get it, and exits with code 1, instead of starting and failing later in some
 * dependency (on Node 20: vitest crashing in its reporter, the Azure SDK's EBADENGINE warnings at install).
 * `npm install` itself is refused by npm (`engine-strict=true` in .npmrc).
 *
 * Dependency-free and written in plain old JavaScript, so that any Node that can load an ES module gets as far as
 * the message. Keep MINIMUM_NODE_MAJOR equal to package.json's "engines" and .nvmrc (test/node-version.test.ts).
 */
import { writeSync } from 'node:fs';

export const MINIMUM_NODE_MAJOR = 22;

var major = Number(String(process.versions.node).split('.')[0]);
if (!(major >= MINIMUM_NODE_MAJOR)) {
  writeSync(
    2,
    'netops: Node.js ' + MINIMUM_NODE_MAJOR + ' or newer is required (package.json "engines": ">=' + MINIMUM_NODE_MAJOR + '"), ' +
      'this is Node.js ' + process.version + ' (' + process.execPath + '). ' +
      'Get it with "nvm install ' + MINIMUM_NODE_MAJOR + '" (.nvmrc), or from the npm registry as .ci/run does: ' +
      'npm install --prefix ~/.cache/netops-bot/node' + MINIMUM_NODE_MAJOR + ' node@' + MINIMUM_NODE_MAJOR +
      ' && export PATH="$HOME/.cache/netops-bot/node' + MINIMUM_NODE_MAJOR + '/node_modules/node/bin:$PATH"\n',
  );
  process.exit(1);
}
