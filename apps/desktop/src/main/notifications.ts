import type Electron from 'electron';

/** An app path a notification may open: the inbox or one review (the same paths deep links lead to). */
export const NOTIFICATION_PATH = /^\/(?:reviews\/[A-Za-z]{1,10}-\d{1,9})?$/;

export interface NativeNotification {
  title: string;
  body: string;
  /** Shown when the notification is clicked; anything but an app path is ignored. */
  path?: string | undefined;
}

/**
 * Shows the renderer's notifications with the OS (Electron's Notification, injected so tests use a fake).
 * A click brings the window forward and opens the item's page. Quiet where the OS has no notifications;
 * the same text is not shown twice within `dedupeMs` (a reload must not repeat what was just announced).
 */
export function createNotifier(opts: {
  Notification: Pick<typeof Electron.Notification, 'isSupported'> &
    (new (
      options: Electron.NotificationConstructorOptions,
    ) => Pick<Electron.Notification, 'show' | 'on'>);
  open: (path: string) => void;
  now?: () => number;
  dedupeMs?: number;
}) {
  const now = opts.now ?? Date.now;
  const dedupeMs = opts.dedupeMs ?? 60_000;
  const recent = new Map<string, number>();
  // Electron drops a notification whose object is garbage collected before it is clicked: keep them.
  const live = new Set<object>();
  return (n: NativeNotification): boolean => {
    if (!opts.Notification.isSupported()) return false;
    const key = `${n.title}\n${n.body}`;
    const at = now();
    for (const [k, t] of recent) if (at - t > dedupeMs) recent.delete(k);
    if (recent.has(key)) return false;
    recent.set(key, at);
    const notification = new opts.Notification({ title: n.title, body: n.body, silent: false });
    live.add(notification);
    const path = n.path !== undefined && NOTIFICATION_PATH.test(n.path) ? n.path : null;
    notification.on('click', () => {
      live.delete(notification);
      if (path) opts.open(path);
    });
    notification.on('close', () => live.delete(notification));
    notification.show();
    return true;
  };
}
