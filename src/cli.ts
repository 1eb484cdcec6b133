// The CLI's entry point: the process's own arguments, folder, environment and streams.
import { runCommandLine } from './commands/command-line.js';

// A reader that stops early (`containment scan | head`) closes the pipe; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

// The exit code is set, never forced with process.exit(), so that a report piped into another
// program is written out in full before Node exits.
process.exitCode = await runCommandLine({ argv: process.argv.slice(2), cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
