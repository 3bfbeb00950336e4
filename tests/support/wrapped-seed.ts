import { fixture } from './fixtures';

/**
 * The seed article (tests/fixtures/webhook-article-html.json) rendered inside whole pages of our
 * own making, as partners' CMS hooks post them: WordPress themes around the article, with the
 * dateline and credit line inside the content in one theme and printed beside it in another.
 */

const seed = fixture('webhook-article-html.json');
/** The seed's `contentHtml` as delivered: dateline, article, credit line, comment form, post links. */
export const SEED_HTML = seed.data.contentHtml as string;
export const SEED_TITLE = seed.data.title as string;

const CREDIT_AT = SEED_HTML.indexOf('<p><strong>');
const CREDIT_END = SEED_HTML.indexOf('</p>', CREDIT_AT) + '</p>'.length;
/** The seed's closing credit line, `<p><strong>…</strong></p>`. */
const SEED_CREDIT = SEED_HTML.slice(CREDIT_AT, CREDIT_END);
/** The seed's dateline as the theme prints it on a line of its own. */
const SEED_DATELINE = 'شبكة  المدار الإعلامية  الأوروبية …';
/** The seed's article alone: no dateline, no credit line, none of the chrome after it. */
const SEED_ARTICLE = SEED_HTML.slice(0, CREDIT_AT).replace(/^<p>[^_]*_/u, '<p>');

/** The article's first sentence, which every summary must start with. */
export const SEED_FIRST_WORDS = 'أجرى أمين عام مجلس الأمن الروسي ووزير الدفاع الروسي السابق';

/**
 * Words of the themes' chrome, none of which may reach the stored body. (The seed's own chrome,
 * its comment form and post links, is listed too.)
 */
export const ARABIC_THEME_CHROME = [
  'الرئيسية',
  'أخبار أوروبا',
  'اتصل بنا',
  'أنت هنا',
  'آخر الأخبار',
  'الأكثر قراءة',
  'اترك تعليقاً',
  'بريدك الإلكتروني',
  'إرسال التعليق',
  'انتهاكات إسرائيلية',
  'هند صبري',
  'Previous post',
  'تعليق واحد',
  'مقالات ذات صلة',
  'شارك على فيسبوك',
  'تصفّح المقالات',
  'روسيا طالبان',
  'ملفات تعريف الارتباط',
  'جميع الحقوق محفوظة',
  'تحليلات سابقة',
  'اشترك في النشرة',
];

const COOKIE_NOTICE_AR =
  '<div id="cookie-notice" role="dialog" aria-label="ملفات تعريف الارتباط"><span class="cn-text">نستخدم ملفات تعريف الارتباط لتحسين تجربتك على موقعنا.</span><a class="cn-accept" href="#">موافق</a></div>';

const ARABIC_HEAD = `<head><meta charset="UTF-8"><title>${SEED_TITLE} – شبكة المدار الإعلامية الأوروبية</title>
<meta property="og:site_name" content="شبكة المدار الإعلامية الأوروبية"><link rel="stylesheet" href="/wp-content/themes/x/style.css"></head>`;

const ARABIC_SIDEBAR = `<aside id="secondary" class="widget-area" role="complementary">
  <section id="search-2" class="widget widget_search"><form role="search" class="search-form"><input type="search" name="s"></form></section>
  <section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">آخر الأخبار</h2><ul>
    <li><a href="/2024/11/26/a/">انتهاكات إسرائيلية متعمدة لاتفاق وقف إطلاق النار</a></li>
    <li><a href="/2024/11/25/b/">تحليلات سابقة حول آسيا الوسطى والقوقاز وتحولات النفوذ</a></li></ul></section>
  <section id="text-3" class="widget widget_text"><h2 class="widget-title">الأكثر قراءة</h2><div class="textwidget"><p>اشترك في النشرة البريدية لتصلك أهم التحليلات كل أسبوع.</p></div></section>
</aside>`;

