// Generates a synthetic repository for the benchmark: deterministic (seeded), realistic in shape.
// One "unit" is about 100 files: a few Compose stacks, Dockerfiles and workflows, and the source
// code, READMEs and config files around them that discovery has to walk past. Scale N makes N
// units, so 1× ≈ 100 files, 10× ≈ 1,000, 100× ≈ 10,000.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** mulberry32: small, fast and good enough to make varied but repeatable files. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  const chance = (p) => next() < p;
  return { next, int, pick, chance };
}

const IMAGES = [
  'nginx:1.27', 'postgres:16', 'redis:7.2-alpine', 'node:20-bookworm-slim', 'python:3.12-slim', 'golang:1.22',
  'alpine:3.20', 'ubuntu:24.04', 'debian:bookworm', 'rabbitmq:3-management', 'mongo:7', 'mysql:8.4',
  'grafana/grafana:11.1.0', 'prom/prometheus:v2.53.0', 'ghcr.io/example/api:1.4.2', 'traefik:v3.1',
  'elasticsearch:8.14.1', 'minio/minio:latest', 'node:latest', 'busybox',
  'nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31',
];
const NAMES = ['api', 'web', 'worker', 'db', 'cache', 'queue', 'proxy', 'auth', 'search', 'metrics', 'scheduler', 'mailer', 'gateway', 'billing', 'storage', 'frontend', 'admin', 'cron', 'ingest', 'notifier'];
const WORDS = ['customer', 'order', 'invoice', 'session', 'payload', 'handler', 'request', 'result', 'config', 'cache', 'account', 'event', 'record', 'token', 'stream', 'buffer', 'report'];

