import { describe, expect, it } from 'vitest';
import { parseImageRef } from '../../src/subjects/image-ref.js';

const SHA = `sha256:${'a'.repeat(64)}`;

describe('parseImageRef', () => {
  it.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx', isLatest: true }],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27', isLatest: false }],
    ['nginx:latest', { tag: 'latest', isLatest: true }],
    [`nginx@${SHA}`, { digest: SHA, isLatest: false }],
    [`nginx:latest@${SHA}`, { tag: 'latest', digest: SHA, isLatest: false }],
    ['ghcr.io/owner/app:v1', { registry: 'ghcr.io', repository: 'owner/app', tag: 'v1' }],
    ['localhost:5000/app', { registry: 'localhost:5000', repository: 'app', isLatest: true }],
    ['localhost/app:2', { registry: 'localhost', repository: 'app', tag: '2' }],
    ['bitnami/redis:7.2', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7.2' }],
    ['index.docker.io/library/alpine:3', { registry: 'docker.io', repository: 'library/alpine' }],
  ])('%s', (raw, expected) => {
    expect(parseImageRef(raw, 'compose-service')).toMatchObject({ ref: raw, isVariable: false, ...expected });
  });

  it('treats a malformed digest as neither pinned nor latest (Docker refuses it: image-digest-invalid)', () => {
    expect(parseImageRef('nginx@sha256:abc', 'compose-service')).toMatchObject({ digest: 'sha256:abc', isLatest: false });
    expect(parseImageRef('nginx:latest@sha256:abc', 'compose-service')).toMatchObject({ tag: 'latest', isLatest: true });
    expect(parseImageRef('nginx', 'compose-service')).toMatchObject({ isLatest: true });
  });

  it.each(['${IMAGE}', 'app:${TAG}', '${{ matrix.image }}', ''])('marks %j as a variable', (raw) => {
    expect(parseImageRef(raw, 'job-container')).toMatchObject({ isVariable: true, isLatest: false });
  });
});
