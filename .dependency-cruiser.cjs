// The pipeline's import direction (DESIGN.md §6): a stage may import from the stages before it,
// never from a later one. `npm run lint` fails on an import against the direction.
//
//   core → settings → discover → languages → subjects → documents → link → policy → evaluate
//        → select → report → report/github
//
// The orchestrators at the top (src/pipeline/, src/commands/, main.ts and the entry points cli.ts,
// cli-run.ts, index.ts, action-run.ts) may
// import any stage; no stage may import them. Type-only imports count too: a type names a
// dependency as surely as a value does.
const STAGES = ['core', 'settings', 'discover', 'languages', 'subjects', 'documents', 'link', 'policy', 'evaluate', 'select', 'report', 'report/github'];
const TOP = ['pipeline', 'commands', 'main\\.ts', 'cli\\.ts', 'cli-run\\.ts', 'index\\.ts', 'action-run\\.ts'];

const folder = (name) => `^src/${name.replace('/', '\\/')}/`;
// report/github is inside report/: "report" means report/ less its github/ folder.
const stagePath = (name) => (name === 'report' ? '^src/report/(?!github/)' : folder(name));

const forbidden = STAGES.flatMap((stage, index) => {
  const later = STAGES.slice(index + 1);
  if (later.length === 0) return [];
  return [
    {
      name: `${stage.replace('/', '-')}-imports-later-stage`,
      comment: `${stage} is an earlier stage than ${later.join(', ')}: it must not import from them (DESIGN.md §6).`,
      severity: 'error',
      from: { path: stagePath(stage) },
      to: { path: later.map(stagePath).join('|') },
    },
  ];
});

forbidden.push({
  name: 'stage-imports-orchestrator',
  comment: 'Stages are imported by the orchestrators (pipeline, commands, main, cli), never the other way round.',
  severity: 'error',
  from: { path: STAGES.map(stagePath).join('|') },
  to: { path: TOP.map((t) => `^src/${t}`).join('|') },
});

forbidden.push({
  name: 'github-api-only-in-report-github',
  comment: 'Only src/report/github/ and the entry points talk to GitHub (@actions/github, Octokit).',
  severity: 'error',
  from: { path: '^src/', pathNot: '^src/(report/github/|main\\.ts|cli\\.ts)' },
  to: { path: 'node_modules/(@actions/github|@octokit)/' },
});

forbidden.push({
  name: 'no-circular',
  comment: 'A cycle of value imports between modules hides which one owns the fact (a type-only import back is fine).',
  severity: 'error',
  from: { path: '^src/' },
  to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
});

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
