// A small MCP server for the tests the real server-everything cannot stage: a tool that hangs until
// cancelled (and notes the cancellation in $FIXTURE_MARKER), one that kills its own server, and one
// that says it is destructive. Runs over stdio: `node mcp-fixture-server.mjs`.
import { appendFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const marker = process.env.FIXTURE_MARKER;
const note = (line) => marker && appendFileSync(marker, line + '\n');
const server = new McpServer({ name: 'fixture', version: '1.0.0' });

server.registerTool('hang', { description: 'Never answers; notes a cancellation.', inputSchema: {} }, (_args, extra) =>
  new Promise((resolve) => {
    note('started');
    extra.signal.addEventListener('abort', () => {
      note('cancelled');
      resolve({ content: [{ type: 'text', text: 'cancelled' }] });
    });
  }),
);

server.registerTool('crash', { description: 'Kills its server.', inputSchema: {} }, () => {
  process.stderr.write('fixture: crashing on purpose\n');
  process.exit(3);
});

server.registerTool(
  'wipe',
  { description: 'Says it destroys data.', inputSchema: { target: z.string() }, annotations: { destructiveHint: true, readOnlyHint: false } },
  ({ target }) => ({ content: [{ type: 'text', text: `wiped ${target}` }] }),
);

server.registerTool('fail', { description: 'Reports an error result.', inputSchema: {} }, () => ({ isError: true, content: [{ type: 'text', text: 'the fixture failed on purpose' }] }));

process.stderr.write('fixture: ready\n');
await server.connect(new StdioServerTransport());
