import { AlertsView } from '@/components/alerts/alerts-view';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Alerts' };

export default function AlertsPage() {
  return (
    <>
      <h1>Alerts</h1>
      <p className="muted">
        Rules evaluated after each poll cycle over what StepLens ingested; each firing and resolution is delivered once, to a JSON webhook or Slack, with retries.
      </p>
      <AlertsView />
    </>
  );
}
