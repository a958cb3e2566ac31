import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ThemeToggle } from '@/components/theme-toggle';
import './globals.css';
import { Providers } from './providers';

// Applies a saved theme before the first paint, so a dark-theme user never sees a light flash.
const THEME_SCRIPT = `try{var t=localStorage.getItem('steplens-theme');if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}catch(e){}`;

export const metadata: Metadata = {
  title: { default: 'StepLens', template: '%s · StepLens' },
  description: 'Monitoring and debugging dashboard for AWS Step Functions executions',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
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
          </nav>
          <ThemeToggle />
        </header>
        <main className="page">
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}
