/** Where a shell command is written. */
export type CommandOrigin = 'dockerfile' | 'workflow' | 'action';

/**
 * The value of a `command` subject: one simple command of a shell script (a Dockerfile `RUN`, a
 * workflow or composite-action `run:`), split at `&&`, `||`, `;` and `|`.
 */
export interface CommandValue {
  /** The program, after a leading `sudo` (and its flags) is taken off. */
  name: string;
  /** The words after the program, variables left as written. */
  args: string[];
  /** The program this command's output is piped into (`curl … | sh` → `sh`). */
  pipedTo?: string;
  /**
   * Every later command of this command's pipeline, in order: its program's base name and its
   * words (`curl … | tr -d '\r' | /bin/bash -s` → `tr` `["-d", "\r"]`, `bash` `["-s"]` on the
   * `curl` command). Absent when the output is not piped.
   */
  pipeline?: Array<{ name: string; args: string[] }>;
  /** Run through `sudo`. */
  sudo: boolean;
  origin: CommandOrigin;
  /**
   * `VAR=value` assignments written before the program (`DOCKER_HOST=tcp://x:2375 docker ps`,
   * `NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci`), values as written. Absent when there are none.
   */
  env?: Record<string, string>;
  /** What a `docker` / `docker-compose` command line says, read with the docker CLI's grammar. */
  docker?: DockerCommand;
}

/**
 * A docker CLI invocation (https://docs.docker.com/reference/cli/docker/). Flag names are
 * canonical long names without dashes (`-u` → `user`, `-p` → `password` for `login`,
 * `publish` for `run`); each flag maps to its values in order, `"true"` for a boolean written
 * bare. Values are as written, so a rule can tell `${{ secrets.X }}` or `$VAR` from a literal.
 */
export interface DockerCommand {
  /**
   * The command, management prefixes dropped: `docker container run` → `run`, `docker image
   * build` and `docker buildx build` → `build`, `docker compose …` and `docker-compose …` →
   * `compose`. Other commands as written (`ps`, `push`).
   */
  subcommand: string;
  /** Options before the command (`-H`/`--host`, `--context`, `--tls`). */
  globalFlags: Record<string, string[]>;
  /**
   * The command's flags, parsed for `run`, `create`, `exec`, `login`, `build` and `compose`
   * (for `compose`, its own flags such as `file` and those of its command such as `privileged`
   * for `compose exec`); empty for other commands.
   */
  flags: Record<string, string[]>;
  /** `run` / `create`: the image as written. */
  image?: string;
  /** `exec`: the container. */
  container?: string;
  /** `login`: the registry server; absent for Docker Hub. */
  registry?: string;
  /** `build`: the build context as written. */
  context?: string;
  /** `compose`: its command (`up`, `run`, `exec`, `build`, …). */
  composeCommand?: string;
}
