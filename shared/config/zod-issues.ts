import type * as z from './zod';

/** Turns a zod issue path into an RFC 6901 JSON pointer (`/data/authors/0/name`). */
export function toJsonPointer(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  const segments = path.map((segment) => String(segment).replaceAll('~', '~0').replaceAll('/', '~1'));
  return `${prefix}${segments.map((s) => `/${s}`).join('')}`;
}

/** One line per issue, naming the field, for error messages read by people. */
export function describeIssues(error: z.core.$ZodError, prefix = ''): string {
  return error.issues
    .map((issue) => `${toJsonPointer(issue.path, prefix) || '/'}: ${issue.message}`)
    .join('; ');
}
