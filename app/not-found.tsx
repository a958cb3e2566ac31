import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="empty">
      <p>Not found: the store holds no such execution or page.</p>
      <Link href="/executions">All executions</Link>
    </div>
  );
}
