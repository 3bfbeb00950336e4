// One Lambda "container" in a child process of its own: imports a function's module once (the cold
// start), then runs the invocations its parent sends over IPC, as one warm container would. Plain
// JavaScript so that a bundle runs under bare `node`, with no TypeScript loader, as on Lambda.
// Protocol (tests/support/lambda-container.ts): argv[2] is the module's path; the child sends
// { ready, initMs, initCpuMs } once imported (or { failed, error }), then answers every { event, id } with
// { id, result } or { id, error }. The event arrives as JSON text, as Lambda delivers it.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const TIMEOUT_MS = 30_000;
const functionName = process.env.POWERTOOLS_SERVICE_NAME ?? 'function';

/** A Lambda context object with what handlers and Powertools read from it. */
function lambdaContext() {
  const deadline = Date.now() + TIMEOUT_MS;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

/** An error as plain data, for the parent to rethrow. */
function asData(error) {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { name: 'Error', message: String(error) };
}

const started = performance.now();
const cpuAtStart = process.cpuUsage();
let handler;
try {
  ({ handler } = await import(pathToFileURL(process.argv[2] ?? '').href));
  if (typeof handler !== 'function') throw new Error('the module exports no handler function');
} catch (error) {
  process.send?.({ failed: true, error: asData(error) });
  process.exit(1);
}
const initMs = performance.now() - started;
const cpu = process.cpuUsage(cpuAtStart);
process.send?.({ ready: true, initMs, initCpuMs: (cpu.user + cpu.system) / 1000 });

process.on('message', async ({ id, event }) => {
  try {
    const result = await handler(JSON.parse(event), lambdaContext());
    process.send?.({ id, result: result === undefined ? null : result });
  } catch (error) {
    process.send?.({ id, error: asData(error) });
  }
});
