import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteRenderingEnvironment } from '../../infra/constructs/site-rendering-function';
import {
  logicalIdOf,
  removeAssemblies,
  type SynthesizedApp,
  synthesizeApp,
} from '../support/synthesized-app';

afterAll(removeAssemblies);

describe('context websubHubUrl', () => {
  let synthesized: SynthesizedApp;

  // One synth, in a hook: synthesising the app takes a while on a busy machine.
  beforeAll(() => {
    synthesized = synthesizeApp({
      publicBaseUrl: 'https://news.example',
      websubHubUrl: 'https://pubsubhubbub.appspot.com, https://hub.example/websub',
    });
  });

  /** `WEBSUB_HUB_URL` of a function of the app stack; undefined where it is not set. */
  const hubSetting = (fn: { function: { node: { defaultChild?: unknown } } }) =>
    synthesized.appTemplate.findResources('AWS::Lambda::Function')[logicalIdOf(fn.function)]?.Properties
      .Environment.Variables.WEBSUB_HUB_URL as string | undefined;

  it('reaches the publisher, the republisher and the bootstrap, which render the feeds, checked and normalised', () => {
    const { stack } = synthesized;
    const hubs = 'https://pubsubhubbub.appspot.com/ https://hub.example/websub';
    expect(hubSetting(stack.publisher)).toBe(hubs);
    expect(hubSetting(stack.republisher)).toBe(hubs);
    expect(hubSetting(stack.siteBootstrap)).toBe(hubs);
    expect(hubSetting(stack.ingest)).toBeUndefined();
    expect(hubSetting(stack.editor)).toBeUndefined();
  });

  it('is not set when left out: no hub', () => {
    const environment = siteRenderingEnvironment({
      publicBaseUrl: 'https://news.example',
    } as Parameters<typeof siteRenderingEnvironment>[0]);
    expect(Object.keys(environment)).not.toContain('WEBSUB_HUB_URL');
  });

  it('fails the synth when a hub is not an https URL', () => {
    expect(() =>
      synthesizeApp({ publicBaseUrl: 'https://news.example', websubHubUrl: 'http://hub.example/' }),
    ).toThrow(/context websubHubUrl: "http:\/\/hub.example\/" must be an https URL/);
  });
});
