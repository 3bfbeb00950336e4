import { readFileSync } from 'node:fs';

/** A page of the extraction fixtures (`tests/fixtures/extraction`), with its expected article text. */
export interface CorpusPage {
  name: string;
  url: string;
  title: string;
  html: string;
  articleBody: string;
}

/** The corpus pages copied into `tests/fixtures/extraction` (see its README). */
export function corpusPages(): CorpusPage[] {
  const directory = new URL('../fixtures/extraction/', import.meta.url);
  const expected: Record<string, { url: string; title: string; articleBody: string }> = JSON.parse(
    readFileSync(new URL('expected.json', directory), 'utf8'),
  );
  return Object.entries(expected).map(([name, page]) => ({
    name,
    ...page,
    html: readFileSync(new URL(`${name}.html`, directory), 'utf8'),
  }));
}

/** What a theme page of our own making holds. */
export interface ThemePageOptions {
  title: string;
  siteName: string;
  paragraphs: string[];
  /** Attributes of `<html>`, e.g. `lang="ar" dir="rtl"`. */
  htmlAttributes?: string;
  /** ASP.NET style: the whole body inside one `<form>`. */
  inForm?: boolean;
  /** Words of the theme's menu, sidebar and footer, which must not reach the body. */
  chrome?: { menu: string; sidebar: string; footer: string; comment: string };
}

const ENGLISH_CHROME = {
  menu: 'Home World Business Sport Contact',
  sidebar: 'Most read this week: the ten best gadgets of the year',
  footer: 'Copyright 2024 Example Media. All rights reserved.',
  comment: 'Leave a Reply',
};

/**
 * A whole page as a CMS renders one: head with `<title>` and site name, header and menu, the article
 * with its headline, a comment form, a sidebar and a footer.
 */
export function themePage(options: ThemePageOptions): string {
  const chrome = options.chrome ?? ENGLISH_CHROME;
  const body = `
    <header class="site-header"><a class="brand" href="/">${options.siteName}</a>
      <nav class="main-menu"><ul>${chrome.menu
        .split(' ')
        .map((item) => `<li><a href="/${item.toLowerCase()}">${item}</a></li>`)
        .join('')}</ul></nav>
    </header>
    <div id="main" class="site-content">
      <article class="post">
        <h1 class="entry-title">${options.title}</h1>
        <div class="entry-content">
          ${options.paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join('\n          ')}
        </div>
      </article>
      <div id="respond" class="comment-respond">
        <h3 id="reply-title" class="comment-reply-title">${chrome.comment}</h3>
        <form id="commentform" class="comment-form" action="/wp-comments-post.php" method="post">
          <p><label for="comment">Comment</label><textarea id="comment" name="comment"></textarea></p>
          <p><input type="submit" value="Post Comment"></p>
        </form>
      </div>
      <aside class="sidebar widget-area"><h2 class="widget-title">${chrome.sidebar}</h2></aside>
    </div>
    <footer class="site-footer"><p>${chrome.footer}</p></footer>`;
  return `<!DOCTYPE html>
<html ${options.htmlAttributes ?? 'lang="en"'}>
<head>
  <meta charset="utf-8">
  <title>${options.title} | ${options.siteName}</title>
  <meta property="og:site_name" content="${options.siteName}">
  <script>window.analytics = 1;</script>
</head>
<body class="single">
${options.inForm ? `<form method="post" action="./Article.aspx?id=1" id="aspnetForm"><input type="hidden" name="__VIEWSTATE" value="abc">${body}</form>` : body}
</body>
</html>`;
}

export const ENGLISH_PARAGRAPHS = [
  'Negotiators from both countries met again on Thursday in Istanbul to discuss the future of the grain corridor, which has carried millions of tonnes of wheat since the summer.',
  'Officials said the talks were constructive but that several questions about inspections and insurance remained open, and that a further round would follow next week.',
  'Traders reacted calmly to the news, with wheat futures little changed by the close of the market in Chicago on Thursday evening.',
];

export const ARABIC_PARAGRAPHS = [
  'عقد المفاوضون من البلدين جولة جديدة من المحادثات يوم الخميس في إسطنبول لبحث مستقبل ممر الحبوب الذي نقل ملايين الأطنان من القمح منذ الصيف الماضي.',
  'وقال مسؤولون إن المحادثات كانت بناءة لكن عدة مسائل تتعلق بالتفتيش والتأمين لا تزال مفتوحة، وإن جولة أخرى ستعقد الأسبوع المقبل في المدينة نفسها.',
  'وتلقى التجار الأخبار بهدوء، إذ لم تتغير أسعار القمح الآجلة كثيرا عند إغلاق السوق في شيكاغو مساء الخميس.',
];

export const ARABIC_CHROME = {
  menu: 'الرئيسية العالم اقتصاد رياضة اتصل',
  sidebar: 'الأكثر قراءة هذا الأسبوع',
  footer: 'جميع الحقوق محفوظة لشبكة المثال الإعلامية',
  comment: 'اترك تعليقاً',
};
