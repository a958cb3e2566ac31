// Nightly sales ETL (STANDARD, JSONPath): extract a batch, transform its records with an inline
// Map (MaxConcurrency 5; bad records are caught per item), then load the partitions with a
// Distributed Map whose children are EXPRESS executions (a Map Run, with its own page in the
// console and in the dashboard), tolerating up to 10 % failed partitions. Items come from the state input rather than
// an S3 ItemReader so the demo needs no S3.
import { type DemoEnv, LAMBDA_INVOKE, SNS_PUBLISH, demoRoleArn, lambdaArn, lambdaInvokeTarget, snsTopicArn } from '../demo-env.ts';
import { FN } from '../functions.ts';
import { lambdaServiceRetry } from './retriers.ts';
import type { DemoWorkflow } from './types.ts';

export const SALES_ETL = 'sales-etl';

export function salesEtl(env: DemoEnv): DemoWorkflow {
  const definition = {
    Comment: 'Extract a sales batch, transform records (inline Map), load partitions (Distributed Map)',
    StartAt: 'ExtractBatch',
    States: {
      ExtractBatch: {
        Type: 'Task',
        Resource: LAMBDA_INVOKE,
        Parameters: { FunctionName: lambdaInvokeTarget(env, FN.etlExtract), 'Payload.$': '$' },
        OutputPath: '$.Payload',
        Retry: [lambdaServiceRetry(), { ErrorEquals: ['Extract.SourceUnavailable'], IntervalSeconds: 10, MaxAttempts: 2, BackoffRate: 2 }],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ReportFailure' }],
        Next: 'TransformRecords',
      },
      // Inline Maps have no failure tolerance (ToleratedFailure* are Distributed-only), so
      // the usual pattern: bad records are caught per item and kept as REJECTED rows; any other
      // item failure (a crashed runtime) fails the Map, aborting the sibling iterations.
      TransformRecords: {
        Type: 'Map',
        ItemsPath: '$.records',
        ItemSelector: { 'batchId.$': '$.batchId', 'index.$': '$$.Map.Item.Index', 'record.$': '$$.Map.Item.Value' },
        MaxConcurrency: 5,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: 'TransformRecord',
          States: {
            // A legacy Lambda ARN resource: its events are LambdaFunction*, not Task*.
            TransformRecord: {
              Type: 'Task',
              Resource: lambdaArn(env, FN.etlTransform),
              TimeoutSeconds: 20,
              Retry: [{ ErrorEquals: ['Lambda.ServiceException', 'Lambda.TooManyRequestsException'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 }],
              // SchemaMismatchError is a Python exception (the transform runs on python3.12).
              Catch: [{ ErrorEquals: ['SchemaMismatchError'], ResultPath: '$.error', Next: 'RejectRecord' }],
              End: true,
            },
            RejectRecord: {
              Type: 'Pass',
              Parameters: { 'lineId.$': '$.record.lineId', status: 'REJECTED', 'reason.$': '$.error.Error' },
              End: true,
            },
          },
        },
        ResultSelector: { 'count.$': 'States.ArrayLength($)' },
        ResultPath: '$.transformed',
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ReportFailure' }],
        Next: 'LoadPartitions',
      },
      LoadPartitions: {
        Type: 'Map',
        Label: 'LoadPartitions',
        ItemsPath: '$.partitions',
        ItemSelector: { 'batchId.$': '$.batchId', 'partition.$': '$$.Map.Item.Value', 'target.$': '$.target' },
        MaxConcurrency: 10,
        ToleratedFailurePercentage: 10,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'LoadPartition',
          States: {
            LoadPartition: {
              Type: 'Task',
              Resource: LAMBDA_INVOKE,
              Parameters: { FunctionName: lambdaInvokeTarget(env, FN.etlLoad), 'Payload.$': '$' },
              OutputPath: '$.Payload',
              Retry: [lambdaServiceRetry(), { ErrorEquals: ['ConnectionResetError'], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 2 }],
              End: true,
            },
          },
        },
        ResultSelector: { 'partitions.$': 'States.ArrayLength($)' },
        ResultPath: '$.loaded',
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ReportFailure' }],
        Next: 'PublishSummary',
      },
      PublishSummary: {
        Type: 'Task',
        Resource: SNS_PUBLISH,
        Parameters: {
          TopicArn: snsTopicArn(env, 'data-platform-events'),
          'Message.$': "States.Format('Batch {} loaded: {} records transformed, {} partitions loaded.', $.batchId, $.transformed.count, $.loaded.partitions)",
        },
        ResultPath: null,
        End: true,
      },
      ReportFailure: {
        Type: 'Task',
        Resource: SNS_PUBLISH,
        Parameters: {
          TopicArn: snsTopicArn(env, 'data-platform-alerts'),
          'Message.$': "States.Format('ETL batch {} failed: {}', $.batchId, $.error.Error)",
        },
        ResultPath: null,
        Next: 'BatchFailed',
      },
      BatchFailed: { Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' },
    },
  };

  return {
    name: SALES_ETL,
    type: 'STANDARD',
    description: 'Batch ETL with an inline Map and a Distributed Map of Express children',
    definition,
    roleArn: demoRoleArn(env, SALES_ETL, 'p7d2c4wn'),
  };
}
