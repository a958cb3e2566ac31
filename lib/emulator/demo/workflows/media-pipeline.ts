// Media asset pipeline (STANDARD, JSONPath): a Parallel fan-out over three independent jobs —
// thumbnails, metadata extraction (a legacy Lambda ARN, so LambdaFunction* events) and a virus
// scan. The scan sometimes finds malware (caught: the asset is quarantined and the execution
// succeeds) or its engine is briefly unavailable (retried); any other branch failure aborts the
// siblings and is caught into a failure record and a Fail state.
import { type DemoEnv, DYNAMODB_PUT_ITEM, LAMBDA_INVOKE, demoRoleArn, lambdaArn, lambdaInvokeTarget } from '../demo-env.ts';
import { FN } from '../functions.ts';
import { lambdaServiceRetry } from './retriers.ts';
import type { DemoWorkflow } from './types.ts';

export const MEDIA_PIPELINE = 'media-asset-pipeline';

export function mediaPipeline(env: DemoEnv): DemoWorkflow {
  const assetPayload = { 'assetId.$': '$.assetId', 'bucket.$': '$.bucket', 'key.$': '$.key', 'contentType.$': '$.contentType' };
  const definition = {
    Comment: 'Thumbnails, metadata and a virus scan in parallel; quarantine infected uploads',
    StartAt: 'ProcessAsset',
    States: {
      ProcessAsset: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'GenerateThumbnails',
            States: {
              GenerateThumbnails: {
                Type: 'Task',
                Resource: LAMBDA_INVOKE,
                Parameters: { FunctionName: lambdaInvokeTarget(env, FN.thumbnails), Payload: { ...assetPayload, sizes: [128, 512, 1024] } },
                OutputPath: '$.Payload',
                TimeoutSeconds: 60,
                Retry: [lambdaServiceRetry()],
                End: true,
              },
            },
          },
          {
            StartAt: 'ExtractMetadata',
            States: {
              ExtractMetadata: {
                Type: 'Task',
                Resource: lambdaArn(env, FN.metadata),
                Parameters: assetPayload,
                TimeoutSeconds: 30,
                Retry: [lambdaServiceRetry()],
                End: true,
              },
            },
          },
          {
            StartAt: 'ScanForViruses',
            States: {
              ScanForViruses: {
                Type: 'Task',
                Resource: LAMBDA_INVOKE,
                Parameters: { FunctionName: lambdaInvokeTarget(env, FN.virusScan), Payload: assetPayload },
                OutputPath: '$.Payload',
                TimeoutSeconds: 120,
                Retry: [
                  { ErrorEquals: ['VirusScan.EngineUnavailable'], IntervalSeconds: 3, MaxAttempts: 3, BackoffRate: 2 },
                  lambdaServiceRetry(),
                ],
                End: true,
              },
            },
          },
        ],
        ResultSelector: { 'thumbnails.$': '$[0].thumbnails', 'metadata.$': '$[1]', 'scan.$': '$[2]' },
        ResultPath: '$.processing',
        Catch: [
          { ErrorEquals: ['VirusScan.InfectedFileDetected'], ResultPath: '$.error', Next: 'QuarantineAsset' },
          { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' },
        ],
        Next: 'PublishAsset',
      },
      PublishAsset: {
        Type: 'Task',
        Resource: DYNAMODB_PUT_ITEM,
        Parameters: {
          TableName: 'media-assets',
          Item: {
            assetId: { 'S.$': '$.assetId' },
            status: { S: 'PUBLISHED' },
            'thumbnailCount': { 'N.$': 'States.Format(\'{}\', States.ArrayLength($.processing.thumbnails))' },
            'durationSeconds': { 'N.$': "States.Format('{}', $.processing.metadata.durationSeconds)" },
          },
        },
        ResultPath: null,
        Retry: [{ ErrorEquals: ['DynamoDB.ProvisionedThroughputExceededException'], IntervalSeconds: 1, MaxAttempts: 4, BackoffRate: 2 }],
        End: true,
      },
      QuarantineAsset: {
        Type: 'Task',
        Resource: LAMBDA_INVOKE,
        Parameters: { FunctionName: lambdaInvokeTarget(env, FN.quarantine), Payload: { 'assetId.$': '$.assetId', 'bucket.$': '$.bucket', 'key.$': '$.key', 'finding.$': '$.error.Cause' } },
        ResultPath: null,
        Retry: [lambdaServiceRetry()],
        Next: 'Quarantined',
      },
      Quarantined: { Type: 'Succeed' },
      RecordFailure: {
        Type: 'Task',
        Resource: DYNAMODB_PUT_ITEM,
        Parameters: {
          TableName: 'media-assets',
          Item: { assetId: { 'S.$': '$.assetId' }, status: { S: 'FAILED' }, error: { 'S.$': '$.error.Error' } },
        },
        ResultPath: null,
        Next: 'ProcessingFailed',
      },
      ProcessingFailed: { Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' },
    },
  };

  return {
    name: MEDIA_PIPELINE,
    type: 'STANDARD',
    description: 'Parallel fan-out (thumbnails, metadata, virus scan) with Catch',
    definition,
    roleArn: demoRoleArn(env, MEDIA_PIPELINE, 'h2v6m9ka'),
  };
}