function composeFile(r, stack) {
  const count = r.int(3, 15);
  const lines = [];
  if (r.chance(0.3)) lines.push("version: '3.8'", '');
  const anchors = r.chance(0.4);
  if (anchors) {
    lines.push('x-defaults: &defaults', '  restart: unless-stopped', '  logging:', '    driver: json-file', '    options:', '      max-size: "10m"', '  environment:', '    TZ: UTC', '');
  }
  lines.push('services:');
  const used = new Set();
  for (let i = 0; i < count; i++) {
    let name = r.pick(NAMES);
    while (used.has(name)) name = `${r.pick(NAMES)}${i}`;
    used.add(name);
    lines.push(`  ${name}:`);
    if (anchors && r.chance(0.6)) lines.push('    <<: *defaults');
    if (r.chance(0.35)) {
      lines.push('    build:', `      context: ./services/${name}`, '      dockerfile: Dockerfile');
      if (r.chance(0.5)) lines.push('      args:', `        VERSION: \${VERSION:-1.0.${i}}`);
    } else {
      lines.push(`    image: ${r.pick(IMAGES)}`);
    }
    if (r.chance(0.3)) lines.push(`    container_name: ${stack}-${name}`);
    if (r.chance(0.5)) lines.push(`    user: "${r.pick(['1000:1000', 'node', 'app', 'root', '0'])}"`);
    if (r.chance(0.55)) {
      lines.push('    ports:');
      const n = r.int(1, 3);
      for (let p = 0; p < n; p++) {
        if (r.chance(0.7)) lines.push(`      - "${r.chance(0.3) ? '127.0.0.1:' : ''}${r.int(3000, 9000)}:${r.pick([80, 443, 3000, 5432, 6379, 8080])}"`);
        else lines.push('      - target: 8080', `        published: "${r.int(3000, 9000)}"`, '        protocol: tcp', '        mode: host');
      }
    }
    if (r.chance(0.6)) {
      lines.push('    volumes:');
      const n = r.int(1, 4);
      for (let v = 0; v < n; v++) {
        const kind = r.int(0, 9);
        if (kind === 0) lines.push('      - /var/run/docker.sock:/var/run/docker.sock');
        else if (kind === 1) lines.push('      - type: bind', '        source: ./config', '        target: /etc/app', '        read_only: true');
        else if (kind === 2) lines.push('      - /etc:/host/etc:ro');
        else lines.push(`      - ${r.pick(['data', 'logs', 'cache', './src', './static'])}:/${r.pick(['data', 'var/lib/app', 'app/src', 'srv'])}${r.chance(0.3) ? ':ro' : ''}`);
      }
    }
    if (r.chance(0.6)) {
      if (r.chance(0.5)) {
        lines.push('    environment:');
        for (let e = r.int(1, 6); e > 0; e--) lines.push(`      ${r.pick(WORDS).toUpperCase()}_${r.pick(['URL', 'HOST', 'PORT', 'MODE', 'LEVEL'])}: "${r.pick(['${API_URL}', 'production', 'debug', '${PORT:-8080}', 'db:5432'])}"`);
      } else {
        lines.push('    environment:');
        for (let e = r.int(1, 6); e > 0; e--) lines.push(`      - ${r.pick(WORDS).toUpperCase()}_${r.pick(['URL', 'HOST', 'PORT'])}=${r.pick(['x', '${HOST}', '1'])}`);
      }
    }
    if (r.chance(0.4)) lines.push('    depends_on:', `      - ${r.pick(NAMES)}`);
    if (r.chance(0.08)) lines.push('    privileged: true');
    if (r.chance(0.06)) lines.push('    network_mode: host');
    if (r.chance(0.04)) lines.push('    pid: host');
    if (r.chance(0.15)) lines.push('    cap_add:', `      - ${r.pick(['NET_ADMIN', 'SYS_ADMIN', 'SYS_PTRACE', 'NET_BIND_SERVICE'])}`);
    if (r.chance(0.3)) lines.push('    cap_drop:', '      - ALL');
    if (r.chance(0.3)) lines.push('    security_opt:', `      - ${r.pick(['no-new-privileges:true', 'seccomp:unconfined', 'apparmor:unconfined', 'no-new-privileges'])}`);
    if (r.chance(0.3)) lines.push('    read_only: true');
    if (r.chance(0.4)) {
      lines.push('    healthcheck:', `      test: ["CMD", "curl", "-f", "http://localhost:${r.int(3000, 9000)}/health"]`, '      interval: 30s', '      timeout: 5s', '      retries: 3');
    }
    if (r.chance(0.3)) lines.push('    deploy:', '      resources:', '        limits:', `          cpus: "${r.pick(['0.5', '1', '2'])}"`, `          memory: ${r.pick(['256M', '512M', '1G'])}`);
    if (r.chance(0.2)) lines.push(`    command: ["${r.pick(['npm', 'python', './server'])}", "${r.pick(['start', 'app.py', '--port=8080'])}"]`);
    if (r.chance(0.15)) lines.push('    profiles: ["debug"]');
  }
  lines.push('');
  if (r.chance(0.6)) lines.push('volumes:', '  data: {}', '  logs:', '  cache:', '');
  if (r.chance(0.4)) lines.push('networks:', '  default:', '    name: backend', '');
  return lines.join('\n');
}

