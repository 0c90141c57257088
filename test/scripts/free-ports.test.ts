// The stack the tests, `npm run soak` and `npm run bench:feed` start asks the OS for its ports,
// so all of them run while `npm start` holds its own.
import { createServer, type Server } from 'net';
import { LOCAL_AIRTABLE_PORT, LOCAL_MEDIA_PORT, LOCAL_RUNTIME_PORT, LOCAL_SENDGRID_PORT, startLocalStack } from '../../scripts/local-stack';

const NPM_START_PORTS = [LOCAL_RUNTIME_PORT, LOCAL_MEDIA_PORT, LOCAL_AIRTABLE_PORT, LOCAL_SENDGRID_PORT];

/** Listens on `port` as npm start would; undefined when something (npm start itself) already does. */
function hold(port: number): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(undefined) : reject(err)));
    server.listen(port, () => resolve(server));
  });
}

it("starts and takes a call while npm start's ports are taken", async () => {
  const held = await Promise.all(NPM_START_PORTS.map(hold));
  try {
    const stack = await startLocalStack();
    try {
      const call = await stack.call({ gather: ['2'], record: { seconds: 5 } });
      expect(call.problems).toEqual([]);
      expect(stack.airtable!.records(stack.airtableConfig.baseId, stack.airtableConfig.table).map((r) => r.fields['Call SID'])).toEqual([
        call.callSid,
      ]);
      const ports = [stack.baseUrl, stack.media.url, stack.sendgrid.url, stack.airtable!.url].map((url) => Number(new URL(url).port));
      for (const port of ports) expect(NPM_START_PORTS).not.toContain(port);
    } finally {
      await stack.stop();
    }
  } finally {
    await Promise.all(held.map((server) => server && new Promise((r) => server.close(r))));
  }
}, 90_000);
