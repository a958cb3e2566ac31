// IoT telemetry ingestion (JSONata). Deployed twice from one definition: as EXPRESS (high
// volume, short, logged to CloudWatch Logs at level ALL — the only way Express executions can
// be observed) and as STANDARD (`iot-ingestion-standard`), so the dashboard's
// Standard-vs-Express page compares the same work under both billing and visibility models.
import { type DemoEnv, DYNAMODB_PUT_ITEM, LAMBDA_INVOKE, SNS_PUBLISH, demoRoleArn, lambdaInvokeTarget, logGroupArn, snsTopicArn } from '../demo-env.ts';
import { FN } from '../functions.ts';
import { lambdaServiceRetry } from './retriers.ts';
import type { DemoWorkflow } from './types.ts';

export const IOT_INGESTION = 'iot-ingestion';
export const IOT_INGESTION_STANDARD = 'iot-ingestion-standard';
/** The console's naming for a state machine's vended log group. */
export const IOT_LOG_GROUP = '/aws/vendedlogs/states/iot-ingestion-Logs';

function iotDefinition(env: DemoEnv): Record<string, unknown> {
  return {
    Comment: 'Validate, normalise, enrich and store a device telemetry batch; alert on thresholds',
    QueryLanguage: 'JSONata',
    StartAt: 'ValidateTelemetry',
    States: {
      ValidateTelemetry: {
        Type: 'Choice',
        Choices: [
          {
            Condition: '{% $not($exists($states.input.deviceId)) or $count($states.input.readings) = 0 %}',
            Next: 'RejectMalformed',
          },
        ],
        Default: 'NormaliseReadings',
      },
      NormaliseReadings: {
        Type: 'Pass',
        Assign: { deviceId: '{% $states.input.deviceId %}', receivedAt: '{% $states.input.receivedAt %}' },
        Output: {
          deviceId: '{% $states.input.deviceId %}',
          firmware: '{% $states.input.firmware %}',
          readingCount: '{% $count($states.input.readings) %}',
          maxTemperatureC: '{% $round($max($states.input.readings.temperatureC), 2) %}',
          avgHumidityPct: '{% $round($average($states.input.readings.humidityPct), 1) %}',
          minBatteryPct: '{% $min($states.input.readings.batteryPct) %}',
        },
        Next: 'EnrichFromRegistry',
      },
      EnrichFromRegistry: {
        Type: 'Task',
        Resource: LAMBDA_INVOKE,
        Arguments: { FunctionName: lambdaInvokeTarget(env, FN.deviceRegistry), Payload: { deviceId: '{% $deviceId %}' } },
        Output: '{% $merge([$states.input, { "site": $states.result.Payload.site, "alertThresholdC": $states.result.Payload.alertThresholdC }]) %}',
        Retry: [lambdaServiceRetry()],
        Next: 'CheckThresholds',
      },
      CheckThresholds: {
        Type: 'Choice',
        Choices: [
          { Condition: '{% $states.input.maxTemperatureC > $states.input.alertThresholdC %}', Next: 'PublishAlert' },
          { Condition: '{% $states.input.minBatteryPct < 15 %}', Next: 'PublishAlert' },
        ],
        Default: 'StoreTelemetry',
      },
      PublishAlert: {
        Type: 'Task',
        Resource: SNS_PUBLISH,
        Arguments: {
          TopicArn: snsTopicArn(env, 'iot-alerts'),
          Message:
            '{% "Device " & $deviceId & " at " & $states.input.site & ": max " & $string($states.input.maxTemperatureC) & " °C, battery " & $string($states.input.minBatteryPct) & " %" %}',
        },
        Output: '{% $states.input %}',
        Next: 'StoreTelemetry',
      },
      StoreTelemetry: {
        Type: 'Task',
        Resource: DYNAMODB_PUT_ITEM,
        Arguments: {
          TableName: 'iot-telemetry',
          Item: {
            deviceId: { S: '{% $deviceId %}' },
            receivedAt: { S: '{% $receivedAt %}' },
            site: { S: '{% $states.input.site %}' },
            maxTemperatureC: { N: '{% $string($states.input.maxTemperatureC) %}' },
            readingCount: { N: '{% $string($states.input.readingCount) %}' },
          },
        },
        Output: { deviceId: '{% $deviceId %}', stored: true, readingCount: '{% $states.input.readingCount %}' },
        Retry: [{ ErrorEquals: ['DynamoDB.ProvisionedThroughputExceededException'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' }],
        End: true,
      },
      RejectMalformed: { Type: 'Fail', Error: 'Telemetry.Malformed', Cause: 'The message has no deviceId or no readings.' },
    },
  };
}

export function iotIngestionExpress(env: DemoEnv): DemoWorkflow {
  return {
    name: IOT_INGESTION,
    type: 'EXPRESS',
    description: 'Express telemetry ingestion, logged to CloudWatch Logs (ALL, with data)',
    definition: iotDefinition(env),
    roleArn: demoRoleArn(env, IOT_INGESTION, 'f4w1s8jd'),
    loggingConfiguration: {
      level: 'ALL',
      includeExecutionData: true,
      destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: logGroupArn(env, IOT_LOG_GROUP) } }],
    },
  };
}

export function iotIngestionStandard(env: DemoEnv): DemoWorkflow {
  return {
    name: IOT_INGESTION_STANDARD,
    type: 'STANDARD',
    description: 'The iot-ingestion definition deployed as Standard, for comparison',
    definition: iotDefinition(env),
    roleArn: demoRoleArn(env, IOT_INGESTION_STANDARD, 'f4w1s8jd'),
  };
}
