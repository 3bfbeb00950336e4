import { en } from 'zod/locales';
import { config } from 'zod/mini';

// zod/mini, not zod's classic API: the same engine and the same messages, without the methods on every
// schema that made zod a tenth of each Lambda bundle and were built at every cold start
// (docs/decisions/0052-zod-mini-and-one-html-parser.md). zod/mini loads no locale (every issue would
// read "Invalid input"), so the English one is set here, for every schema made with these exports.
// Import this module as a namespace (`import * as z`): re-exporting one namespace object would keep
// every export of zod, every locale among them, in every bundle.
config(en());

export * from 'zod/mini';