const ARABIC_COMMENTS = `<div id="comments" class="comments-area">
  <h2 class="comments-title">تعليق واحد على “${SEED_TITLE}”</h2>
  <ol class="comment-list"><li id="comment-12" class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">قارئ</b></footer>
    <div class="comment-content"><p>تحليل ممتاز يوضح خلفيات التقارب بين موسكو والحركة، وأتمنى أن تتابعوا الموضوع في الأشهر المقبلة بتفاصيل أكثر عن الجانب الاقتصادي.</p></div></article></li></ol>
  <div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">اترك تعليقاً</h3>
    <form id="commentform" class="comment-form"><p class="comment-notes">لن يتم نشر عنوان بريدك الإلكتروني.</p><textarea name="comment"></textarea><input type="submit" value="إرسال التعليق"></form></div>
</div>`;

const ARABIC_POST_NAVIGATION = `<nav class="navigation post-navigation" aria-label="المقالات"><h2 class="screen-reader-text">تصفّح المقالات</h2><div class="nav-links">
  <div class="nav-previous"><a href="/2024/11/26/a/" rel="prev">انتهاكات إسرائيلية متعمدة لاتفاق وقف إطلاق النار في جنوب لبنان</a></div>
  <div class="nav-next"><a href="/2024/11/28/b/" rel="next">الممثلة هند صبري من النساء المؤثرات</a></div></div></nav>`;

/**
 * A classic WordPress theme (Twenty Twenty-One's shape): the seed's `contentHtml` verbatim in
 * `.entry-content`, so its dateline and credit line are inside what the extractor keeps.
 */
export function classicWordPressPage(): string {
  return `<!DOCTYPE html>
<html dir="rtl" lang="ar">
${ARABIC_HEAD}
<body class="post-template-default single single-post postid-4821 rtl">
<div id="page" class="site">
  <header id="masthead" class="site-header" role="banner">
    <div class="site-branding"><p class="site-title"><a href="/">شبكة المدار الإعلامية الأوروبية</a></p></div>
    <nav id="site-navigation" class="primary-navigation" aria-label="القائمة الرئيسية"><ul id="primary-menu-list" class="menu-wrapper">
      <li class="menu-item"><a href="/">الرئيسية</a></li><li class="menu-item"><a href="/europe/">أخبار أوروبا</a></li><li class="menu-item"><a href="/contact/">اتصل بنا</a></li></ul></nav>
  </header>
  <div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
    <nav class="breadcrumbs" aria-label="breadcrumbs"><span>أنت هنا:</span> <a href="/">الرئيسية</a> » <a href="/category/analysis/">تحليلات</a> » <span>${SEED_TITLE}</span></nav>
    <article id="post-4821" class="post-4821 post type-post status-publish format-standard hentry category-analysis">
      <header class="entry-header alignwide"><h1 class="entry-title">${SEED_TITLE}</h1></header>
      <div class="entry-content">
${SEED_HTML}
      </div>
      <footer class="entry-footer default-max-width"><div class="posted-by"><span class="posted-on">نُشر في <time class="entry-date published" datetime="2024-11-27T09:00:00+00:00">27 نوفمبر 2024</time></span><span class="byline">بواسطة <a href="/author/abdallah/">عبد الله جمال</a></span></div><div class="post-taxonomies"><span class="cat-links">تصنيف <a href="/category/analysis/">تحليلات</a></span></div></footer>
    </article>
    ${ARABIC_COMMENTS}
    ${ARABIC_POST_NAVIGATION}
  </main></div>
  ${ARABIC_SIDEBAR}
  </div>
  <footer id="colophon" class="site-footer" role="contentinfo"><div class="site-info">جميع الحقوق محفوظة © 2024 شبكة المدار الإعلامية الأوروبية</div></footer>
</div>
${COOKIE_NOTICE_AR}
<script src="/wp-includes/js/wp-embed.min.js"></script>
</body>
</html>`;
}

/**
 * A news-magazine WordPress theme (Jannah's shape): the dateline printed on a line of its own
 * above the content and the credit line in a source box below it, both outside `.entry-content`,
 * with a share bar and related posts.
 */
