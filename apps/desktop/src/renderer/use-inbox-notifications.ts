import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTRPC } from './api.ts';
import { newInboxItems, notificationsFor } from './inbox-items.ts';
import { platform } from './platform.ts';

/** How often the desktop app looks for new inbox items while it runs. */
export const INBOX_POLL_MS = 60_000;

/**
 * Desktop only: watches `inbox.mine` and announces each new step of `now` (what is blocked on me now) once,
 * with the review's key and title and the step in words; `coming` never notifies (SPEC: the outbox already
 * mails facilitators; this is the "while the app is open" channel). The browser build never polls.
 */
export function useInboxNotifications() {
  const trpc = useTRPC();
  const desktop = platform.kind === 'desktop';
  const inbox = useQuery({
    ...trpc.inbox.mine.queryOptions(),
    enabled: desktop,
    refetchInterval: desktop ? INBOX_POLL_MS : false,
    refetchIntervalInBackground: true,
  });
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!inbox.data) return;
    const { fresh, known: next } = newInboxItems(known.current, inbox.data);
    known.current = next;
    for (const n of notificationsFor(fresh)) platform.notify({ title: n.title, body: n.body, path: n.path });
  }, [inbox.data]);
}
