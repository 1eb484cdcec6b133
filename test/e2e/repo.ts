/** The repository root; the end-to-end tests run the bundle in its dist/. */
export const REPO = new URL('../..', import.meta.url).pathname;
