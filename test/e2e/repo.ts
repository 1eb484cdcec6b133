/** The repository root; the end-to-end tests run the bundle in its dist/. */
export { REPO } from '../support/run-cli.js';
