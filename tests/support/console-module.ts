/**
 * A module of `console/`, loaded in Node for a unit test. The console is plain JavaScript checked by
 * its own TypeScript project (tsconfig.console.json, with the DOM's types), which this project does
 * not compile; `T` states what the test uses of the module.
 */
export async function consoleModule<T>(path: string): Promise<T> {
  return (await import(new URL(`../../console/${path}`, import.meta.url).href)) as T;
}
