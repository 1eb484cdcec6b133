import { expect, it } from 'vitest';
import { memoryTree } from '../../src/discover/memory-tree.js';
import { compileRules, evaluate } from '../../src/evaluate/evaluate.js';
import { judgeAsRead } from '../../src/pipeline/judge-as-read.js';
import { parseProject } from '../../src/pipeline/parse-project.js';
import { MAX_REFERENCED_FILES } from '../../src/pipeline/read-project.js';
import { loadBuiltinPacks } from '../../src/policy/builtin-packs.js';

it('reads again the extended files it judged as read without counting them against the limit of followed references', async () => {
  // More extended files than the reader follows: each is also a Compose file of its own, judged
  // and dropped as read, then read again for the file that extends it.
  const count = MAX_REFERENCED_FILES + 1;
  const files: Record<string, string> = {};
  const services: string[] = [];
  for (let i = 0; i < count; i++) {
    files[`base${i}/compose.yaml`] = `services:\n  s:\n    image: nginx:1.27\n`;
    services.push(`  s${i}:\n    extends:\n      file: ../base${i}/compose.yaml\n      service: s\n`);
  }
  files['app/compose.yaml'] = `services:\n${services.join('')}`;
  const rules = compileRules(loadBuiltinPacks().flatMap((pack) => pack.rules.filter((rule) => rule.id === 'compose-reference-unresolved' || rule.id === 'container-privileged')));
  const tree = memoryTree(files);
  const streamed = await judgeAsRead(tree, [], rules);
  const whole = evaluate((await parseProject(tree, [])).linked, rules);
  expect(streamed.findings.filter((f) => f.ruleId === 'compose-reference-unresolved')).toEqual([]);
  expect(streamed.findings.map((f) => [f.ruleId, f.path, f.range])).toEqual(whole.map((f) => [f.ruleId, f.path, f.range]));
}, 60_000);
