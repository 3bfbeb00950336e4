/**
 * The one stylesheet. Logical properties (`margin-inline-start`, `text-align: start`) make the
 * same rules read right in right-to-left and left-to-right pages.
 */
export const SITE_STYLESHEET = `:root{color-scheme:light dark;--fg:#1b1b1b;--muted:#5c5c5c;--accent:#0b57d0;--rule:#d9d9d9;--panel:#f4f4f4;--notice:#b3261e;--notice-panel:#fcefee}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--muted:#a8a8a8;--accent:#8ab4f8;--rule:#3c3c3c;--panel:#202124;--notice:#f2b8b5;--notice-panel:#2c1f1e}}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:Canvas;font:1.0625rem/1.7 system-ui,"Noto Naskh Arabic","Segoe UI",Tahoma,sans-serif}
a{color:var(--accent)}
.site-header,.site-footer,main{max-width:44rem;margin-inline:auto;padding-inline:1.25rem}
.site-header{padding-block:1rem;border-block-end:1px solid var(--rule)}
.site-header a{font-weight:700;text-decoration:none;color:inherit}
h1{font-size:2rem;line-height:1.25;margin-block:1.5rem .5rem}
.byline{color:var(--muted);margin-block:0 1rem}
.attribution{background:var(--panel);border-inline-start:4px solid var(--accent);padding:.75rem 1rem;margin-block:1rem 2rem;font-size:.95rem}
.attribution p{margin:.25rem 0}
.correction{background:var(--notice-panel);border-inline-start:4px solid var(--notice);padding:.75rem 1rem;margin-block:1rem;font-size:.95rem}
.correction h2{font-size:1rem;margin:0 0 .25rem;color:var(--notice)}
.correction ul{list-style:none;margin:0;padding:0}
.correction li{margin-block:.25rem}
.correction time{font-weight:600}
.article-body img{max-width:100%;height:auto}
.article-body h2{font-size:1.4rem;margin-block:2rem .5rem}
.article-nav{display:flex;justify-content:space-between;gap:1rem;border-block-start:1px solid var(--rule);margin-block:2rem;padding-block:1rem}
.article-nav a{max-width:48%}
.article-nav .next{margin-inline-start:auto;text-align:end}
.article-list{list-style:none;padding:0}
.article-list li{border-block-end:1px solid var(--rule);padding-block:1rem}
.article-list h2{font-size:1.3rem;margin:0 0 .25rem}
.article-list p{margin:.25rem 0;color:var(--muted)}
.site-footer{border-block-start:1px solid var(--rule);padding-block:1rem;color:var(--muted);font-size:.9rem}
.site-footer ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.75rem}
`;

/** The site icon, so browsers do not ask for a missing `/favicon.ico`. */
export const SITE_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b57d0"/><path d="M9 23a2 2 0 1 1 0-.1zM7 15a10 10 0 0 1 10 10h-3a7 7 0 0 0-7-7zm0-6a16 16 0 0 1 16 16h-3A13 13 0 0 0 7 12z" fill="#fff"/></svg>
`;
