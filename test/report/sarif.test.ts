import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { formatSarif, referenceTag } from '../../src/report/sarif.js';
import { TOOL } from '../../src/report/tool.js';
import { finding, RULES, scanResult } from './scan-result-fixture.js';

/**
 * The parts of SARIF 2.1.0 that GitHub code scanning requires or reads
 * (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning),
 * written as a schema so that a missing or mistyped field fails with its path.
 */
const region = {
  type: 'object',
  required: ['startLine', 'startColumn', 'endLine', 'endColumn'],
  properties: {
    startLine: { type: 'integer', minimum: 1 },
    startColumn: { type: 'integer', minimum: 1 },
    endLine: { type: 'integer', minimum: 1 },
    endColumn: { type: 'integer', minimum: 1 },
  },
};
const physicalLocation = {
  type: 'object',
  required: ['artifactLocation', 'region'],
  properties: {
    artifactLocation: {
      type: 'object',
      required: ['uri'],
      properties: { uri: { type: 'string', not: { pattern: '^/|\\\\| ' } }, uriBaseId: { const: '%SRCROOT%' } },
    },
    region,
  },
};
const message = { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1 } } };
const githubSarif = {
  type: 'object',
  required: ['$schema', 'version', 'runs'],
  properties: {
    version: { const: '2.1.0' },
    $schema: { type: 'string', pattern: 'sarif' },
    runs: {
      type: 'array',
      minItems: 1,
      maxItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name', 'rules'],
                properties: {
                  name: { type: 'string' },
                  version: { type: 'string' },
                  rules: {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['id', 'shortDescription', 'fullDescription', 'help', 'helpUri', 'properties'],
                      properties: {
                        id: { type: 'string' },
                        shortDescription: message,
                        fullDescription: message,
                        help: { type: 'object', required: ['text', 'markdown'] },
                        helpUri: { type: 'string', format: 'uri', pattern: '^https://' },
                        properties: {
                          type: 'object',
                          required: ['security-severity', 'tags'],
                          properties: {
                            'security-severity': { type: 'string', pattern: '^(10(\\.0)?|\\d(\\.\\d+)?)$' },
                            tags: { type: 'array', items: { type: 'string' }, contains: { const: 'security' } },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          automationDetails: { type: 'object', required: ['id'] },
          results: {
            type: 'array',
            items: {
              type: 'object',
              required: ['ruleId', 'level', 'message', 'locations', 'partialFingerprints'],
              properties: {
                ruleId: { type: 'string' },
                ruleIndex: { type: 'integer', minimum: 0 },
                level: { enum: ['error', 'warning', 'note', 'none'] },
                message,
                locations: { type: 'array', minItems: 1, maxItems: 1, items: { type: 'object', required: ['physicalLocation'], properties: { physicalLocation } } },
                partialFingerprints: { type: 'object', additionalProperties: { type: 'string' } },
                relatedLocations: {
                  type: 'array',
                  items: { type: 'object', required: ['id', 'physicalLocation', 'message'], properties: { physicalLocation, message } },
                },
              },
            },
          },
        },
      },
    },
  },
};

const result = scanResult(
  [
    finding({
      path: 'deploy/my app/compose.yaml',
      related: [{ path: 'Dockerfile', range: { start: { line: 7, column: 1 }, end: { line: 7, column: 10 } }, message: 'the image runs as root from here' }],
    }),
    finding({ ruleId: 'image-latest', severity: 'medium', message: 'nginx is untagged', fingerprint: 'fp2' }),
    finding({ ruleId: 'image-latest', severity: 'low', message: 'low', fingerprint: 'fp3', range: { start: { line: 2, column: 3 }, end: { line: 5, column: 1 } } }),
  ],
  { notices: [{ level: 'warning', path: 'big.yaml', message: 'big.yaml was not scanned' }, { level: 'notice', message: 'general' }] },
);
const sarif = JSON.parse(formatSarif(result));
const run = sarif.runs[0];

describe('formatSarif', () => {
  it('has the structure GitHub code scanning requires', () => {
    const validate = new Ajv2020({ allErrors: true, strict: false, validateFormats: false }).compile(githubSarif);
    expect(validate(sarif), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('describes the tool and every rule that ran, with help, severity and framework tags', () => {
    expect(run.tool.driver).toMatchObject({ name: 'Containment', version: TOOL.version, informationUri: TOOL.informationUri });
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    expect(run.tool.driver.rules[0]).toMatchObject({
      id: 'container-privileged',
      name: 'container-privileged',
      shortDescription: { text: 'Container runs privileged' },
      fullDescription: { text: RULES[0]?.rationale },
      help: { text: RULES[0]?.remediation },
      helpUri: 'https://github.com/containment-dev/containment/blob/main/docs/rules/container-privileged.md',
      properties: { 'security-severity': '9.5', tags: ['security', 'CIS-5.5', 'OWASP-Docker-RULE-3'] },
    });
    expect(run.tool.driver.rules[0].help.markdown).toContain('CIS Docker Benchmark 1.6.0:5.5');
    expect(run.tool.driver.rules[1].properties['security-severity']).toBe('5.5');
  });

  it('locates each result exactly, with its fingerprint and related locations', () => {
    expect(run.results[0]).toMatchObject({
      ruleId: 'container-privileged',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'web runs privileged: it holds every capability and every host device' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'deploy/my%20app/compose.yaml', uriBaseId: '%SRCROOT%' },
            region: { startLine: 4, startColumn: 5, endLine: 4, endColumn: 21 },
          },
        },
      ],
      partialFingerprints: { 'containment/v1': 'fp-privileged-web' },
      relatedLocations: [{ id: 0, physicalLocation: { artifactLocation: { uri: 'Dockerfile' }, region: { startLine: 7 } }, message: { text: 'the image runs as root from here' } }],
    });
    expect(run.results.map((item: { level: string; ruleIndex: number }) => [item.level, item.ruleIndex])).toEqual([
      ['error', 0],
      ['warning', 1],
      ['note', 1],
    ]);
    expect(run.results[2].locations[0].physicalLocation.region).toEqual({ startLine: 2, startColumn: 3, endLine: 5, endColumn: 1 });
  });

  it('reports notices as tool execution notifications, and names no runner path for %SRCROOT%', () => {
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: 'big.yaml was not scanned' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'big.yaml', uriBaseId: '%SRCROOT%' } } }] },
      { level: 'note', message: { text: 'general' } },
    ]);
    // GitHub resolves %SRCROOT% against the repository itself; the runner's folder (here /repo) is in no URI.
    expect(Object.keys(run.originalUriBaseIds)).toEqual(['%SRCROOT%']);
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBeUndefined();
    expect(run.originalUriBaseIds['%SRCROOT%'].description.text).toMatch(/root of the scanned repository/);
    expect(formatSarif(result)).not.toContain('/repo');
    expect(run.automationDetails).toEqual({ id: 'containment/' });
    expect(JSON.parse(formatSarif(result, { automationId: 'containment/api/' })).runs[0].automationDetails.id).toBe('containment/api/');
  });

  it('maps framework references to tags', () => {
    expect(referenceTag({ framework: 'cis-docker', id: '1.6.0:4.1' })).toEqual(['CIS-4.1']);
    expect(referenceTag({ framework: 'owasp-docker', id: 'RULE #12' })).toEqual(['OWASP-Docker-RULE-12']);
    expect(referenceTag({ framework: 'url', url: 'https://docs.docker.com' })).toEqual([]);
  });
});
