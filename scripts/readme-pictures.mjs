// Makes the README's pictures from what the bundled Action really posts (`npm run pictures`; not
// run by CI): a small repository with a base and a head commit, the Action run on it as on a pull
// request against a stand-in GitHub API on 127.0.0.1, then the comment it posted (markdown →
// HTML with GitHub's stylesheet) and its annotations on the changed file, each captured by
// headless Chromium (Debian's `chromium` package) into docs/images/.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { marked } from 'marked';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'docs/images');
const work = mkdtempSync(join(tmpdir(), 'containment-pictures-'));

const BASE = {
  'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports: ["127.0.0.1:8080:80"]\n    read_only: true\n  cache:\n    image: redis:7\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
};
const HEAD = {
  'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports: ["127.0.0.1:8080:80"]\n    read_only: true\n  cache:\n    image: redis:7\n  debug:\n    image: alpine:3.20\n    privileged: true\n    environment:\n      DB_PASSWORD: hunter2\n',
};

function git(...args) {
  return execFileSync('git', ['-C', join(work, 'repo'), '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' }).trim();
}
function commit(files, message) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(work, 'repo', path)), { recursive: true });
    writeFileSync(join(work, 'repo', path), text);
  }
  git('add', '-A');
  git('commit', '-qm', message);
  return git('rev-parse', 'HEAD');
}

/** The few GitHub REST answers the Action needs for one comment, as GitHub shapes them. */
function standInGitHub() {
  const comments = [];
  const reviews = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const send = (status, value) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      const path = new URL(request.url, 'http://x').pathname;
      if (request.method === 'GET' && path === '/user') return send(403, { message: 'Resource not accessible by integration' });
      if (request.method === 'GET' && path.endsWith('/comments')) return send(200, []);
      if (request.method === 'POST' && path.endsWith('/reviews')) {
        reviews.push(JSON.parse(body));
        return send(200, { id: 2, html_url: 'https://github.com/o/r/pull/1#pullrequestreview-2' });
      }
      if (request.method === 'POST' && path.endsWith('/comments')) {
        comments.push(JSON.parse(body).body);
        return send(201, { id: 1, body: '', user: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }, html_url: 'https://github.com/o/r/pull/1#c1' });
      }
      if (request.method === 'POST' && path.endsWith('/check-runs')) return send(201, { id: 1, html_url: 'https://github.com/o/r/runs/1' });
      if (request.method === 'PATCH') return send(200, {});
      return send(404, { message: 'Not Found' });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, comments, reviews, url: `http://127.0.0.1:${server.address().port}` })));
}

