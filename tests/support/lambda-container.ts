import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./lambda-container-process.mjs', import.meta.url));

/** What the child sends (tests/support/lambda-container-process.mjs). */
type ChildMessage =
  | { ready: true; initMs: number; initCpuMs: number }
  | { failed: true; error: ChildError }
  | { id: number; result: unknown }
  | { id: number; error: ChildError };

interface ChildError {
  name: string;
  message: string;
  stack?: string;
}

/** Options of one container. */
export interface LambdaContainerOptions {
  /** The function's environment, and nothing else of the parent's but `PATH`: as on Lambda. */
  environment: Record<string, string>;
  /** Node options of the child, e.g. `['--import', 'tsx']` to load TypeScript source. */
  execArgv?: string[];
}

/**
 * One Lambda container: a child process that imports a function's module once and then runs the
 * invocations given to it, so module state (the cached context, configuration read from the
 * environment) lives as long as it does, and never leaks into the test process or another function.
 * Events cross to the child as JSON text, the form Lambda delivers them in.
 */
export class LambdaContainer {
  readonly #child: ChildProcess;
  readonly #output: string[];
  #next = 0;

  private constructor(
    child: ChildProcess,
    output: string[],
    /** How long the module took to import, measured in the child: the cold start's init. */
    readonly initMs: number,
    /**
     * The CPU time (user and system, all of the child's threads) that import took: on a shared
     * machine, less swayed than `initMs` by other processes.
     */
    readonly initCpuMs: number,
  ) {
    this.#child = child;
    this.#output = output;
  }

  /** Starts a container of the module at `file` (a bundle's `index.mjs`, or a handler's source). */
  static async start(file: string, options: LambdaContainerOptions): Promise<LambdaContainer> {
    const output: string[] = [];
    const child = fork(RUNNER, [file], {
      env: { PATH: process.env.PATH ?? '', ...options.environment },
      execArgv: options.execArgv ?? [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const init = await new Promise<{ initMs: number; initCpuMs: number }>((resolve, reject) => {
      child.once('message', (message: ChildMessage) => {
        if ('ready' in message) resolve(message);
        else if ('failed' in message) reject(childError(message.error, output));
      });
      child.once('exit', (code) =>
        reject(new Error(`the container exited (${code}) before it was ready\n${output.join('')}`)),
      );
    });
    return new LambdaContainer(child, output, init.initMs, init.initCpuMs);
  }

  /** Invokes the handler with `event`; resolves to what it returned, rejects with what it threw. */
  invoke<Result = unknown>(event: unknown): Promise<Result> {
    const id = this.#next++;
    return new Promise<Result>((resolve, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (!('id' in message) || message.id !== id) return;
        this.#child.off('message', onMessage);
        this.#child.off('exit', onExit);
        if ('error' in message) reject(childError(message.error, this.#output));
        else resolve(message.result as Result);
      };
      const onExit = (code: number | null) =>
        reject(new Error(`the container exited (${code}) during an invocation\n${this.output}`));
      this.#child.on('message', onMessage);
      this.#child.once('exit', onExit);
      this.#child.send({ id, event: JSON.stringify(event, lambdaJson) });
    });
  }

  /** Everything the function wrote to stdout and stderr so far (its logs). */
  get output(): string {
    return this.#output.join('');
  }

  /** Ends the container's process. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.kill();
    await exited;
  }
}

/** Binary values as Lambda's JSON carries them (a stream record's `B` attribute): base64 text. */
function lambdaJson(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  // Buffer's own toJSON runs before the replacer sees it.
  if (
    value !== null &&
    typeof value === 'object' &&
    (value as { type?: unknown }).type === 'Buffer' &&
    Array.isArray((value as { data?: unknown }).data)
  )
    return Buffer.from((value as { data: number[] }).data).toString('base64');
  return value;
}

function childError(error: ChildError, output: string[]): Error {
  const rebuilt = new Error(`${error.name}: ${error.message}\n--- container output ---\n${output.join('')}`);
  rebuilt.stack = `${rebuilt.message}\n${error.stack ?? ''}`;
  return rebuilt;
}
