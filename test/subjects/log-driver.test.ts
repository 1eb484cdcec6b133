import { describe, expect, it } from 'vitest';
import { lines, scanFiles, seen } from '../support/scan-files.js';

describe('the log driver in the inventory', () => {
  it('names where each container logs, and says when its logs are thrown away', async () => {
    const compose = lines(
      'services:',
      '  quiet: { image: x/a:1, logging: { driver: none } }',
      '  shipped: { image: x/b:1, logging: { driver: syslog, options: { syslog-address: "udp://10.0.0.1:514" } } }',
      '  default: { image: x/c:1 }',
    );
    const result = await scanFiles({ 'compose.yaml': compose });
    expect(result.inventory!.containers.map((c) => [c.name, c.logDriver])).toEqual([
      ['quiet', 'none'],
      ['shipped', 'syslog'],
      ['default', undefined],
    ]);
    expect(result.findings.filter((f) => f.ruleId === 'container-logging-disabled').map((f) => [f.range.start.line, f.severity])).toEqual([[2, 'low']]);
  });

  it('an override that turns logging off is judged on the merged service, at the override', async () => {
    const files = {
      'compose.yaml': lines('services:', '  api:', '    image: x/api:1', '    logging: { driver: json-file }'),
      'compose.override.yaml': lines('services:', '  api:', '    logging:', '      driver: none'),
    };
    expect(await seen(files, ['container-logging-disabled'])).toEqual([{ rule: 'container-logging-disabled', path: 'compose.override.yaml', line: 4, column: 7 }]);
  });
});
