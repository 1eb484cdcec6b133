// Regenerates the rule table in README.md from the packs (`npm run docs`), through the built CLI
// so that what the README shows is what the bundle ships. test/readme.test.ts fails when the two
// differ.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const readme = new URL('../README.md', import.meta.url);
const table = execFileSync(process.execPath, [new URL('../dist/cli.js', import.meta.url).pathname, 'rules', '--format', 'markdown'], { encoding: 'utf8' });
const text = readFileSync(readme, 'utf8');
const updated = text.replace(/(<!-- rules-table:start -->\n)[\s\S]*?(<!-- rules-table:end -->)/, `$1${table}$2`);
if (updated === text && !text.includes(table)) throw new Error('README.md has no <!-- rules-table:start/end --> markers');
writeFileSync(readme, updated);
