import type { ReactNode } from 'react';
import { Brand } from '../common/Brand';

/** The centred single-card layout of sign-in, setup and invitation pages. */
export function AuthPage({ children }: { children: ReactNode }) {
  return (
    <main className="auth-page">
      <div>
        <Brand />
        <div className="card auth-card">{children}</div>
      </div>
    </main>
  );
}
