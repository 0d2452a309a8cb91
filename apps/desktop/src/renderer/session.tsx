import { createContext, useContext } from 'react';
import type { Me } from './api.ts';

export interface Session {
  me: Me;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in screen');
  return s;
}