function dockerfile(r) {
  const target = r.int(20, 200);
  const lines = [];
  if (r.chance(0.3)) lines.push('# syntax=docker/dockerfile:1.7');
  lines.push(`ARG BASE_IMAGE=${r.pick(IMAGES)}`, `ARG VERSION=1.${r.int(0, 9)}.${r.int(0, 20)}`);
  const stages = r.int(1, 4);
  const names = [];
  let stageIndex = 0;
  while (lines.length < target || stageIndex < stages) {
    const name = `${r.pick(['build', 'deps', 'test', 'compile', 'assets'])}${stageIndex}`;
    const isLast = stageIndex >= stages - 1 && lines.length >= target * 0.7;
    const from = stageIndex === 0 ? (r.chance(0.5) ? '${BASE_IMAGE}' : r.pick(IMAGES)) : r.chance(0.3) ? names[names.length - 1] : r.pick(IMAGES);
    lines.push('', `FROM ${from}${isLast ? '' : ` AS ${name}`}`);
    names.push(name);
    lines.push('ARG VERSION', `WORKDIR /${r.pick(['app', 'src', 'srv', 'usr/src/app'])}`);
    if (r.chance(0.5)) lines.push(`ENV NODE_ENV=production \\`, `    PORT=${r.int(3000, 9000)} \\`, '    LOG_LEVEL=info');
    const body = isLast ? r.int(4, 12) : Math.max(4, Math.min(40, target - lines.length));
    for (let i = 0; i < body; i++) {
      const k = r.int(0, 11);
      if (k <= 2) {
        lines.push(`RUN apt-get update \\`, `    && apt-get install -y --no-install-recommends ${r.pick(['curl', 'ca-certificates', 'git', 'build-essential', 'libpq-dev'])} ${r.pick(['wget', 'unzip', 'jq', 'gnupg'])} \\`, '    && rm -rf /var/lib/apt/lists/*');
      } else if (k === 3) {
        lines.push(`RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev && npm run build`);
      } else if (k === 4) {
        lines.push(`RUN curl -fsSL https://example.com/install.sh | ${r.pick(['sh', 'bash', 'sudo bash'])}`);
      } else if (k === 5 && r.chance(0.3)) {
        lines.push('RUN <<EOF', 'set -eux', `mkdir -p /opt/${r.pick(WORDS)}`, `echo "${r.pick(WORDS)}" > /opt/version`, 'chmod 0755 /opt', 'EOF');
      } else if (k === 6) {
        lines.push(`COPY ${stageIndex > 0 && r.chance(0.5) ? `--from=${names[0]} ` : ''}${r.pick(['package*.json', 'src/', 'requirements.txt', 'go.mod go.sum', '.'])} ./`);
      } else if (k === 7) {
        lines.push(`RUN pip install --no-cache-dir -r requirements.txt \\`, `    && python -m compileall /app \\`, `    && useradd -r -u 10001 app`);
      } else if (k === 8) {
        lines.push(`ADD ${r.chance(0.5) ? '--checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2015d0bc0e9d02d4 ' : ''}https://example.com/${r.pick(WORDS)}.tar.gz /tmp/`);
      } else if (k === 9) {
        lines.push(`RUN ["/bin/sh", "-c", "echo ${r.pick(WORDS)} && ls -la"]`);
      } else if (k === 10) {
        lines.push(`# ${r.pick(WORDS)}: ${r.pick(WORDS)} ${r.pick(WORDS)} ${r.pick(WORDS)}`, `RUN go build -ldflags="-s -w -X main.version=\${VERSION}" -o /out/${r.pick(NAMES)} ./cmd/${r.pick(NAMES)}`);
      } else {
        lines.push(`RUN chown -R ${r.pick(['app', '1000', 'node'])}:${r.pick(['app', '1000', 'node'])} /app && chmod -R go-w /app`);
      }
    }
    if (isLast) {
      if (r.chance(0.5)) lines.push(`USER ${r.pick(['app', '10001', 'node', 'nobody', 'root'])}`);
      lines.push(`EXPOSE ${r.int(3000, 9000)}`);
      if (r.chance(0.5)) lines.push(`HEALTHCHECK --interval=30s CMD curl -f http://localhost/health || exit 1`);
      lines.push(`ENTRYPOINT ["${r.pick(['node', 'python', '/usr/local/bin/app'])}"]`, `CMD ["${r.pick(['server.js', 'main.py', '--serve'])}"]`);
      break;
    }
    stageIndex++;
  }
  lines.push('');
  return lines.join('\n');
}

