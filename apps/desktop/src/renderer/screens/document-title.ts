import { useEffect } from 'react';

/** Each page names itself in the window title (and the browser's history), the product's name last. */
export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Sign-off tracker`;
  }, [title]);
}
