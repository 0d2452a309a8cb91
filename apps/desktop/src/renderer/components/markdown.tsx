import { useEffect, useState } from 'react';
import './judging.css';

type Render = (text: string) => string;

let loading: Promise<Render> | null = null;

/**
 * Markdown to safe HTML: marked parses, DOMPurify removes scripts, event handlers, `javascript:` and other
 * unsafe links, forms and embedded content. Both load on first use (a lazy chunk), outside the initial
 * bundle. Headings become bold paragraphs so a comment never breaks the page's heading outline.
 */
export function loadMarkdown(): Promise<Render> {
  loading ??= Promise.all([import('marked'), import('dompurify')]).then(
    ([{ Marked }, { default: purify }]) => {
      const marked = new Marked({
        gfm: true,
        breaks: true,
        async: false,
        renderer: {
          heading({ tokens }) {
            return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>\n`;
          },
        },
      });
      purify.addHook('afterSanitizeAttributes', (node) => {
        if (node.tagName === 'A') {
          node.setAttribute('target', '_blank');
          node.setAttribute('rel', 'noopener noreferrer');
        }
      });
      return (text: string) =>
        purify.sanitize(marked.parse(text) as string, {
          USE_PROFILES: { html: true },
          FORBID_TAGS: [
            'style',
            'img',
            'form',
            'input',
            'button',
            'textarea',
            'select',
            'iframe',
            'svg',
            'math',
          ],
          FORBID_ATTR: ['style', 'id', 'class'],
        });
    },
  );
  return loading;
}

/** Text someone wrote (a comment, a position paper), shown as Markdown; plain text until the parser loads. */
export function Markdown({ text, className }: { text: string; className?: string }) {
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadMarkdown()
      .then((render) => {
        if (live) setHtml(render(text));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [text]);
  const classes = `markdown${className ? ` ${className}` : ''}`;
  if (html === null)
    return (
      <div className={`${classes} markdown-plain`} data-markdown="pending">
        {text}
      </div>
    );
  return (
    <div
      className={classes}
      data-markdown="rendered"
      // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify in loadMarkdown
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
