import { type DemoEnv, DEFAULT_DEMO_ENV } from '../demo-env.ts';
import { expenseApproval } from './expense-approval.ts';
import { iotIngestionExpress, iotIngestionStandard } from './iot-ingestion.ts';
import { mediaPipeline } from './media-pipeline.ts';
import { orderFulfilment } from './order-fulfilment.ts';
import { salesEtl } from './sales-etl.ts';
import type { DemoWorkflow } from './types.ts';

export type { DemoWorkflow, LoggingConfiguration, StateMachineType } from './types.ts';
export { ORDER_FULFILMENT } from './order-fulfilment.ts';
export { SALES_ETL } from './sales-etl.ts';
export { EXPENSE_APPROVAL } from './expense-approval.ts';
export { MEDIA_PIPELINE } from './media-pipeline.ts';
export { IOT_INGESTION, IOT_INGESTION_STANDARD, IOT_LOG_GROUP } from './iot-ingestion.ts';

/** Every demo state machine, in creation order. Fresh objects on each call (callers may mutate). */
export function demoWorkflows(env: DemoEnv = DEFAULT_DEMO_ENV): DemoWorkflow[] {
  return [orderFulfilment(env), salesEtl(env), expenseApproval(env), mediaPipeline(env), iotIngestionExpress(env), iotIngestionStandard(env)];
}
