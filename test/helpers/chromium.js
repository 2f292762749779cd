// The report test opens pages in Debian's chromium: install it when missing (as root, from Debian's registry).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const CHROMIUM = '/usr/bin/chromium';

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return CHROMIUM;
  if (!process.getuid || process.getuid() !== 0) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (.ci/run does)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'ignore', env });
  return CHROMIUM;
}

module.exports = { ensureChromium, CHROMIUM };