async function main() {
  mkdirSync(join(work, 'repo'));
  git('init', '-q', '-b', 'main');
  const baseSha = commit(BASE, 'base');
  const headSha = commit(HEAD, 'head');
  const github = await standInGitHub();
  const event = join(work, 'event.json');
  writeFileSync(
    event,
    JSON.stringify({
      number: 1,
      pull_request: { number: 1, head: { sha: headSha, ref: 'feature', repo: { full_name: 'o/r' } }, base: { sha: baseSha, ref: 'main', repo: { full_name: 'o/r' } } },
      repository: { full_name: 'o/r', name: 'r', owner: { login: 'o' } },
    }),
  );
  writeFileSync(join(work, 'output'), '');
  writeFileSync(join(work, 'summary'), '');
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: join(work, 'repo'),
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_SHA: headSha,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: github.url,
    GITHUB_RUN_ID: '1',
    GITHUB_OUTPUT: join(work, 'output'),
    GITHUB_STEP_SUMMARY: join(work, 'summary'),
    RUNNER_TEMP: work,
    'INPUT_TOKEN': 'ghs_pictures',
    'INPUT_PATH': '.',
    'INPUT_COMMENT': 'true',
    'INPUT_ANNOTATIONS': 'commands',
  };
  // Asynchronous: the stand-in API answers from this process while the Action runs.
  let stdout = '';
  try {
    ({ stdout } = await promisify(execFile)(process.execPath, [join(root, 'dist/index.js')], { cwd: join(work, 'repo'), env, encoding: 'utf8' }));
  } catch (error) {
    stdout = error.stdout ?? '';
  }
  github.server.close();
  const comment = github.comments[0];
  if (!comment) throw new Error(`The Action posted no comment:\n${stdout}`);

  const css = readFileSync(join(root, 'node_modules/github-markdown-css/github-markdown-light.css'), 'utf8');
  const page = (title, body) =>
    `<!doctype html><meta charset="utf-8"><title>${title}</title><style>${css}\nbody{margin:0;background:#fff}.markdown-body{box-sizing:border-box;max-width:980px;padding:24px 32px;font-size:14px}</style><article class="markdown-body">${body}</article>`;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(work, 'comment.html'), page('Comment', marked.parse(comment.replace(/^<!--.*-->\n/, ''))));
  shoot(join(work, 'comment.html'), join(out, 'pr-comment.png'), 1000, 1500);

  // The annotations on the changed file, as the diff view shows them under each line.
  const annotations = [...stdout.matchAll(/^::(error|warning|notice) title=([^,]*),file=compose\.yaml,line=(\d+)[^:]*::(.*)$/gm)].map((m) => ({
    level: m[1],
    title: decode(m[2]),
    line: Number(m[3]),
    message: decode(m[4]),
  }));
  const lines = HEAD['compose.yaml'].split('\n').slice(0, -1);
  const colour = { error: '#cf222e', warning: '#9a6700', notice: '#0969da' };
  const rows = lines.map((text, index) => {
    const here = annotations.filter((a) => a.line === index + 1);
    const boxes = here
      .map((a) => `<div style="margin:4px 0 8px 60px;border-left:4px solid ${colour[a.level]};background:#f6f8fa;padding:6px 10px;font:13px sans-serif;white-space:pre-wrap"><b>${escapeHtml(a.title)}</b><br>${escapeHtml(a.message)}</div>`)
      .join('');
    return `<div style="font:13px ui-monospace,monospace;white-space:pre"><span style="display:inline-block;width:50px;color:#57606a;text-align:right;padding-right:10px">${index + 1}</span>${escapeHtml(text)}</div>${boxes}`;
  });
  writeFileSync(join(work, 'annotations.html'), `<!doctype html><meta charset="utf-8"><body style="margin:16px;background:#fff"><div style="font:600 14px sans-serif;margin-bottom:8px">compose.yaml</div>${rows.join('')}</body>`);
  shoot(join(work, 'annotations.html'), join(out, 'annotations.png'), 1000, 700);

  // One suggestion of the review, as the pull request's conversation shows it.
  const review = github.reviews[0];
  const suggestion = review?.comments.find((c) => c.body.includes('container-no-new-privileges')) ?? review?.comments[0];
  if (!suggestion) throw new Error(`The Action posted no review with suggestions:\n${stdout}`);
  const [before, rest] = suggestion.body.replace(/^<!--.*-->\n/, '').split(/^`{3,}suggestion\n/m);
  const proposed = rest.replace(/\n`{3,}\s*$/, '').split('\n');
  const start = suggestion.start_line ?? suggestion.line;
  const original = lines.slice(start - 1, suggestion.line);
  const code = (sign, text, bg) => `<div style="font:12px ui-monospace,monospace;white-space:pre;background:${bg};padding:0 8px">${sign} ${escapeHtml(text)}</div>`;
  const context = lines.slice(Math.max(0, start - 4), start - 1).map((text, i) => `<div style="font:12px ui-monospace,monospace;white-space:pre;color:#57606a;padding:0 8px"><span style="display:inline-block;width:28px">${Math.max(1, start - 3) + i}</span>${escapeHtml(text)}</div>`);
  const card = [
    `<div style="border:1px solid #d0d7de;border-radius:6px;max-width:900px;font:14px -apple-system,sans-serif">`,
    `<div style="background:#f6f8fa;border-bottom:1px solid #d0d7de;padding:8px 12px;font-weight:600">compose.yaml</div>`,
    `<div style="padding:4px 0;border-bottom:1px solid #d0d7de">${context.join('')}</div>`,
    `<div style="padding:12px 16px"><div style="margin-bottom:8px"><b>github-actions</b> <span style="border:1px solid #d0d7de;border-radius:2em;padding:0 6px;font-size:12px;color:#57606a">bot</span> commented</div>`,
    `<div class="markdown-body" style="font-size:14px">${marked.parse(before)}</div>`,
    `<div style="border:1px solid #d0d7de;border-radius:6px;margin-top:8px"><div style="background:#f6f8fa;padding:6px 10px;font-size:12px;border-bottom:1px solid #d0d7de">Suggested change</div>`,
    ...original.map((text) => code('-', text, '#ffebe9')),
    ...proposed.map((text) => code('+', text, '#dafbe1')),
    `<div style="padding:8px 10px;border-top:1px solid #d0d7de;text-align:right"><span style="background:#1f883d;color:#fff;border-radius:6px;padding:5px 12px;font-size:13px;font-weight:600">Commit suggestion</span></div></div>`,
    `</div></div>`,
  ].join('');
  writeFileSync(join(work, 'suggestion.html'), `<!doctype html><meta charset="utf-8"><style>${css}</style><body style="margin:16px;background:#fff">${card}</body>`);
  shoot(join(work, 'suggestion.html'), join(out, 'pr-suggestion.png'), 960, 520);
  rmSync(work, { recursive: true, force: true });
  process.stdout.write(`Wrote ${join(out, 'pr-comment.png')}, ${join(out, 'annotations.png')} and ${join(out, 'pr-suggestion.png')}\n`);
}

function shoot(html, png, width, height) {
  execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--window-size=${width},${height}`, `--screenshot=${png}`, `file://${html}`], { stdio: 'ignore' });
}

function decode(text) {
  return text.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%25/g, '%');
}

function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

await main();
