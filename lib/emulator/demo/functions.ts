// The simulated Lambda functions, by name. The workflows invoke them and the handlers implement
// them; one list keeps the two sides from drifting apart.
export const FN = {
  validateOrder: 'order-validate',
  reserveInventory: 'inventory-reserve',
  releaseInventory: 'inventory-release',
  chargeCard: 'payment-charge-card',
  refundPayment: 'payment-refund',
  createShipment: 'shipping-create-shipment',
  etlExtract: 'etl-extract-batch',
  etlTransform: 'etl-transform-record',
  etlLoad: 'etl-load-partition',
  approvalCreate: 'approval-create-request',
  schedulePayout: 'expense-schedule-payout',
  thumbnails: 'media-generate-thumbnails',
  metadata: 'media-extract-metadata',
  virusScan: 'media-virus-scan',
  quarantine: 'media-quarantine-asset',
  deviceRegistry: 'iot-device-registry-lookup',
} as const;

export type DemoFunctionName = (typeof FN)[keyof typeof FN];
