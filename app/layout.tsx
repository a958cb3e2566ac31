import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { SessionMenu } from '@/components/session-menu';
import { ThemeToggle } from '@/components/theme-toggle';
import { signInMethods } from '@/lib/server/auth/access-config';
import { pageIdentity, pageNonce } from '@/lib/server/auth/page-identity';
import './globals.css';
import { Providers } from './providers';

// Applies a saved theme before the first paint, so a dark-theme user never sees a light flash.
// It carries the response's CSP nonce (proxy.ts): the policy runs no inline script without it.
const THEME_SCRIPT = `try{var t=localStorage.getItem('steplens-theme');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;

export const metadata: Metadata = {
  title: { default: 'StepLens', template: '%s · StepLens' },
  description: 'Monitoring and debugging dashboard for AWS Step Functions executions',
};

// Reading the request (nonce, session) renders every page per request, as nonces require.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = await pageNonce();
  const identity = signInMethods().required ? await pageIdentity() : null;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            StepLens
          </Link>
          <nav>
            <Link href="/">State machines</Link>
            <Link href="/executions">Executions</Link>
            <Link href="/failures">Failures</Link>
            <Link href="/compare">Compare</Link>
            <Link href="/alerts">Alerts</Link>
            <Link href="/audit">Audit</Link>
          </nav>
          {identity ? <SessionMenu identity={identity} /> : null}
          <ThemeToggle />
        </header>
        <main className="page">
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}
