/**
 * Blocks of text that are a partner site's chrome rather than the article, in the forms WordPress
 * and Blogger themes print in Arabic, English, French and Persian. Matched against a block's whole,
 * tidied text. These are the fallback: chrome is recognised by its structure first
 * (`structural-chrome.ts`), in any language.
 */
const COMMENT_FORM = [
  /^(اترك|أترك|أضف|اكتب) تعليق(ا|اً|ًا)?( على .*)?$/u,
  /^(Leave a (Reply|Comment)|Add a Comment|Post a Comment|Write a Comment)\b.{0,60}$/iu,
  /لن يتم نشر (عنوان )?بريدك الإلكتروني/u,
  /Your email address will not be published/iu,
  /^(الحقول الإلزامية|الحقول المطلوبة).*(مشار إليها|معلمة) بـ?\s*\*?$/u,
  /^Required fields are marked\s*\*?$/iu,
  /^(Laisser|Ajouter|Écrire) un commentaire\b.{0,60}$/iu,
  /^Laisser une réponse\b.{0,60}$/iu,
  /Votre adresse (e-mail|de messagerie|email) ne sera pas publiée/iu,
  /^(دیدگاهتان را بنویسید|ارسال دیدگاه|ارسال نظر|ارسال یک نظر|یک نظر بگذارید|نظر بدهید)$/u,
  /نشانی (ایمیل|پست الکترونیک) شما منتشر نخواهد شد/u,
  /^(إرسال التعليق|أرسل التعليق|Post Comment|Submit Comment|Publier le commentaire)$/iu,
  /^(التعليقات|تعليقات|Comments|\d+ (Comments|تعليقات?))\s*(\(\d+\))?$/iu,
];

const POST_NAVIGATION = [
  /^(Previous|Next|Older|Newer) (post|article|entry|story)\b/iu,
  /^(المقال|المقالة|المنشور|الموضوع|الخبر|التدوينة) (السابق|السابقة|التالي|التالية)(\s|[:：]|$)/u,
  /^(السابق|التالي)\s*[:：]/u,
];

const SHARE_PROMPT = [
  // "Share on" and words: spaces only between words, so the trailing `\s*` has nothing to fight over.
  /^(Share( this( article| post| story)?)?|Share on \p{L}+( \p{L}+)*|Like this|Tweet|Email|Print)\s*[:：]?$/iu,
  /^(شارك(ها)?|شارك هذا (المقال|الخبر|الموضوع)|شارك على \p{L}+( \p{L}+)*|مشاركة|المشاركة)\s*[:：]?$/u,
];

/** Which kind of chrome a block is, if any. */
export type ChromeKind = 'comment-form' | 'post-navigation' | 'share-prompt' | 'partner-pattern';

/** Chrome is short, and a navigation link is a title: it does not end like a sentence. */
const MAX_COMMENT_FORM_WORDS = 30;
const MAX_NAVIGATION_WORDS = 16;
const MAX_SHARE_WORDS = 6;
const SENTENCE_END = /[.!?؟…]$/u;

/**
 * Classifies one block of text; `partnerPatterns` are the registry's own patterns for the partner.
 * With `rules: 'partner-only'` (a block between article paragraphs) the generic rules are skipped.
 */
export function chromeKindOf(
  text: string,
  partnerPatterns: readonly RegExp[] = [],
  rules: 'all' | 'partner-only' = 'all',
): ChromeKind | undefined {
  if (partnerPatterns.some((pattern) => pattern.test(text))) return 'partner-pattern';
  if (rules === 'partner-only') return undefined;
  const words = text.split(' ').length;
  if (words <= MAX_COMMENT_FORM_WORDS && COMMENT_FORM.some((pattern) => pattern.test(text)))
    return 'comment-form';
  const isNavigation = POST_NAVIGATION.some((pattern) => pattern.test(text));
  if (isNavigation && words <= MAX_NAVIGATION_WORDS && !SENTENCE_END.test(text)) return 'post-navigation';
  if (words <= MAX_SHARE_WORDS && SHARE_PROMPT.some((pattern) => pattern.test(text))) return 'share-prompt';
  return undefined;
}
