import { HomeDashboard } from '@/components/home/home-dashboard';

export const dynamic = 'force-dynamic';

export default function HomePage() {
  return (
    <>
      <h1>State machines</h1>
      <HomeDashboard />
    </>
  );
}
