import { html, type SafeHtml } from '../../shared/text/markup';

/**
 * The page a missing key answers with until the publisher has written the bucket's own
 * `404.html`: it says what happened and links home, styled by the site's stylesheet when there.
 */
export function builtInNotFoundPage(): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Page not found</title>
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<main>
<h1>Page not found</h1>
<p>There is no page at this address. It may have been moved or taken down.</p>
<p><a href="/">Go to the home page</a></p>
</main>
</body>
</html>
`;
}
