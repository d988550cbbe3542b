// A three-step plan and its pre-check (runs, asks, refused), shared by the panel's projection and render tests.
import type { Plan, PlanAssessment } from '../../../src/core/events/plan-schema';

export const PLAN: Plan = {
  summary: 'Fix add and release it',
  steps: [
    { title: 'Fix add', files: ['src/math.ts'] },
    { title: 'Install left-pad', commands: ['npm install left-pad'] },
    { title: 'Touch CI', files: ['.github/workflows/ci.yml'] },
  ],
  files: ['src/math.ts', '.github/workflows/ci.yml'],
  commands: ['npm install left-pad'],
  risks: ['the CI file is protected'],
};

export const ASSESSMENT: PlanAssessment = {
  steps: [
    { decision: 'allow', items: [{ kind: 'file', target: 'src/math.ts', decision: 'allow', risk: 'low', reason: 'edits in the workspace run at level 4' }] },
    { decision: 'ask', items: [{ kind: 'command', target: 'npm install left-pad', decision: 'ask', risk: 'high', reason: 'installing packages asks' }] },
    { decision: 'deny', items: [{ kind: 'file', target: '.github/workflows/ci.yml', decision: 'deny', risk: 'critical', reason: 'protected path' }] },
  ],
  planWide: [],
  summary: '1 of 3 steps will ask: it will run `npm install left-pad`. Step 3 would be refused: edit `.github/workflows/ci.yml`.',
};