function workflow(r, index) {
  const jobs = r.int(1, 10);
  const lines = [`name: ${r.pick(['CI', 'Build', 'Release', 'Deploy', 'Integration', 'Nightly'])} ${index}`, 'on:', '  push:', '    branches: [main]', '  pull_request:'];
  if (r.chance(0.4)) lines.push('permissions:', '  contents: read');
  lines.push('jobs:');
  for (let j = 0; j < jobs; j++) {
    lines.push(`  ${r.pick(['build', 'test', 'lint', 'deploy', 'e2e', 'docker', 'release'])}-${j}:`, `    runs-on: ${r.pick(['ubuntu-latest', 'ubuntu-24.04', '${{ matrix.os }}'])}`);
    if (r.chance(0.3)) lines.push('    strategy:', '      matrix:', '        os: [ubuntu-latest, ubuntu-22.04]', '        node: [18, 20, 22]');
    if (r.chance(0.2)) {
      if (r.chance(0.5)) lines.push(`    container: ${r.pick(IMAGES)}`);
      else lines.push('    container:', `      image: ${r.pick(IMAGES)}`, `      options: ${r.pick(['--user 1001', '--privileged', '--cpus 2', '--network host --cap-add SYS_ADMIN'])}`);
    }
    if (r.chance(0.25)) {
      lines.push('    services:', '      postgres:', `        image: ${r.pick(['postgres:16', 'postgres:latest', 'postgres'])}`, '        env:', '          POSTGRES_PASSWORD: postgres', '        ports:', '          - 5432:5432');
      lines.push('        options: >-', '          --health-cmd pg_isready', '          --health-interval 10s', '          --health-timeout 5s', '          --health-retries 5');
      if (r.chance(0.5)) lines.push('      redis:', '        image: redis:7', '        options: --health-cmd "redis-cli ping"');
    }
    lines.push('    steps:');
    lines.push(`      - uses: ${r.pick(['actions/checkout@v4', 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683'])}`);
    const steps = r.int(2, 8);
    for (let s = 0; s < steps; s++) {
      const k = r.int(0, 6);
      if (k === 0) lines.push(`      - uses: ${r.pick(['actions/setup-node@v4', 'docker/setup-buildx-action@v3', 'docker/login-action@v3', 'some-org/deploy@main'])}`, '        with:', `          ${r.pick(['node-version', 'registry', 'token'])}: ${r.pick(['20', 'ghcr.io', '${{ secrets.TOKEN }}'])}`);
      else if (k === 1) lines.push(`      - name: ${r.pick(['Install', 'Build', 'Test', 'Lint'])}`, `        run: ${r.pick(['npm ci', 'npm test', 'make build', 'go test ./...'])}`);
      else if (k === 2)
        lines.push(
          '      - name: Integration',
          '        run: |',
          `          docker run -d --name ${r.pick(NAMES)} ${r.pick(['-p 8080:80', '--privileged', '-v /var/run/docker.sock:/var/run/docker.sock', '--network host', '--read-only'])} ${r.pick(IMAGES)}`,
          '          sleep 5',
          `          curl -fsS http://localhost:8080/health && echo ok`,
        );
      else if (k === 3) lines.push('      - name: Build image', '        run: |', '          docker build -t ghcr.io/example/app:${{ github.sha }} .', '          docker push ghcr.io/example/app:${{ github.sha }}');
      else if (k === 4) lines.push('      - uses: docker://alpine:3.20', '        with:', '          args: echo hello');
      else if (k === 5) lines.push(`      - run: echo "${r.pick(WORDS)}" >> $GITHUB_OUTPUT`, '        id: out');
      else lines.push('      - name: Cache', '        uses: actions/cache@v4', '        with:', '          path: ~/.npm', "          key: ${{ runner.os }}-${{ hashFiles('**/package-lock.json') }}");
    }
  }
  lines.push('');
  return lines.join('\n');
}

function sourceFile(r, ext) {
  const n = r.int(20, 300);
  const lines = [];
  for (let i = 0; i < n; i++) {
    const w = r.pick(WORDS);
    if (ext === 'py') lines.push(i % 12 === 0 ? `def ${w}_${i}(value):` : `    ${w} = value.get("${r.pick(WORDS)}", ${i})`);
    else if (ext === 'go') lines.push(i % 12 === 0 ? `func ${w}${i}(v string) error {` : `\t${w} := strings.TrimSpace(v) // ${r.pick(WORDS)}`);
    else lines.push(i % 12 === 0 ? `export function ${w}${i}(input: string): string {` : `  const ${w}${i} = input.replace(/${r.pick(WORDS)}/g, '${r.pick(WORDS)}');`);
  }
  return `${lines.join('\n')}\n`;
}

