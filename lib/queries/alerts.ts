'use client';
// The Alerts page's data: GET /api/alerts (rules and their state) and GET /api/alerts/deliveries
// (the delivery log), refreshed every few seconds.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AlertDeliveriesAnswer, AlertDeliveryView, AlertsAnswer } from '@/lib/api/alerts/get-alerts';
import type { AlertRuleView } from '@/lib/alerts/rule-summary';
import { fetchJson } from './fetch-json';
import { alertKeys } from './query-keys';

export type { AlertDeliveriesAnswer, AlertDeliveryView, AlertRuleView, AlertsAnswer };

export const ALERTS_REFRESH_MS = 5_000;

export function useAlertRules() {
  return useQuery({ queryKey: alertKeys.rules, queryFn: () => fetchJson<AlertsAnswer>('/api/alerts'), refetchInterval: ALERTS_REFRESH_MS });
}

export function useAlertDeliveries(filters: { rule?: string; status?: string }) {
  const params = new URLSearchParams();
  if (filters.rule) params.set('rule', filters.rule);
  if (filters.status) params.set('status', filters.status);
  params.set('limit', '100');
  return useQuery({
    queryKey: alertKeys.deliveries({ ...filters }),
    queryFn: () => fetchJson<AlertDeliveriesAnswer>(`/api/alerts/deliveries?${params}`),
    refetchInterval: ALERTS_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}
