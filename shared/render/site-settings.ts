/** What the publisher needs to know about the site itself. */
export interface SiteSettings {
  title: string;
  description: string;
  /** Default language of site-wide pages and feeds (BCP 47). */
  language: string;
}
