import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'StepLens', template: '%s · StepLens' },
  description: 'Monitoring and debugging dashboard for AWS Step Functions executions',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/" className="brand">
            StepLens
          </Link>
          <nav>
            <Link href="/">State machines</Link>
            <Link href="/executions">Executions</Link>
          </nav>
        </header>
        <main className="page">{children}</main>
      </body>
    </html>
  );
}