export function newsMagazinePage(): string {
  return `<!DOCTYPE html>
<html dir="rtl" lang="ar">
${ARABIC_HEAD}
<body id="tie-body" class="post-template-default single single-post is-rtl">
<div class="background-overlay"><div id="tie-container" class="site tie-container"><div id="tie-wrapper">
  <nav id="top-nav" class="top-nav header-nav"><div class="topbar-today-date">الأربعاء، 27 نوفمبر 2024</div><ul class="menu"><li><a href="/contact/">اتصل بنا</a></li></ul></nav>
  <header id="theme-header" class="theme-header header-layout-3"><div class="logo-row"><div id="logo" class="image-logo"><a title="شبكة المدار الإعلامية الأوروبية" href="/"><img src="/logo.png" alt="شبكة المدار الإعلامية الأوروبية"></a></div></div>
    <div class="main-nav-wrapper"><nav id="main-nav" class="main-nav"><ul class="menu"><li><a href="/">الرئيسية</a></li><li><a href="/europe/">أخبار أوروبا</a></li></ul></nav></div></header>
  <div id="content" class="site-content container"><div class="tie-row main-content-row"><div class="main-content tie-col-md-8" role="main">
    <article id="the-post" class="container-wrapper post-content tie-standard">
      <header class="entry-header-outer"><nav id="breadcrumb"><a href="/">الرئيسية</a><em class="delimiter">/</em><a href="/category/analysis/">تحليلات</a></nav>
        <div class="entry-header"><h1 class="post-title entry-title">${SEED_TITLE}</h1>
          <div class="single-post-meta post-meta"><span class="meta-author"><a href="/author/abdallah/" class="author-name">عبد الله جمال</a></span><span class="date meta-item">27 نوفمبر 2024</span><span class="meta-comment meta-item">تعليق واحد</span></div></div></header>
      <div id="share-buttons-top" class="share-buttons share-buttons-top"><div class="share-links"><a href="https://facebook.com/sharer" class="facebook-share-btn"><span class="share-btn-icon"></span> <span class="social-text">شارك على فيسبوك</span></a></div></div>
      <p class="post-dateline">${SEED_DATELINE}</p>
      <div class="entry-content entry clearfix">
${SEED_ARTICLE}
      </div>
      <div class="post-source">${SEED_CREDIT}</div>
      <div class="post-bottom-meta post-bottom-tags"><span class="tagcloud"><a href="/tag/russia/">روسيا</a> <a href="/tag/taliban/">طالبان</a></span></div>
      <div id="share-buttons-bottom" class="share-buttons share-buttons-bottom"><div class="share-links"><span class="social-text">شارك على فيسبوك</span></div></div>
    </article>
    ${ARABIC_POST_NAVIGATION}
    <div id="related-posts" class="container-wrapper has-extra-post"><div class="mag-box-title the-global-title"><h3>مقالات ذات صلة</h3></div>
      <div class="related-posts-list"><div class="related-item"><h3 class="post-title"><a href="/2024/11/25/b/">تحليلات سابقة حول آسيا الوسطى والقوقاز وتحولات النفوذ</a></h3></div></div></div>
    ${ARABIC_COMMENTS}
  </div>
  ${ARABIC_SIDEBAR}
  </div></div>
  <footer id="footer" class="site-footer dark-skin"><div id="site-info" class="site-info"><div class="copyright-text">جميع الحقوق محفوظة © 2024 شبكة المدار الإعلامية الأوروبية</div></div></footer>
</div></div></div>
${COOKIE_NOTICE_AR}
</body>
</html>`;
}

export const ENGLISH_TITLE = 'Why Moscow is drawing closer to the Taliban';
export const ENGLISH_PARAGRAPHS = [
  'Russia’s Security Council secretary and former defence minister, Sergei Shoigu, paid an official visit to Afghanistan on 25 November 2024, pledging to strengthen ties between the two governments.',
  'The visit followed an announcement in October by President Putin’s special envoy for Afghanistan that Moscow had agreed in principle to remove the Taliban from its list of terrorist organisations.',
  'Since the Taliban took power in August 2021, Russia has kept its embassy in Kabul open while many Western states closed theirs, and its ambassador was the first foreign diplomat to meet the new authorities.',
];
export const ENGLISH_FIRST_WORDS = 'Russia’s Security Council secretary';
export const ENGLISH_THEME_CHROME = [
  'Home',
  'World',
  'Subscribe',
  'You are here',
  'Posted on',
  'Leave a Reply',
  'Your email address',
  'Post Comment',
  'Previous post',
  'Next post',
  'Related',
  'Share this',
  'Popular now',
  'cookies',
  'All rights reserved',
];

