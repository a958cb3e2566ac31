// Order fulfilment (STANDARD, JSONPath): a saga. Validate → reserve stock → charge the card
// (payment-provider throttling retried with backoff) → ship → notify. A failure after stock is
// reserved runs the compensation path (refund if charged, release stock, tell the customer)
// and ends in a Fail state, which is what a monitoring dashboard most needs to show well:
// retries, caught errors and failures that are not the state that failed first.
import { type DemoEnv, LAMBDA_INVOKE, SNS_PUBLISH, demoRoleArn, lambdaInvokeTarget, snsTopicArn } from '../demo-env.ts';
import { FN } from '../functions.ts';
import { lambdaServiceRetry } from './retriers.ts';
import type { DemoWorkflow } from './types.ts';

export const ORDER_FULFILMENT = 'order-fulfilment';

export function orderFulfilment(env: DemoEnv): DemoWorkflow {
  const invoke = (fn: string, payload: Record<string, unknown>) => ({
    Type: 'Task',
    Resource: LAMBDA_INVOKE,
    Parameters: { FunctionName: lambdaInvokeTarget(env, fn), Payload: payload },
  });
  const catchAll = (next: string) => [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: next }];

  const definition = {
    Comment: 'Validate, reserve, charge, ship and notify; compensate on failure after reservation',
    StartAt: 'ValidateOrder',
    TimeoutSeconds: 3600,
    States: {
      ValidateOrder: {
        ...invoke(FN.validateOrder, { 'order.$': '$' }),
        ResultSelector: { 'riskScore.$': '$.Payload.riskScore', 'total.$': '$.Payload.total' },
        ResultPath: '$.validation',
        Retry: [lambdaServiceRetry()],
        Catch: [{ ErrorEquals: ['Order.InvalidOrder'], ResultPath: '$.error', Next: 'OrderRejected' }],
        Next: 'ReserveInventory',
      },
      ReserveInventory: {
        ...invoke(FN.reserveInventory, { 'orderId.$': '$.orderId', 'items.$': '$.items' }),
        ResultSelector: { 'reservationId.$': '$.Payload.reservationId', 'holdMinutes.$': '$.Payload.holdMinutes' },
        ResultPath: '$.reservation',
        Retry: [lambdaServiceRetry()],
        // Nothing is held yet when reservation fails, so there is nothing to compensate.
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'NotifyCustomerOfFailure' }],
        Next: 'ChargeCard',
      },
      ChargeCard: {
        ...invoke(FN.chargeCard, {
          'orderId.$': '$.orderId',
          'amount.$': '$.validation.total',
          'currency.$': '$.currency',
          'paymentMethod.$': '$.paymentMethod',
          // Same key on every retry: the provider must not charge twice.
          'idempotencyKey.$': '$$.Execution.Name',
        }),
        ResultSelector: { 'chargeId.$': '$.Payload.chargeId', 'authorizationCode.$': '$.Payload.authorizationCode' },
        ResultPath: '$.payment',
        TimeoutSeconds: 30,
        Retry: [
          { ErrorEquals: ['Payment.Throttled'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2, MaxDelaySeconds: 20 },
          lambdaServiceRetry(),
        ],
        Catch: catchAll('ReleaseInventory'),
        Next: 'ShipOrder',
      },
      ShipOrder: {
        ...invoke(FN.createShipment, {
          'orderId.$': '$.orderId',
          'items.$': '$.items',
          'address.$': '$.shippingAddress',
          'reservationId.$': '$.reservation.reservationId',
        }),
        ResultSelector: { 'trackingNumber.$': '$.Payload.trackingNumber', 'carrier.$': '$.Payload.carrier', 'etaDays.$': '$.Payload.estimatedDeliveryDays' },
        ResultPath: '$.shipment',
        TimeoutSeconds: 15,
        Retry: [
          { ErrorEquals: ['Shipping.CarrierUnavailable', 'States.Timeout'], IntervalSeconds: 5, MaxAttempts: 2, BackoffRate: 3 },
          lambdaServiceRetry(),
        ],
        Catch: catchAll('RefundPayment'),
        Next: 'NotifyCustomer',
      },
      NotifyCustomer: {
        Type: 'Task',
        Resource: SNS_PUBLISH,
        Parameters: {
          TopicArn: snsTopicArn(env, 'order-notifications'),
          'Message.$': "States.Format('Order {} has shipped with {} (tracking {}).', $.orderId, $.shipment.carrier, $.shipment.trackingNumber)",
          MessageAttributes: { event: { DataType: 'String', StringValue: 'ORDER_SHIPPED' } },
        },
        ResultPath: null,
        End: true,
      },
      // Compensation path.
      RefundPayment: {
        ...invoke(FN.refundPayment, { 'orderId.$': '$.orderId', 'chargeId.$': '$.payment.chargeId', reason: 'SHIPMENT_FAILED' }),
        ResultPath: null,
        Retry: [lambdaServiceRetry()],
        Next: 'ReleaseInventory',
      },
      ReleaseInventory: {
        ...invoke(FN.releaseInventory, { 'orderId.$': '$.orderId', 'reservationId.$': '$.reservation.reservationId' }),
        ResultPath: null,
        Retry: [lambdaServiceRetry()],
        Next: 'NotifyCustomerOfFailure',
      },
      NotifyCustomerOfFailure: {
        Type: 'Task',
        Resource: SNS_PUBLISH,
        Parameters: {
          TopicArn: snsTopicArn(env, 'order-notifications'),
          'Message.$': "States.Format('Order {} could not be completed: {}', $.orderId, $.error.Error)",
          MessageAttributes: { event: { DataType: 'String', StringValue: 'ORDER_FAILED' } },
        },
        ResultPath: null,
        Next: 'OrderFailed',
      },
      OrderFailed: { Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' },
      OrderRejected: { Type: 'Fail', Error: 'Order.Rejected', CausePath: '$.error.Cause' },
    },
  };

  return {
    name: ORDER_FULFILMENT,
    type: 'STANDARD',
    description: 'Order saga with payment retries and a compensation path',
    definition,
    roleArn: demoRoleArn(env, ORDER_FULFILMENT, 'k3x9q2mz'),
  };
}
