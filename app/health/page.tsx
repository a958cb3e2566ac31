import { HealthView } from '@/components/home/health-view';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Health' };

export default function HealthPage() {
  return (
    <>
      <h1>StepLens health</h1>
      <HealthView />
    </>
  );
}
