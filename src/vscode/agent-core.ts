// The part of the extension that runs tasks, built as its own file (dist/agent-core.js) and loaded on
// the first task: the loop and the model client pull in zod and openai, which would otherwise be
// compiled at every activation.
export { runTask } from '../core/agent/loop';
export { OpenAIModelClient } from '../core/model/client';
export { decideFileOperation, decidePolicyCommand } from '../core/policy/engine';
export { sandboxNotice } from '../core/commands/sandbox';
export { instructionFileList } from '../core/context/instructions';
export { assessPlan } from '../core/plan/assess';
export { hubForPolicy } from '../core/mcp/from-policy';
