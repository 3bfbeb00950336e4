import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** The headers of a signed delivery. */
export interface SignedDelivery {
  headers: {
    'content-type': 'application/json';
    'webhook-id': string;
    'webhook-timestamp': string;
    'webhook-signature': string;
  };
  body: string;
}

/**
 * Signs a body as a partner would (Standard Webhooks v1), with the `standardwebhooks` library.
 * Used by the demo seed, the tests and partners testing their integration.
 */
export function signDelivery(
  secret: string,
  body: string,
  options: { deliveryId?: string; timestamp?: Date } = {},
): SignedDelivery {
  const deliveryId = options.deliveryId ?? `msg_${randomUUID().replaceAll('-', '')}`;
  const timestamp = options.timestamp ?? new Date();
  return {
    headers: {
      'content-type': 'application/json',
      'webhook-id': deliveryId,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(deliveryId, timestamp, body),
    },
    body,
  };
}