/**
 * An English article in a GeneratePress-shaped WordPress theme, its dateline ("Almadar European
 * Media Network —") in the entry meta above the content and its credit line ("Source: …") below.
 */
export function englishThemePage(): string {
  return `<!DOCTYPE html>
<html lang="en-US">
<head><meta charset="UTF-8"><title>${ENGLISH_TITLE} - Almadar European Media Network</title>
<meta property="og:site_name" content="Almadar European Media Network"></head>
<body class="post-template-default single single-post right-sidebar">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header class="site-header" id="masthead"><div class="inside-header"><p class="main-title"><a href="/">Almadar European Media Network</a></p>
  <nav class="main-navigation" id="site-navigation"><ul class="menu"><li><a href="/">Home</a></li><li><a href="/world/">World</a></li><li><a href="/subscribe/">Subscribe</a></li></ul></nav></div></header>
<div class="site grid-container container" id="page"><div class="site-content" id="content">
  <div class="content-area" id="primary"><main class="site-main" id="main">
    <div class="breadcrumbs" typeof="BreadcrumbList"><span>You are here: </span><a href="/">Home</a> › <a href="/world/">World</a></div>
    <article id="post-77" class="post-77 post type-post status-publish format-standard hentry category-world">
      <div class="inside-article">
        <header class="entry-header"><h1 class="entry-title">${ENGLISH_TITLE}</h1>
          <div class="entry-meta"><span class="posted-on">Posted on <time datetime="2024-11-27T09:00:00+00:00">November 27, 2024</time></span> <span class="byline">by <a href="/author/abdallah/">Abdallah Gamal</a></span></div></header>
        <p class="dateline"><strong>Almadar European Media Network —</strong></p>
        <div class="entry-content">
          ${ENGLISH_PARAGRAPHS.map((paragraph) => `<p>${paragraph}</p>`).join('\n          ')}
          <h2>What drives the rapprochement</h2>
          <p>${ENGLISH_PARAGRAPHS[2]?.replace('Since the Taliban', 'Ever since the Taliban')}</p>
        </div>
        <p class="source-credit"><em>Source: Interregional for Strategic Analyses</em></p>
        <div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="#">Facebook</a></li></ul></div>
        <div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3><p>Grain corridor talks resume</p></div>
        <footer class="entry-meta"><span class="cat-links"><a href="/world/">World</a></span></footer>
      </div>
    </article>
    <nav id="nav-below" class="post-navigation"><div class="nav-previous"><span class="prev"><a href="/a/" rel="prev">Previous post: Grain prices fall again</a></span></div><div class="nav-next"><span class="next"><a href="/b/" rel="next">Next post: Elections in Georgia</a></span></div></nav>
    <div class="comments-area" id="comments"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>
      <form id="commentform" class="comment-form"><p class="comment-notes">Your email address will not be published.</p><textarea name="comment"></textarea><input type="submit" value="Post Comment"></form></div></div>
  </main></div>
  <div class="widget-area sidebar is-right-sidebar" id="right-sidebar"><aside class="widget widget_recent_entries"><h2 class="widget-title">Popular now</h2><ul><li><a href="/c/">Elections in Georgia: what to expect from the second round</a></li></ul></aside></div>
</div></div>
<footer class="site-info"><div class="copyright-bar">© 2024 Almadar European Media Network. All rights reserved.</div></footer>
<div id="cookie-law-info-bar" role="dialog" aria-label="Cookie consent">We use cookies to improve your experience. <a href="#">Accept</a></div>
</body>
</html>`;
}
