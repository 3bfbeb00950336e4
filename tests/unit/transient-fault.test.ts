import {
  ConditionalCheckFailedException,
  InternalServerError,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { NoSuchKey, S3ServiceException } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors/http-errors';
import { isTransientFault } from '../../shared/errors/transient-fault';
import { refusalOf, toProblemResponse } from '../../shared/http/problem-response';

const metadata = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

/** What the SDK throws once its retries gave up, as its deserialisers build them. */
const transient: [string, unknown][] = [
  ['DynamoDB throttling', new ThrottlingException({ message: 'Rate exceeded', ...metadata(400) })],
  ['a DynamoDB 500', new InternalServerError({ message: 'Internal error', ...metadata(500) })],
  [
    'S3 SlowDown',
    new S3ServiceException({ name: 'SlowDown', $fault: 'server', message: 'Slow down', ...metadata(503) }),
  ],
  ['a request timed out', Object.assign(new Error('socket timed out'), { name: 'TimeoutError' })],
  ['a connection reset', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
  [
    'a fault wrapped by a use case',
    new Error('could not record the delivery', {
      cause: new ThrottlingException({ message: 'Rate exceeded', ...metadata(400) }),
    }),
  ],
];

const notTransient: [string, unknown][] = [
  [
    'a failed condition',
    new ConditionalCheckFailedException({ message: 'The condition failed', ...metadata(400) }),
  ],
  [
    'a cancelled transaction',
    new TransactionCanceledException({ message: 'Transaction cancelled', ...metadata(400) }),
  ],
  ['a missing object', new NoSuchKey({ message: 'The key does not exist', ...metadata(404) })],
  ['a bug', new TypeError("Cannot read properties of undefined (reading 'slug')")],
  ['a refusal', new ValidationError({ detail: 'title is required' })],
  ['not an error at all', 'boom'],
];

describe('a transient fault', () => {
  it.each(transient)('is %s', (_, error) => {
    expect(isTransientFault(error)).toBe(true);
  });

  it.each(notTransient)('is not %s', (_, error) => {
    expect(isTransientFault(error)).toBe(false);
  });
});

describe('the answer to a transient fault', () => {
  const fault = new ThrottlingException({
    message: 'Rate of requests exceeds the allowed throughput',
    ...metadata(400),
  });

  it('is a 503 problem with Retry-After, echoing nothing of the fault', () => {
    const response = toProblemResponse(fault, '/v1/partners/almadar/articles');
    expect(response.statusCode).toBe(503);
    expect(response.headers).toMatchObject({
      'content-type': 'application/problem+json',
      'retry-after': '5',
    });
    const body = JSON.parse(response.body);
    expect(body).toMatchObject({
      type: '/problems/service-unavailable',
      status: 503,
      instance: '/v1/partners/almadar/articles',
    });
    expect(response.body).not.toMatch(/throughput|Throttling/);
    expect(refusalOf(fault).slug).toBe('service-unavailable');
  });

  it('leaves any other fault the opaque 500', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'slug')");
    const response = toProblemResponse(bug);
    expect(response.statusCode).toBe(500);
    expect(response.headers['retry-after']).toBeUndefined();
    expect(response.body).not.toMatch(/slug/);
    expect(refusalOf(bug).slug).toBe('internal-error');
  });
});

describe('a refusal', () => {
  it('is counted by the slug its answer names, whatever the error', () => {
    const errors = [
      new ValidationError({ detail: 'The title is empty.' }),
      new ThrottlingException({ message: 'Slow down', ...metadata(400) }),
      new TypeError('a bug'),
    ];
    expect(errors.map((error) => refusalOf(error).slug)).toEqual([
      'validation-failed',
      'service-unavailable',
      'internal-error',
    ]);
    for (const error of errors) {
      const { slug, response } = refusalOf(error);
      expect(JSON.parse(response.body).type).toBe(`/problems/${slug}`);
    }
  });
});
