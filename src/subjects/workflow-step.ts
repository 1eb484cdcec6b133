/** The value of a `workflow.step` subject: one step of a job in a workflow or composite action. */
export interface WorkflowStep {
  job: string;
  index: number;
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with: Record<string, string>;
  env: Record<string, string>;
  if?: string;
}
