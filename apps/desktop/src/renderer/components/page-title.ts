import { useEffect } from 'react';

const PRODUCT = 'Sign-off tracker';

/** Each screen names itself in the window title (history, tabs, screen readers): "Inbox · Sign-off tracker". */
export function usePageTitle(title: string | null) {
  useEffect(() => {
    // null: the screen names itself once it knows its subject (a review's key and title).
    if (title !== null) document.title = `${title} · ${PRODUCT}`;
  }, [title]);
}
