// GET /api/alerts and GET /api/alerts/deliveries (DESIGN.md §2.8): the configured rules with their
// state, and the delivery log with every attempt. The rules come from the configuration file the
// server reads (the poller that evaluates them reads the same file); their state from the store.
import { deliveryHeadline, eventHorizonMs, ruleViews, webhookDisplay, type AlertRuleView } from '../../alerts/index.ts';
import type { AlertRule } from '../../config/index.ts';
import { alertRuleActivity, firstFiringsSince, listAlertDeliveries, listAlertStates, type AlertDeliveryRow, type Store } from '../../store/index.ts';
import type { AlertDeliveriesQueryInput } from '../../schemas/alerts.ts';
import { keysetPage } from '../../schemas/paging.ts';

export interface AlertsAnswer {
  /** The file the rules come from; null when there is none (then no rules). */
  configuredIn: string | null;
  items: AlertRuleView[];
}

export async function getAlerts(store: Store, config: { origin: string | null; alerts: readonly AlertRule[] }, now: Date = new Date()): Promise<AlertsAnswer> {
  const names = config.alerts.map((rule) => rule.name);
  const horizons = config.alerts.flatMap((rule) => {
    const horizon = eventHorizonMs(rule);
    return horizon === null ? [] : [{ rule: rule.name, since: new Date(now.getTime() - horizon) }];
  });
  const [states, activity, firstFirings] = await Promise.all([
    names.length > 0 ? listAlertStates(store, { rules: names, firingOnly: true }) : Promise.resolve([]),
    alertRuleActivity(store, now),
    firstFiringsSince(store, horizons),
  ]);
  return { configuredIn: config.origin, items: ruleViews(config.alerts, states, activity, firstFirings) };
}

/** One row of the delivery log as the API answers it: the webhook's origin only, the body's headline. */
export type AlertDeliveryView = Omit<AlertDeliveryRow, 'body'> & { headline: string; url: string | null };

export interface AlertDeliveriesAnswer {
  items: AlertDeliveryView[];
  /** The next (older) page's cursor, or null on the last page. */
  nextCursor: string | null;
}

export async function getAlertDeliveries(store: Store, query: AlertDeliveriesQueryInput): Promise<AlertDeliveriesAnswer> {
  const rows = await listAlertDeliveries(store, {
    ...(query.rule !== undefined ? { rule: query.rule } : {}),
    ...(query.status !== undefined ? { status: query.status } : {}),
    ...(query.cursor !== undefined ? { beforeId: query.cursor } : {}),
    limit: query.limit + 1,
  });
  const { rows: page, nextCursor } = keysetPage(rows, query.limit);
  return {
    items: page.map(({ body, webhook, ...row }) => ({ ...row, webhook: webhookDisplay(webhook), ...deliveryHeadline(row.format, body) })),
    nextCursor,
  };
}
