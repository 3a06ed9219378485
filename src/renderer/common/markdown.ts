import DOMPurify from 'dompurify';
import { marked } from 'marked';

// Links in messages open outside the app's page and never hand it a window.opener.
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/**
 * Markdown (GitHub flavour, single newlines kept) rendered to HTML that is safe to insert: marked
 * passes raw HTML through, so everything it produces goes through DOMPurify, which drops scripts,
 * event handlers, `javascript:` links and the like.
 */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true, breaks: true });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select'] });
}
