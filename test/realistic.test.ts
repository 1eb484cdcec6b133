import { describe, expect, it } from 'vitest';
import { reaches } from '../src/core/severity.js';
import { scan } from '../src/pipeline/scan.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const atOrAbove = (severity: 'medium' | 'high') => (f: { severity: Parameters<typeof reaches>[0] }) => reaches(f.severity, severity);
const where = (f: { ruleId: string; path: string; range: { start: { line: number } } }) => `${f.ruleId} ${f.path}:${f.range.start.line}`;

describe('the built-in packs on realistic repositories', () => {
  it('leave a hardened stack, a distroless multi-stage build and a pinned least-privilege workflow without a warning', async () => {
    const result = await scan({ root: fixture('hardened') });
    expect(result.files.map((f) => f.kind).sort()).toEqual(['compose', 'dockerfile', 'workflow']);
    expect(result.findings.filter(atOrAbove('medium')).map(where)).toEqual([]);
  });

  it('report on typical public examples what a security reviewer would, and nothing severe that is not there', async () => {
    const result = await scan({ root: fixture('typical') });
    // Ordinary sample repositories: nothing that hands over the host.
    expect(result.findings.filter(atOrAbove('high')).map(where)).toEqual([]);
    expect(result.findings.filter(atOrAbove('medium')).map(where).sort()).toEqual(
      [
        // Unpinned third-party actions run with the job's token.
        'action-not-pinned .github/workflows/docker-publish.yml:14',
        'action-not-pinned .github/workflows/docker-publish.yml:15',
        'action-not-pinned .github/workflows/docker-publish.yml:16',
        'action-not-pinned .github/workflows/docker-publish.yml:21',
        'action-not-pinned .github/workflows/docker-publish.yml:34',
        // The Node image runs as root, judged on the Dockerfile and on the service built from it.
        'container-runs-as-root node-app/compose.yaml:2',
        'dockerfile-final-stage-root node-app/Dockerfile:1',
        // Database passwords committed in the file (a `${VAR:-default}` default is committed too).
        'container-secret-in-environment wordpress/docker-compose.yml:10',
        'container-secret-in-environment wordpress/docker-compose.yml:24',
        'container-secret-in-environment wordpress/docker-compose.yml:7',
        'image-latest-tag wordpress/docker-compose.yml:17',
      ].sort(),
    );
    // Not reported: a variable with no literal default, the GITHUB_TOKEN passed as a secret, a
    // service container's published port on the runner.
    expect(result.findings.filter((f) => f.ruleId === 'container-secret-in-environment' && f.range.start.line === 22)).toEqual([]);
    expect(result.findings.some((f) => f.ruleId === 'workflow-login-action-password-literal')).toBe(false);
    expect(result.findings.some((f) => f.ruleId === 'container-port-all-interfaces' && f.path.endsWith('.yml') && f.path.includes('workflows'))).toBe(false);
  });

  it('catch every host-takeover in the insecure stack, in Compose, job services and docker run alike', async () => {
    const result = await scan({ root: fixture('insecure') });
    expect(result.findings.filter((f) => f.severity === 'critical').map(where).sort()).toEqual(
      [
        // The `-v` of the docker run continued onto line 15 is reported there.
        'container-docker-socket .github/workflows/ci.yml:15',
        'container-docker-socket compose.yaml:10',
        'container-privileged .github/workflows/ci.yml:14',
        'container-privileged .github/workflows/ci.yml:9',
        'container-privileged compose.yaml:15',
      ].sort(),
    );
  });
});
