import { afterEach, describe, expect, it, vi } from 'vitest';
import { instrumentHandler } from '../../shared/runtime/instrument-handler';
import { captureTelemetry, lambdaInvocation } from '../support/captured-telemetry';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('instrumentHandler', () => {
  it("puts the invocation's request id and cold start on every log line", async () => {
    const captured = captureTelemetry('ingest');
    const { logger } = captured.telemetry;
    const handler = instrumentHandler(captured.telemetry, async (event: { n: number }) => {
      logger.info('handled', { n: event.n });
    });

    await handler({ n: 1 }, lambdaInvocation('request-1'));
    await handler({ n: 2 }, lambdaInvocation('request-2'));

    const lines = captured.logs().filter((line) => line.message === 'handled');
    expect(lines).toMatchObject([
      { n: 1, function_request_id: 'request-1', cold_start: true, service: 'ingest' },
      { n: 2, function_request_id: 'request-2', cold_start: false, service: 'ingest' },
    ]);
    expect(lines[0]).toMatchObject({ function_name: 'Syndication-App-Ingest', level: 'INFO' });
  });

  it('flushes what a call recorded as one EMF line when it returns', async () => {
    const captured = captureTelemetry('publisher');
    const handler = instrumentHandler(captured.telemetry, async () => {
      captured.telemetry.metrics.addMetric('ObjectsWritten', 'Count', 3);
      captured.telemetry.metrics.addMetric('ObjectsWritten', 'Count', 2);
    });

    await handler({}, lambdaInvocation('request-1'));

    expect(captured.emf()).toHaveLength(1);
    expect(captured.metrics()).toEqual([
      {
        name: 'ObjectsWritten',
        unit: 'Count',
        values: [3, 2],
        namespace: 'Syndication',
        dimensions: { service: 'publisher' },
      },
    ]);
  });

  it('flushes what a call recorded when it throws, and still throws', async () => {
    const captured = captureTelemetry('publisher');
    const handler = instrumentHandler(captured.telemetry, async () => {
      captured.telemetry.metrics.addMetric('ObjectsWritten', 'Count', 1);
      throw new Error('the bucket refused a write');
    });

    await expect(handler({}, lambdaInvocation('request-1'))).rejects.toThrow('the bucket refused a write');
    expect(captured.metrics()).toMatchObject([{ name: 'ObjectsWritten', values: [1] }]);
  });

  it('logs an error the call throws as a structured line of its invocation', async () => {
    const captured = captureTelemetry('publisher');
    const handler = instrumentHandler(captured.telemetry, async () => {
      throw new Error('the bucket refused a write');
    });

    await expect(handler({}, lambdaInvocation('request-9'))).rejects.toThrow();
    expect(captured.logs().find((line) => line.message === 'invocation failed')).toMatchObject({
      level: 'ERROR',
      function_request_id: 'request-9',
      error: { name: 'Error', message: 'the bucket refused a write' },
    });
  });

  it('prints nothing for a call that recorded nothing, and its dimensions do not reach the next call', async () => {
    const captured = captureTelemetry('ingest');
    const { metrics } = captured.telemetry;
    let record = false;
    const handler = instrumentHandler(captured.telemetry, async () => {
      if (record) metrics.addMetric('DeliveriesAccepted', 'Count', 1);
      else metrics.addDimension('reason', 'unauthorized');
    });

    await handler({}, lambdaInvocation('request-1'));
    expect(captured.emf()).toEqual([]);
    expect(captured.logs().filter((line) => line.level === 'WARN')).toEqual([]);

    record = true;
    await handler({}, lambdaInvocation('request-2'));
    expect(captured.metrics()).toMatchObject([
      { name: 'DeliveriesAccepted', dimensions: { service: 'ingest' } },
    ]);
  });
});