function readme(r, name) {
  const paras = [];
  for (let p = r.int(3, 12); p > 0; p--) paras.push(Array.from({ length: r.int(20, 80) }, () => r.pick(WORDS)).join(' '));
  return `# ${name}\n\n${paras.join('\n\n')}\n\n\`\`\`sh\ndocker compose up -d\n\`\`\`\n`;
}

/**
 * Writes a repository of `scale` units under `dir` (emptied first). Returns the counts per kind.
 */
export function generate(dir, scale, seed = 20240601) {
  rmSync(dir, { recursive: true, force: true });
  const r = rng(seed + scale);
  const counts = { compose: 0, dockerfile: 0, workflow: 0, action: 0, other: 0 };
  const write = (path, text, kind) => {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
    counts[kind]++;
  };
  write('.gitignore', 'node_modules/\ndist/\n*.log\ncoverage/\n', 'other');
  write('README.md', readme(r, 'Monorepo'), 'other');
  write('action.yml', "name: Deploy\ndescription: Deploys\nruns:\n  using: docker\n  image: docker://ghcr.io/example/deploy:latest\n", 'action');
  let workflows = 0;
  for (let unit = 0; unit < scale; unit++) {
    const area = `${r.pick(['platform', 'apps', 'services', 'tools', 'infra'])}/${r.pick(NAMES)}-${unit}`;
    // Per unit (~100 files): 6 Compose files, 10 Dockerfiles, 4 workflows, 80 other files.
    for (let c = 0; c < 6; c++) {
      const name = r.pick(['compose.yaml', 'docker-compose.yml', 'compose.override.yaml', 'docker-compose.prod.yml']);
      write(`${area}/stack-${c}/${name}`, composeFile(r, `s${unit}-${c}`), 'compose');
    }
    for (let d = 0; d < 10; d++) {
      const service = `${area}/${r.pick(NAMES)}-${d}`;
      write(`${service}/${r.chance(0.85) ? 'Dockerfile' : r.pick(['Dockerfile.dev', 'build.Dockerfile', 'Containerfile'])}`, dockerfile(r), 'dockerfile');
      const ext = r.pick(['ts', 'py', 'go']);
      for (let s = 0; s < 5; s++) write(`${service}/src/${r.pick(WORDS)}-${s}.${ext}`, sourceFile(r, ext), 'other');
      write(`${service}/README.md`, readme(r, service), 'other');
      write(`${service}/${ext === 'ts' ? 'package.json' : ext === 'py' ? 'pyproject.toml' : 'go.mod'}`, `{"name": "${service}", "version": "1.0.0"}\n`, 'other');
      // Lookalikes that discovery must classify and pass over.
      if (d % 3 === 0) write(`${service}/.dockerignore`, 'node_modules\n.git\n*.md\n', 'other');
      if (d % 4 === 0) write(`${service}/config.yaml`, `server:\n  port: ${r.int(3000, 9000)}\n  host: 0.0.0.0\n`, 'other');
    }
    for (let w = 0; w < 4; w++) write(`.github/workflows/${r.pick(['ci', 'build', 'deploy', 'release', 'nightly'])}-${workflows++}.yml`, workflow(r, workflows), 'workflow');
    // Ignored by .gitignore: walked past without being read.
    write(`${area}/dist/bundle.js`, sourceFile(r, 'ts'), 'other');
    write(`${area}/node_modules/dep/Dockerfile`, 'FROM scratch\n', 'other');
  }
  return counts;
}

// `node bench/generate.mjs DIR SCALE` writes one repository by hand.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, scale] = process.argv.slice(2);
  console.log(generate(dir, Number(scale ?? 1)));
}
