import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** One request a hub received, as it read it. */
export interface HubRequest {
  method: string;
  contentType: string | undefined;
  /** The form fields, `hub.mode` and `hub.url` among them. */
  fields: Record<string, string>;
}

/** How the stub answers: with a status, or never (`hang`: it keeps the connection open, silent). */
export type HubAnswer = number | 'hang';

/**
 * A WebSub hub on this machine that records every request it receives and answers as told: `204`
 * by default, or each request as `answer` decides from it and how many requests for the same
 * `hub.url` came before it (0 for the first). A stand-in for a real hub, for tests and local runs.
 */
export class WebSubHubStub {
  readonly requests: HubRequest[] = [];

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    private readonly sockets: Set<Socket>,
    readonly url: string,
  ) {}

  static async start(answer: (request: HubRequest, earlier: number) => HubAnswer = () => 204) {
    const sockets = new Set<Socket>();
    let stub: WebSubHubStub | undefined;
    const server = createServer((request, response) => {
      void receive(request).then((received) => {
        const recorded = stub?.requests ?? [];
        const earlier = recorded.filter((one) => one.fields['hub.url'] === received.fields['hub.url']).length;
        recorded.push(received);
        respond(response, answer(received, earlier));
      });
    });
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    stub = new WebSubHubStub(server, sockets, `http://127.0.0.1:${port}/`);
    return stub;
  }

  /** The feed URLs of the `publish` notifications received, in order of arrival. */
  topics(): string[] {
    return this.requests
      .filter((request) => request.fields['hub.mode'] === 'publish')
      .map((request) => request.fields['hub.url'] ?? '');
  }

  /** Forgets what was received so far. */
  clear(): void {
    this.requests.length = 0;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

async function receive(request: IncomingMessage): Promise<HubRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return {
    method: request.method ?? '',
    contentType: request.headers['content-type'],
    fields: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
  };
}

function respond(response: ServerResponse, answer: HubAnswer): void {
  if (answer === 'hang') return;
  response.writeHead(answer).end();
}
